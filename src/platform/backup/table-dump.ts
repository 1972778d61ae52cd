import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Queryable } from '../db/database.ts';
import { sql, type SqlFragment } from '../db/sql.ts';
import { qualified, quoteIdent, typeCast, type TableInfo } from './catalog.ts';
import { HashingStream, type Digest } from './checksum.ts';

/** Rows per query: large tables stream through in pages instead of loading into memory. */
const pageSize = 1000;

/**
 * One page after the key `after` (keyset paging: the key of the previous page's last row, so
 * each page is an index range scan, not an ever-growing OFFSET). Every value is read as
 * PostgreSQL's own text form, which its input functions turn back into exactly the same value
 * — timestamps to the microsecond, numeric scale, jsonb, bytea — on any server.
 */
function pageQuery(table: TableInfo, after: string[] | null): SqlFragment {
  const values = table.columns.map((column, i) => sql`${quoteIdent(column.name)}::text as ${sql.unsafe(`c${i}`)}`);
  // Without a primary key the physical row address orders the pages; it is stable within the
  // snapshot because no row version the snapshot sees can be removed while it is open.
  const key = table.key.length > 0 ? table.key : [{ name: 'ctid', type: 'tid' }];
  const keys = key.map((column, i) => sql`${quoteIdent(column.name)}::text as ${sql.unsafe(`k${i}`)}`);
  const order = sql.join(key.map((column) => quoteIdent(column.name)));
  const where = after
    ? sql`where (${order}) > (${sql.join(after.map((value, i) => sql`${value}::text::${typeCast(key[i]!.type)}`))})`
    : sql``;
  return sql`select ${sql.join([...values, ...keys])} from ${qualified(table.name)} ${where} order by ${order} limit ${pageSize}`;
}

/**
 * Writes a table as NDJSON, one JSON array of the columns' text values (or null) per row, and
 * returns the row count and the SHA-256 of the bytes on disk (after gzip, if chosen).
 */
export async function dumpTable(tx: Queryable, table: TableInfo, file: string, gzip: boolean): Promise<Digest & { rows: number }> {
  let rows = 0;
  async function* lines(): AsyncGenerator<Buffer> {
    let after: string[] | null = null;
    for (;;) {
      const page: Record<string, string | null>[] = await tx.query<Record<string, string | null>>(pageQuery(table, after));
      let text = '';
      for (const row of page) {
        text += `${JSON.stringify(table.columns.map((_, i) => row[`c${i}`] ?? null))}\n`;
      }
      rows += page.length;
      if (text !== '') yield Buffer.from(text, 'utf8');
      const last = page.at(-1);
      if (page.length < pageSize || last === undefined) return;
      after = Array.from({ length: Math.max(table.key.length, 1) }, (_, i) => last[`k${i}`] ?? '');
    }
  }
  const hasher = new HashingStream();
  const out = fs.createWriteStream(file, { flags: 'wx', flush: true });
  if (gzip) await pipeline(lines(), zlib.createGzip(), hasher, out);
  else await pipeline(lines(), hasher, out);
  return { rows, ...hasher.digest() };
}
