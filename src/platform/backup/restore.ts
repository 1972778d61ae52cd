import fs from 'node:fs';
import path from 'node:path';
import { verifyAudit } from '../audit/verify-audit.ts';
import type { Database, Queryable } from '../db/database.ts';
import { listMigrations, migrate, type Migration } from '../db/migrate.ts';
import { sql } from '../db/sql.ts';
import { BackupError } from './backup-error.ts';
import { blobDir, blobStoreIsEmpty, publishStagedBlobs, stageBlobs } from './blobs.ts';
import {
  describeTable,
  enabledUserTriggers,
  foreignKeyOrder,
  listSequences,
  listTables,
  migrationsTable,
  ownedSequences,
  qualified,
  qualifiedName,
  quoteIdent,
  setTriggers,
  tableExists,
  useCanonicalTextFormat,
  type TableInfo,
} from './catalog.ts';
import { digestFile } from './checksum.ts';
import { readManifest, type Manifest, type ManifestMigration } from './manifest.ts';
import { loadTable } from './table-load.ts';

/** A backup whose manifest, migrations and data files have been checked (see `checkBackup`). */
export type CheckedBackup = {
  dir: string;
  manifest: Manifest;
  /** This code's migrations that the backup was made with: its schema level. */
  migrations: Migration[];
};

export type RestoreSummary = {
  tables: number;
  rows: number;
  blobs: number;
  auditEntries: number;
  auditChains: number;
  /** Migrations newer than the backup, applied after its data was loaded. */
  migrationsApplied: string[];
};

/** Tables whose rows make an instance "in use": a restore never merges into one. */
const accountTables = ['tenants', 'users'];

/**
 * The backup's migrations must be the first migrations of this code, unchanged. Returns those
 * code migrations: the schema is built up to exactly the backup's level before loading, and
 * newer migrations run afterwards, as they would have on the original database.
 */
function matchMigrations(backup: ManifestMigration[], code: Migration[]): Migration[] {
  const sorted = [...backup].sort((a, b) => a.version - b.version);
  return sorted.map((migration, i) => {
    const ours = code[i];
    if (!ours || ours.version > migration.version) {
      throw new BackupError(`The backup was made with migration ${migration.name}, which this version of Kreisportal does not have; restore it with the version that made it or a newer one`);
    }
    if (ours.version < migration.version) throw new BackupError(`The backup lacks migration ${ours.name}; it does not come from a release of this Kreisportal`);
    if (ours.checksum !== migration.checksum) {
      throw new BackupError(`Migration ${migration.name} in the backup differs from this version's (checksum mismatch); the backup comes from another build`);
    }
    return ours;
  });
}

async function verifyDataFiles(dir: string, manifest: Manifest): Promise<void> {
  for (const table of manifest.tables) {
    const file = path.join(dir, table.file);
    if (!fs.existsSync(file)) throw new BackupError(`The backup is incomplete: ${table.file} is missing`);
    const digest = await digestFile(file);
    if (digest.sha256 !== table.sha256 || digest.bytes !== table.bytes) {
      throw new BackupError(`${table.file} does not match its checksum in the manifest; the backup is damaged`);
    }
  }
}

/** Names the account tables that hold rows (tables not created yet count as empty). */
async function tablesInUse(tx: Queryable): Promise<string[]> {
  const used: string[] = [];
  for (const table of accountTables) {
    if (!(await tableExists(tx, table))) continue;
    const rows = await tx.query(sql`select 1 from ${qualified(table)} limit 1`);
    if (rows.length > 0) used.push(table);
  }
  return used;
}

function refuseInUse(used: string[]): never {
  throw new BackupError(`The target database is not empty: it has rows in ${used.join(' and ')}; restore only into a new instance`);
}

/** Refuses a target that already has data, or a schema newer than the backup's. */
async function checkTarget(db: Database, dataDir: string, backupMigrations: Migration[]): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    const used = await tablesInUse(tx);
    if (used.length > 0) refuseInUse(used);
    if (!(await tableExists(tx, migrationsTable))) return;
    const applied = await tx.query<{ name: string; version: number }>(sql`select name, version from ${sql.identifier(migrationsTable)} order by version`);
    const known = new Set(backupMigrations.map((migration) => migration.version));
    const newer = applied.find((migration) => !known.has(migration.version));
    if (newer) {
      throw new BackupError(`The target database already has migration ${newer.name}, newer than the backup; restore into a new, unmigrated instance`);
    }
  });
  if (!(await blobStoreIsEmpty(dataDir))) {
    throw new BackupError(`The blob store ${blobDir(dataDir)} is not empty; restore only into a new instance`);
  }
}

/**
 * Sets each sequence to where it stood in the backup, so ids are never handed out twice, and at
 * least to the highest id in its column (a row may have been inserted with an explicit id).
 */
