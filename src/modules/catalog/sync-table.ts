import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { canonicalJson } from '../../platform/audit/audit-log.ts';
import type { CatalogRecord } from './catalog-records.ts';
import { assignSlugs } from './slug.ts';

export type ColumnType = 'integer' | 'text' | 'jsonb';

/** A catalog table as the importer writes it; names and types are developer-written constants. */
export type TableSpec = {
  table: string;
  keyColumn: string;
  /** The columns a record's `values` fill, key column included; slug and source_hash come on top. */
  columns: readonly { name: string; type: ColumnType }[];
};

export type TableCounts = { created: number; updated: number; unchanged: number; retired: number };

type Existing = { key: string; slug: string; source_hash: string; retired: boolean };

/** SHA-256 over the record's canonical JSON: equal content, equal hash, whatever the key order. */
export function recordHash(record: CatalogRecord): string {
  return crypto.createHash('sha256').update(canonicalJson(record.values)).digest('hex');
}

/**
 * Brings one table in line with the source records: inserts new rows, rewrites rows whose hash or
 * slug changed (or that come back after being retired), leaves the rest untouched and marks rows
 * missing from the source as retired. All changed rows travel in one statement as one jsonb
 * parameter (`jsonb_to_recordset`), which both drivers send alike and PostgreSQL 15 and 18 read.
 */
export async function syncTable(tx: Queryable, spec: TableSpec, records: readonly CatalogRecord[]): Promise<TableCounts> {
  const table = sql.identifier(spec.table);
  const key = sql.identifier(spec.keyColumn);
  const existingRows = await tx.query<Existing>(
    sql`select ${key}::text as key, slug, source_hash, retired_at is not null as retired from ${table}`,
  );
  const existing = new Map(existingRows.map((row) => [row.key, row]));
  const inSource = new Set(records.map((record) => record.key));
  const gone = existingRows.filter((row) => !inSource.has(row.key));
  const slugs = assignSlugs(records, new Set(gone.map((row) => row.slug)));

  const counts: TableCounts = { created: 0, updated: 0, unchanged: 0, retired: 0 };
  const changed: Record<string, unknown>[] = [];
  for (const record of records) {
    const hash = recordHash(record);
    const slug = slugs.get(record.key)!;
    const previous = existing.get(record.key);
    if (previous && previous.source_hash === hash && previous.slug === slug && !previous.retired) {
      counts.unchanged++;
      continue;
    }
    if (previous) counts.updated++;
    else counts.created++;
    changed.push({ ...record.values, slug, source_hash: hash });
  }

  if (changed.length > 0) {
    const columns = [...spec.columns, { name: 'slug', type: 'text' as const }, { name: 'source_hash', type: 'text' as const }];
    const names = sql.join(columns.map((column) => sql.identifier(column.name)));
    const definitions = sql.join(columns.map((column) => sql`${sql.identifier(column.name)} ${sql.unsafe(column.type)}`));
    const updates = sql.join(
      columns.filter((column) => column.name !== spec.keyColumn).map((column) => sql`${sql.identifier(column.name)} = excluded.${sql.identifier(column.name)}`),
    );
    await tx.query(sql`
      insert into ${table} (${names})
      select ${names} from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as source (${definitions})
      on conflict (${key}) do update set ${updates}, updated_at = now(), retired_at = null`);
  }

  const retire = gone.filter((row) => !row.retired).map((row) => row.key);
  if (retire.length > 0) {
    const keyType = sql.unsafe(spec.columns.find((column) => column.name === spec.keyColumn)?.type ?? 'text');
    await tx.query(sql`
      update ${table} set retired_at = now(), updated_at = now()
      where ${key} in (select value::${keyType} from jsonb_array_elements_text(${JSON.stringify(retire)}::jsonb))`);
    counts.retired = retire.length;
  }
  return counts;
}
