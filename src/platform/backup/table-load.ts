import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import type { Queryable } from '../db/database.ts';
import { sql, type SqlFragment } from '../db/sql.ts';
import { BackupError } from './backup-error.ts';
import { qualified, quoteIdent, typeCast, type Column, type TableInfo } from './catalog.ts';
import type { ManifestTable } from './manifest.ts';

type Row = (string | null)[];

/** The lines of a data file, streamed (gunzipped when it ends in `.gz`). */
async function* readLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file);
  let source: AsyncIterable<Buffer> = input;
  if (file.endsWith('.gz')) {
    const gunzip = zlib.createGunzip();
    // A read error destroys the gunzip stream with it, so the loop below sees the error.
    pipeline(input, gunzip).catch(() => {});
    source = gunzip;
  }
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source) {
    rest += decoder.write(chunk);
    let start = 0;
    for (let newline = rest.indexOf('\n'); newline !== -1; newline = rest.indexOf('\n', start)) {
      yield rest.slice(start, newline);
      start = newline + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}

function parseRow(line: string, width: number): Row | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== width) return undefined;
  return value.every((item) => item === null || typeof item === 'string') ? (value as Row) : undefined;
}

/** Each value goes in as text and through the column type's input function (see table-dump.ts). */
function insertRows(into: SqlFragment, columns: Column[], rows: Row[], overriding: boolean): SqlFragment {
  const names = sql.join(columns.map((column) => quoteIdent(column.name)));
  const tuples = sql.join(
    rows.map((row) => sql`(${sql.join(row.map((value, i) => sql`${value}::text::${typeCast(columns[i]!.type)}`))})`),
  );
  return sql`insert into ${into} (${names}) ${overriding ? sql`overriding system value` : sql``} values ${tuples}`;
}

/** The target's columns in the order of the backup's lines; the two must be the same set. */
function matchColumns(target: TableInfo, entry: ManifestTable): Column[] {
  const byName = new Map(target.columns.map((column) => [column.name, column]));
  const matched = entry.columns.flatMap((column) => {
    const found = byName.get(column.name);
    return found ? [found] : [];
  });
  if (matched.length !== entry.columns.length || matched.length !== target.columns.length || new Set(matched).size !== matched.length) {
    const backup = entry.columns.map((column) => column.name).join(', ');
    const here = target.columns.map((column) => column.name).join(', ');
    throw new BackupError(`Table ${target.name} has columns (${here}) but the backup has (${backup}); the schemas differ`);
  }
  return matched;
}

const stagingTable = sql`kreisportal_restore_staging`;

/**
 * Loads one table's data file in multi-row inserts and returns the number of rows. A table that
 * references itself is loaded into a temporary staging table first and copied over with one
 * statement, because foreign keys are checked per statement and a child row may come before
 * its parent in the file.
 */
export async function loadTable(tx: Queryable, target: TableInfo, entry: ManifestTable, file: string, selfReferencing: boolean): Promise<number> {
  const columns = matchColumns(target, entry);
  const names = sql.join(columns.map((column) => quoteIdent(column.name)));
  const overriding = target.identityAlways;
  if (selfReferencing) {
    await tx.query(sql`create temporary table ${stagingTable} on commit drop as select ${names} from ${qualified(target.name)} with no data`);
  }
  const into = selfReferencing ? stagingTable : qualified(target.name);
  // Stay well below PostgreSQL's limit of 65535 bind parameters per statement.
  const rowsPerStatement = Math.max(1, Math.min(500, Math.floor(20000 / Math.max(columns.length, 1))));
  let batch: Row[] = [];
  let count = 0;
  for await (const line of readLines(file)) {
    const row = parseRow(line, columns.length);
    if (!row) throw new BackupError(`${entry.file} line ${count + 1} is not a row of ${target.name}; the backup is damaged`);
    batch.push(row);
    count++;
    if (batch.length === rowsPerStatement) {
      await tx.query(insertRows(into, columns, batch, overriding && !selfReferencing));
      batch = [];
    }
  }
  if (batch.length > 0) await tx.query(insertRows(into, columns, batch, overriding && !selfReferencing));
  if (selfReferencing) {
    await tx.query(sql`
      insert into ${qualified(target.name)} (${names}) ${overriding ? sql`overriding system value` : sql``}
      select ${names} from ${stagingTable}`);
    await tx.query(sql`drop table ${stagingTable}`);
  }
  if (count !== entry.rows) {
    throw new BackupError(`${entry.file} holds ${count} rows but the manifest records ${entry.rows}; the backup is damaged`);
  }
  return count;
}
