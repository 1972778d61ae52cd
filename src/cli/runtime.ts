import { loadConfig, type Config } from '../config.ts';
import type { Database } from '../platform/db/database.ts';
import { openDatabase } from '../platform/db/open-database.ts';
import { migrate } from '../platform/db/migrate.ts';

/** Opens the configured database and brings its schema up to date: the first step of most commands. */
export async function openMigrated(config: Config = loadConfig()): Promise<{ config: Config; db: Database }> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { config, db };
}

/** Reads `--name value` and `--flag` options after the command words. */
export function parseOptions(args: string[]): { positional: string[]; options: Map<string, string | true> } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const next = args[i + 1];
      if (inline !== undefined) options.set(name, inline);
      else if (next !== undefined && !next.startsWith('--')) {
        options.set(name, next);
        i++;
      } else options.set(name, true);
    } else {
      positional.push(arg);
    }
  }
  return { positional, options };
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function requireOption(options: Map<string, string | true>, name: string): string {
  const value = options.get(name);
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}
