import path from 'node:path';
import type { Database } from './database.ts';
import { openPglite } from './pglite-driver.ts';
import { openPostgres } from './postgres-driver.ts';

/** PostgreSQL when a server is configured, otherwise the embedded database in `dataDir/db`. */
export function openDatabase(options: { databaseUrl: string | undefined; dataDir: string; poolSize: number }): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize);
  return openPglite({ dataDir: path.join(options.dataDir, 'db') });
}