async function restoreSequences(tx: Queryable, manifest: Manifest, tables: TableInfo[]): Promise<void> {
  const present = new Set((await listSequences(tx)).map((sequence) => sequence.name));
  for (const sequence of manifest.sequences) {
    if (!present.has(sequence.name)) throw new BackupError(`The backup has sequence ${sequence.name}, which this database lacks; the schemas differ`);
    if (sequence.last_value === null) continue;
    await tx.query(sql`select setval(${qualifiedName(sequence.name)}::text::regclass, ${sequence.last_value}::text::bigint, true)`);
  }
  for (const table of tables) {
    for (const { column, sequence } of await ownedSequences(tx, table)) {
      await tx.query(sql`
        select setval(${sequence}::text::regclass, m.top)
        from (select max(${quoteIdent(column)}) as top from ${qualified(table.name)}) m
        where m.top > coalesce(pg_sequence_last_value(${sequence}::text::regclass), m.top - 1)`);
    }
  }
}

/** The database as seen from inside one open transaction, for checks before it commits. */
function insideTransaction(db: Database, tx: Queryable): Database {
  const unavailable = () => Promise.reject(new Error('Not available inside the restore transaction'));
  return {
    kind: db.kind,
    ownerTransaction<T>(work: (inner: Queryable) => Promise<T>): Promise<T> {
      return work(tx);
    },
    transaction: unavailable,
    execScript: unavailable,
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** Loads every table in foreign-key order, resets the sequences, and checks the audit chains. */
async function loadAll(db: Database, tx: Queryable, dir: string, manifest: Manifest): Promise<Omit<RestoreSummary, 'blobs' | 'migrationsApplied'>> {
  await useCanonicalTextFormat(tx);
  const used = await tablesInUse(tx);
  if (used.length > 0) refuseInUse(used);
  const tables = await listTables(tx);
  const entries = new Map(manifest.tables.map((table) => [table.name, table]));
  const missing = tables.filter((table) => !entries.has(table));
  const extra = manifest.tables.filter((table) => !tables.includes(table.name)).map((table) => table.name);
  if (missing.length > 0 || extra.length > 0 || entries.size !== manifest.tables.length) {
    throw new BackupError(`The backup's tables do not match the schema (missing: ${missing.join(', ') || '-'}; unknown: ${extra.join(', ') || '-'})`);
  }
  const { order, selfReferencing } = await foreignKeyOrder(tx, tables);
  // The backup already holds every effect triggers had on the original, so none may fire again
  // while loading (an insert trigger would stamp times or write rows twice). Only the owner's
  // own triggers are switched off, inside this transaction; foreign keys stay checked.
  const triggers = await enabledUserTriggers(tx);
  await setTriggers(tx, triggers, false);
  // Rows that migrations may have created are part of the backup too: replace, do not merge.
  if (order.length > 0) await tx.query(sql`truncate table ${sql.join(order.map(qualified))}`);
  const described: TableInfo[] = [];
  let rows = 0;
  for (const name of order) {
    const table = await describeTable(tx, name);
    described.push(table);
    rows += await loadTable(tx, table, entries.get(name)!, path.join(dir, entries.get(name)!.file), selfReferencing.has(name));
  }
  await setTriggers(tx, triggers, true);
  await restoreSequences(tx, manifest, described);
  // Checked before commit: a backup whose audit log does not verify leaves the target untouched.
  const report = await verifyAudit(insideTransaction(db, tx));
  const first = report.problems[0];
  if (first) {
    throw new BackupError(
      `The restored audit log does not verify (chain ${first.chain} entry ${first.seq ?? '-'}: ${first.problem}` +
        `${report.problems.length > 1 ? `, and ${report.problems.length - 1} more problems` : ''}); nothing was restored`,
    );
  }
  return { tables: order.length, rows, auditEntries: report.entries, auditChains: report.chains };
}

/**
 * Checks a backup without touching any database: the manifest, that its migrations are this
 * code's, and the SHA-256 of every data file. The CLI runs it before opening the target, so a
 * mistyped directory or a damaged backup leaves no trace.
 */
export async function checkBackup(from: string): Promise<CheckedBackup> {
  const dir = path.resolve(from);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new BackupError(`There is no backup directory ${dir}`);
  const manifest = readManifest(dir);
  const migrations = matchMigrations(manifest.migrations, listMigrations());
  await verifyDataFiles(dir, manifest);
  return { dir, manifest, migrations };
}

/**
 * Restores a checked backup into an empty instance: refuses a target in use, stages and checks
 * the blobs, builds the schema to the backup's level, loads all tables in one transaction,
 * and only then puts the blobs in place and applies newer migrations. A failure before the
 * commit leaves the database without data and the blob store as it was.
 */
export async function restore(db: Database, backup: CheckedBackup, options: { dataDir: string }): Promise<RestoreSummary> {
  const { dir, manifest } = backup;
  await checkTarget(db, options.dataDir, backup.migrations);
  const staging = await stageBlobs(dir, manifest.blobs, options.dataDir);
  let loaded: Awaited<ReturnType<typeof loadAll>>;
  try {
    await migrate(db, backup.migrations);
    loaded = await db.ownerTransaction((tx) => loadAll(db, tx, dir, manifest));
  } catch (error) {
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (staging) await publishStagedBlobs(staging, options.dataDir);
  const migrationsApplied = await migrate(db);
  return { ...loaded, blobs: manifest.blobs.length, migrationsApplied };
}
