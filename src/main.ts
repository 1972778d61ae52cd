#!/usr/bin/env node
/**
 * The `kreisportal` command: what an operator needs to run the portal.
 *   start                 migrate, seed the district (and demo accounts) when new, serve
 *   serve                 serve HTTP (and run the outbox worker)
 *   migrate               apply database migrations
 *   seed [--district F]   create or update the district and its municipalities from a seed file
 *   user add --email E --name N --tenant SLUG --role R[,R] [--password P]
 *   audit verify          check the audit log's hash chains
 *   backup --to DIR       database and blobs together
 *   restore --from DIR    into an empty instance
 */
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './platform/db/data-dir-lock.ts';
import { DatabaseUnreachableError } from './platform/db/postgres-driver.ts';
import { MigrationChangedError } from './platform/db/migrate.ts';
import { SeedFileError } from './modules/tenants/index.ts';
import { CatalogSourceError } from './modules/catalog/index.ts';
import { runCommand } from './cli/commands.ts';
import { UsageError } from './cli/runtime.ts';
import { BackupError } from './platform/backup/backup-error.ts';

const expected = [BackupError, CatalogSourceError, ConfigError, DataDirLockedError, DatabaseUnreachableError, MigrationChangedError, SeedFileError, UsageError];

try {
  loadConfig();
  const code = await runCommand(process.argv.slice(2));
  if (code !== undefined) process.exit(code);
} catch (error) {
  // Expected failures are one clear line, not a stack trace.
  if (expected.some((kind) => error instanceof kind)) {
    process.stderr.write(`kreisportal: ${(error as Error).message}\n`);
    process.exit(error instanceof UsageError ? 64 : 1);
  }
  throw error;
}
