import fs from 'node:fs';
import path from 'node:path';
import { one, type Database } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { BackupError } from './backup-error.ts';
import { backupBlobs, blobDir } from './blobs.ts';
import { describeTable, listSequences, listTables, migrationsTable, tableExists, useCanonicalTextFormat } from './catalog.ts';
import { manifestFormat, manifestFormatVersion, writeManifest, type Manifest, type ManifestMigration, type ManifestTable } from './manifest.ts';
import { dumpTable } from './table-dump.ts';

export type BackupOptions = {
  /** The backup directory: new or empty. */
  to: string;
  /** The instance's data directory, whose `blobs` are backed up with the database. */
  dataDir: string;
  gzip?: boolean;
};

export type BackupSummary = { dir: string; tables: number; rows: number; blobs: number; blobBytes: number };

/** Creates the backup directory or accepts an empty one; returns whether it was created. */
function prepareDirectory(dir: string): boolean {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    return true;
  }
  if (!fs.statSync(dir).isDirectory()) throw new BackupError(`${dir} exists and is not a directory`);
  if (fs.readdirSync(dir).length > 0) throw new BackupError(`${dir} is not empty; write each backup to a new directory`);
  return false;
}

function dataFileName(table: string, index: number, gzip: boolean): string {
  // Table names become file names; anything unusual gets a neutral name (the manifest maps it).
  const base = /^[A-Za-z0-9_]+$/.test(table) ? table : `table_${index}`;
  return `${base}.ndjson${gzip ? '.gz' : ''}`;
}

/**
 * A logical backup that any Kreisportal database can restore, embedded or server: every table of
 * the public schema as NDJSON in PostgreSQL's text forms, the blob store, and a manifest with
 * checksums. All tables come from one snapshot, so on PostgreSQL the portal may keep running
 * (the embedded database admits one process only: stop the portal first).
 */
export async function backup(db: Database, options: BackupOptions): Promise<BackupSummary> {
  const dir = path.resolve(options.to);
  const blobs = path.resolve(blobDir(options.dataDir));
  if (dir === blobs || dir.startsWith(`${blobs}${path.sep}`)) throw new BackupError('The backup directory cannot be inside the blob store');
  const gzip = options.gzip ?? false;
  const created = prepareDirectory(dir);
  try {
    const database = await db.ownerTransaction(async (tx) => {
      // Must come first in the transaction: one snapshot for all tables, so rows that reference
      // each other are consistent while the portal keeps writing (PGlite accepts it as well).
      await tx.query(sql`set transaction isolation level repeatable read, read only`);
      await useCanonicalTextFormat(tx);
      if (!(await tableExists(tx, migrationsTable))) {
        throw new BackupError('The database has no Kreisportal schema yet; there is nothing to back up');
      }
      const started = await one<{ now: Date; server_version: string }>(tx, sql`select now(), current_setting('server_version') as server_version`);
      const migrations = await tx.query<ManifestMigration>(sql`select version, name, checksum from ${sql.identifier(migrationsTable)} order by version`);
      const tables: ManifestTable[] = [];
      for (const [index, name] of (await listTables(tx)).entries()) {
        const table = await describeTable(tx, name);
        const file = dataFileName(name, index, gzip);
        const written = await dumpTable(tx, table, path.join(dir, file), gzip);
        tables.push({ name, file, columns: table.columns, ...written });
      }
      const sequences = await listSequences(tx);
      return { started, migrations, tables, sequences };
    });
    // After the snapshot: blobs are written before the rows naming them commit, so every blob the
    // snapshot refers to exists by now; blobs added since are harmless extras.
    const blobList = await backupBlobs(options.dataDir, dir);
    const manifest: Manifest = {
      format: manifestFormat,
      format_version: manifestFormatVersion,
      created_at: database.started.now.toISOString(),
      source: { kind: db.kind, server_version: database.started.server_version },
      migrations: database.migrations,
      tables: database.tables,
      sequences: database.sequences,
      blobs: blobList,
    };
    writeManifest(dir, manifest);
    return {
      dir,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((sum, table) => sum + table.rows, 0),
      blobs: blobList.length,
      blobBytes: blobList.reduce((sum, blob) => sum + blob.bytes, 0),
    };
  } catch (error) {
    // The directory was new or empty, so everything in it now belongs to this failed backup.
    if (created) fs.rmSync(dir, { recursive: true, force: true });
    else for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    throw error;
  }
}
