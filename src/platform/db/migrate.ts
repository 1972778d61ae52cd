import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database.ts';
import { sql } from './sql.ts';

const migrationsDir = path.join(import.meta.dirname, 'migrations');

export type Migration = { version: number; name: string; text: string; checksum: string };

/** The migration files in order: `NNNN_name.sql`, forward only (ADR 0004). */
export function listMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        text,
        checksum: crypto.createHash('sha256').update(text).digest('hex'),
      };
    });
}

export class MigrationChangedError extends Error {
  override name = 'MigrationChangedError';
}

/**
 * Applies the migrations not yet applied, each in its own transaction together with its row in
 * `schema_migrations`. An applied migration whose file changed stops everything: migrations are
 * never edited once released, a change is a new migration.
 */
export async function migrate(db: Database, migrations = listMigrations()): Promise<string[]> {
  await db.execScript(`
    create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
  const applied = await db.ownerTransaction((tx) =>
    tx.query<{ version: number; name: string; checksum: string }>(sql`select version, name, checksum from schema_migrations`),
  );
  const byVersion = new Map(applied.map((row) => [row.version, row]));
  const done: string[] = [];
  for (const migration of migrations) {
    const previous = byVersion.get(migration.version);
    if (previous) {
      if (previous.checksum !== migration.checksum) {
        throw new MigrationChangedError(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
      }
      continue;
    }
    await db.execScript(
      `begin;\n${migration.text}\n;insert into schema_migrations (version, name, checksum) values (${migration.version}, '${migration.name}', '${migration.checksum}');\ncommit;`,
    );
    done.push(migration.name);
  }
  return done;
}
