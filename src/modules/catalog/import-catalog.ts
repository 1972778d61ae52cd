import path from 'node:path';
import type { Database } from '../../platform/db/database.ts';
import { one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { buildCatalogRecords } from './catalog-records.ts';
import { readCatalogSource } from './read-source.ts';
import { syncTable, type TableCounts, type TableSpec } from './sync-table.ts';

/** The catalog shipped with the application (see seeds/catalog/SOURCES.md). */
export const defaultCatalogDir = path.resolve(import.meta.dirname, '..', '..', '..', 'seeds', 'catalog');

const tables = {
  themenfelder: { table: 'themenfelder', keyColumn: 'id', columns: [{ name: 'id', type: 'integer' }, { name: 'name', type: 'text' }] },
  lebenslagen: {
    table: 'lebenslagen',
    keyColumn: 'id',
    columns: [{ name: 'id', type: 'integer' }, { name: 'name', type: 'text' }, { name: 'themenfeld_id', type: 'integer' }],
  },
  ozgLeistungen: {
    table: 'ozg_leistungen',
    keyColumn: 'ozg_id',
    columns: [{ name: 'ozg_id', type: 'integer' }, { name: 'name', type: 'text' }, { name: 'lebenslage_id', type: 'integer' }],
  },
  services: {
    table: 'services',
    keyColumn: 'key',
    columns: [
      { name: 'key', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'typisierung', type: 'text' },
      { name: 'ozg_id', type: 'integer' },
      { name: 'verrichtung', type: 'text' },
      { name: 'legal_basis', type: 'text' },
      { name: 'legal_references', type: 'jsonb' },
      { name: 'laws', type: 'jsonb' },
    ],
  },
} as const satisfies Record<string, TableSpec>;

export type CatalogImportResult = {
  importId: number;
  themenfelder: TableCounts;
  lebenslagen: TableCounts;
  ozgLeistungen: TableCounts;
  services: TableCounts;
  /** Sums over the four tables. */
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
  /** LeiKa rows with a malformed key (test data in the 2019 snapshot), not imported. */
  skippedRows: number;
  /** LeiKa rows repeating an earlier row's key: the first row wins. */
  duplicateRows: number;
  /** SHA-256 of each source file. */
  sourceHashes: Record<string, string>;
  durationMs: number;
};

/**
 * Imports the OZG taxonomy and the LeiKa services from `dir` (seeds/catalog by default).
 * All files are read and checked first (a `CatalogSourceError` leaves the database untouched),
 * then everything is written in one owner transaction: new rows inserted, changed rows updated in
 * place, unchanged rows left alone, vanished rows retired. Importing the same files twice changes
 * nothing. Each run is recorded in `catalog_imports` and audited once ('catalog.imported').
 */
export async function importCatalog(db: Database, dir: string = defaultCatalogDir): Promise<CatalogImportResult> {
  const result = await writeCatalog(db, dir);
  // Fresh statistics, so the planner uses the search indexes at once (PGlite has no autovacuum;
  // on a server it would take a while). Outside the transaction: it is maintenance, not data.
  await db.ownerTransaction((tx) => tx.query(sql`analyze themenfelder, lebenslagen, ozg_leistungen, services`));
  return result;
}

async function writeCatalog(db: Database, dir: string): Promise<CatalogImportResult> {
  const started = new Date();
  const source = readCatalogSource(dir);
  const records = buildCatalogRecords(source);
  return db.ownerTransaction(async (tx) => {
    // One import at a time: a second waits here instead of computing changes from stale rows.
    // Share row exclusive conflicts with itself but not with readers.
    await tx.query(sql`lock table catalog_imports in share row exclusive mode`);
    // Parents first: the foreign keys are checked row by row.
    const themenfelder = await syncTable(tx, tables.themenfelder, records.themenfelder);
    const lebenslagen = await syncTable(tx, tables.lebenslagen, records.lebenslagen);
    const ozgLeistungen = await syncTable(tx, tables.ozgLeistungen, records.ozgLeistungen);
    const services = await syncTable(tx, tables.services, records.services);
    const perTable = { themenfelder, lebenslagen, ozgLeistungen, services };
    const all = Object.values(perTable);
    const sum = (name: keyof TableCounts) => all.reduce((total, counts) => total + counts[name], 0);
    const totals = { created: sum('created'), updated: sum('updated'), unchanged: sum('unchanged'), retired: sum('retired') };
    const details = { tables: perTable, skipped: records.skipped, duplicates: records.duplicates };
    const { id } = await one<{ id: number }>(tx, sql`
      insert into catalog_imports (started_at, source_hashes, created, updated, unchanged, retired, skipped_rows, duplicate_rows, details)
      values (${started.toISOString()}, ${JSON.stringify(source.hashes)}::jsonb, ${totals.created}, ${totals.updated}, ${totals.unchanged},
              ${totals.retired}, ${records.skipped.length}, ${records.duplicates.length}, ${JSON.stringify(details)}::jsonb)
      returning id`);
    // One summary entry per run, not one per row: the per-row story is the source files' hashes.
    await appendAudit(tx, {
      tenantId: null,
      actorId: null,
      action: 'catalog.imported',
      subjectType: 'catalog_import',
      subjectId: String(id),
      data: { ...totals, tables: perTable, skippedRows: records.skipped.length, duplicateRows: records.duplicates.length, sourceHashes: source.hashes },
    });
    return {
      importId: id,
      ...perTable,
      ...totals,
      skippedRows: records.skipped.length,
      duplicateRows: records.duplicates.length,
      sourceHashes: source.hashes,
      durationMs: Date.now() - started.getTime(),
    };
  });
}
