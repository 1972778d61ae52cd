import type { Queryable } from '../db/database.ts';
import { sql, type SqlFragment } from '../db/sql.ts';
import { BackupError } from './backup-error.ts';

/**
 * What backup and restore need to know about the public schema, read from PostgreSQL's own
 * catalog (identical on PGlite and a server). Names and types that end up in SQL text come from
 * the catalog of the database being queried, never from a backup's manifest.
 */

export type Column = { name: string; type: string };

export type TableInfo = {
  name: string;
  /** Stored columns in table order; generated columns are left out (they are recomputed). */
  columns: Column[];
  /** Primary key columns for keyset paging; empty when the table has none (ctid is used). */
  key: Column[];
  /** Has a `generated always as identity` column, which needs `overriding system value`. */
  identityAlways: boolean;
};

/** The migrations' own bookkeeping: restore writes it by migrating, so it is not backed up. */
export const migrationsTable = 'schema_migrations';

/** Quotes a catalog name as an SQL identifier. */
export function quoteIdent(name: string): SqlFragment {
  return sql.unsafe(`"${name.replaceAll('"', '""')}"`);
}

export function qualifiedName(table: string): string {
  return `public."${table.replaceAll('"', '""')}"`;
}

export function qualified(table: string): SqlFragment {
  return sql.unsafe(qualifiedName(table));
}

/** A type name from the catalog (`format_type`), spliced after `::` in casts. */
export function typeCast(type: string): SqlFragment {
  return sql.unsafe(type);
}

/**
 * Fixes every setting that changes how values are written as or read from text, so a backup
 * reads back identically on any server whatever its configuration. Local to the transaction.
 */
export async function useCanonicalTextFormat(tx: Queryable): Promise<void> {
  await tx.query(sql`
    select set_config('timezone', 'UTC', true), set_config('datestyle', 'ISO, YMD', true),
           set_config('intervalstyle', 'postgres', true), set_config('bytea_output', 'hex', true),
           set_config('extra_float_digits', '3', true)`);
}

export async function tableExists(tx: Queryable, table: string): Promise<boolean> {
  const rows = await tx.query<{ present: boolean }>(sql`select to_regclass(${qualifiedName(table)}) is not null as present`);
  return rows[0]?.present === true;
}

/** All base tables of the public schema except the migrations' bookkeeping, by name. */
export async function listTables(tx: Queryable): Promise<string[]> {
  const rows = await tx.query<{ name: string }>(sql`
    select table_name::text as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> ${migrationsTable}
    order by table_name`);
  return rows.map((row) => row.name);
}

export async function describeTable(tx: Queryable, table: string): Promise<TableInfo> {
  const relation = qualifiedName(table);
  const columns = await tx.query<{ name: string; type: string; identity: string; generated: string; key_position: number | null }>(sql`
    select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type,
           a.attidentity::text as identity, a.attgenerated::text as generated,
           array_position(i.indkey::int2[], a.attnum) as key_position
    from pg_attribute a
    left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
    where a.attrelid = ${relation}::text::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`);
  const stored = columns.filter((column) => column.generated === '');
  const key = columns
    .filter((column) => column.key_position !== null)
    .sort((a, b) => (a.key_position ?? 0) - (b.key_position ?? 0))
    .map(({ name, type }) => ({ name, type }));
  return {
    name: table,
    columns: stored.map(({ name, type }) => ({ name, type })),
    key,
    identityAlways: columns.some((column) => column.identity === 'a'),
  };
}

/**
 * Orders tables so every table comes after the tables it references (Kahn's algorithm, ties by
 * name). A table that references itself is reported separately: its rows must go in with one
 * statement, because PostgreSQL checks a foreign key at the end of each statement, not per row.
 * A cycle between different tables could only be loaded with deferrable constraints: refused.
 */
export async function foreignKeyOrder(tx: Queryable, tables: string[]): Promise<{ order: string[]; selfReferencing: Set<string> }> {
  const edges = await tx.query<{ child: string; parent: string }>(sql`
    select distinct child.relname::text as child, parent.relname::text as parent
    from pg_constraint c
    join pg_class child on child.oid = c.conrelid
    join pg_class parent on parent.oid = c.confrelid
    where c.contype = 'f' and child.relnamespace = 'public'::regnamespace and parent.relnamespace = 'public'::regnamespace`);
  const known = new Set(tables);
  const selfReferencing = new Set<string>();
  const parents = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const { child, parent } of edges) {
    if (!known.has(child) || !known.has(parent)) continue;
    if (child === parent) selfReferencing.add(child);
    else parents.get(child)!.add(parent);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((table) => !placed.has(table) && [...parents.get(table)!].every((parent) => placed.has(parent)));
    if (ready.length === 0) {
      const rest = tables.filter((table) => !placed.has(table));
      throw new BackupError(`The tables ${rest.join(', ')} reference each other in a cycle; restore cannot order them`);
    }
    for (const table of ready) {
      order.push(table);
      placed.add(table);
    }
  }
  return { order, selfReferencing };
}

export type SequenceState = { name: string; last_value: string | null };

/** Every sequence of the public schema and its last value (null: never used). */
export async function listSequences(tx: Queryable): Promise<SequenceState[]> {
  return tx.query<SequenceState>(sql`
    select sequencename::text as name, last_value::text as last_value
    from pg_sequences where schemaname = 'public' order by sequencename`);
}

/** The sequences that feed identity or serial columns of a table, with their column. */
export async function ownedSequences(tx: Queryable, table: TableInfo): Promise<{ column: string; sequence: string }[]> {
  const relation = qualifiedName(table.name);
  const rows = await tx.query<{ column: string; sequence: string | null }>(sql`
    select a.attname::text as column, pg_get_serial_sequence(${relation}, a.attname) as sequence
    from pg_attribute a
    where a.attrelid = ${relation}::text::regclass and a.attnum > 0 and not a.attisdropped`);
  return rows.flatMap((row) => (row.sequence === null ? [] : [{ column: row.column, sequence: row.sequence }]));
}

export type Trigger = { table: string; name: string };

/** The enabled triggers written by migrations (not the internal ones behind foreign keys). */
export async function enabledUserTriggers(tx: Queryable): Promise<Trigger[]> {
  return tx.query<Trigger>(sql`
    select c.relname::text as table, t.tgname::text as name
    from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where c.relnamespace = 'public'::regnamespace and not t.tgisinternal and t.tgenabled <> 'D'
    order by 1, 2`);
}

export async function setTriggers(tx: Queryable, triggers: Trigger[], enabled: boolean): Promise<void> {
  for (const trigger of triggers) {
    await tx.query(sql`alter table ${qualified(trigger.table)} ${enabled ? sql`enable` : sql`disable`} trigger ${quoteIdent(trigger.name)}`);
  }
}
