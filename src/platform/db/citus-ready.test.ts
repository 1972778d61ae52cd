/**
 * Citus-ready schema (issue 10, docs/scaling.md): read from the live catalog after all migrations.
 * Citus distributes a table by one column and keeps rows with the same value on one node; unique
 * constraints and foreign keys between distributed tables only work when they include that
 * column. So every tenant-owned table (it has `tenant_id`) must have `tenant_id` in its primary
 * key, in every unique constraint and unique index, and in every foreign key to another
 * tenant-owned table, paired with that table's `tenant_id`. Tables that are not distributed by
 * tenant are listed here by name with their role and the reason; a new table must be added to one
 * of the lists (or follow the rule), so the decision is made when the table is written.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database, Queryable } from './database.ts';
import { sql } from './sql.ts';
import { openTestDatabase } from '../testing/test-database.ts';

/** Replicated to every node (Citus reference tables): small, read everywhere, written rarely. */
const referenceTables: Record<string, string> = {
  tenants: 'the district and its municipalities; every tenant-owned table refers to it',
  postcodes: 'seed data of the district (postcode → municipality)',
  themenfelder: 'service catalog (OZG), shared by all tenants, changed by `catalog import` only',
  lebenslagen: 'service catalog',
  ozg_leistungen: 'service catalog',
  services: 'service catalog (LeiKa); offers and cases refer to it',
  catalog_imports: 'log of catalog imports (reference data about reference data)',
  ozg_maturity_models: 'OZG maturity models, fixed by migration',
  users: 'citizens and staff act across tenants (one citizen applies in several municipalities); cases refer to users',
};

/**
 * Tables with `tenant_id` that are nevertheless shared across tenants by design: the cooperation
 * hub (ADR 9) is read by every municipality of the district, and its rows refer to other tenants'
 * rows (Lemgo's vote on Detmold's idea), which no distribution by tenant can keep on one node.
 * Hundreds of rows per district: reference tables.
 */
const sharedTenantTables: Record<string, string> = Object.fromEntries(
  [
    'hub_ideas',
    'hub_idea_votes',
    'hub_idea_comments',
    'hub_projects',
    'hub_milestones',
    'hub_status_updates',
    'hub_articles',
    'hub_events',
    'hub_registrations',
    'hub_attendance',
    'hub_decisions',
    'hub_action_items',
    'hub_action_item_completions',
    'hub_procurements',
    'hub_procurement_declarations',
    'hub_profiles',
    'hub_project_files',
    'hub_project_documents',
  ].map((name) => [name, 'cooperation hub: readable across the district, rows refer to other tenants\' rows (ADR 9)']),
);

/**
 * Kept on the coordinator only (Citus local tables): global by nature and never the target of a
 * foreign key from a distributed table. Each is a documented exception in docs/scaling.md.
 */
const coordinatorTables: Record<string, string> = {
  schema_migrations: 'migration bookkeeping',
  sessions: 'server-side sessions, looked up by token hash on every request before any tenant is known',
  account_tokens: 'one-time links (verification, password reset), looked up by hash without a tenant',
  outbox:
    'jobs of all tenants and global ones (tenant_id null) claimed by workers across tenants with skip locked; ' +
    'inserting it in a tenant transaction makes that a two-node transaction under Citus (documented cost)',
  audit_log:
    'one hash chain per tenant keyed by `chain` (text: the tenant id or "global"), tenant_id null on the global chain; ' +
    'distributing it needs the chain keyed by tenant_id (owner: src/platform/audit)',
  audit_heads: 'the head of each audit chain (as audit_log)',
  audit_seals: 'signed snapshots of all audit chain heads at once (global by nature)',
  login_failures: 'failed logins per e-mail hash, before any tenant is known (lockout)',
  login_locks: 'locked e-mail hashes (lockout), global like users and sessions',
};

/**
 * Tenant-owned tables allowed without a primary key, with the reason. Their unique constraints
 * still must include tenant_id (checked below).
 */
const withoutPrimaryKey: Record<string, string> = {
  case_status_counts:
    'derived counters (migration 0015) unique on (tenant_id, office_id, status) nulls not distinct; office_id may be null, ' +
    'so no primary key. A shard move needs `replica identity full` on it first (docs/scaling.md)',
};

type Catalog = { tables: string[]; tenantOwned: Set<string>; constraints: Constraint[]; uniqueIndexes: UniqueIndex[] };
type Constraint = { table: string; name: string; kind: 'p' | 'u' | 'f'; columns: string[]; refTable: string | null; refColumns: string[] };
type UniqueIndex = { table: string; name: string; columns: string[] };

async function readCatalog(tx: Queryable): Promise<Catalog> {
  const tables = (
    await tx.query<{ name: string }>(sql`
      select c.relname::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`)
  ).map((row) => row.name);
  const withTenant = await tx.query<{ table: string }>(sql`
    select c.relname::text as table
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attname = 'tenant_id' and not a.attisdropped`);
  const tenantOwned = new Set(withTenant.map((row) => row.table).filter((table) => !(table in sharedTenantTables) && !(table in coordinatorTables)));
  // Column lists in key order (unnest with ordinality keeps conkey's order).
  const constraints = await tx.query<Constraint>(sql`
    select c.relname::text as table, k.conname::text as name, k.contype::text as kind,
           array(select a.attname::text from unnest(k.conkey) with ordinality as u(attnum, i)
                 join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.i) as columns,
           r.relname::text as "refTable",
           coalesce(array(select a.attname::text from unnest(k.confkey) with ordinality as u(attnum, i)
                 join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum order by u.i), '{}') as "refColumns"
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_class r on r.oid = k.confrelid
    where n.nspname = 'public' and k.contype in ('p', 'u', 'f')`);
  // Unique indexes not behind a constraint (expression or partial ones included: columns only).
  const uniqueIndexes = await tx.query<UniqueIndex>(sql`
    select c.relname::text as table, ic.relname::text as name,
           array(select a.attname::text from unnest(i.indkey::int2[]) as u(attnum)
                 join pg_attribute a on a.attrelid = i.indrelid and a.attnum = u.attnum) as columns
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and i.indisunique and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`);
  return { tables, tenantOwned, constraints, uniqueIndexes };
}

function unclassifiedTables({ tables, tenantOwned }: Catalog): string[] {
  const listed = new Set([...Object.keys(referenceTables), ...Object.keys(sharedTenantTables), ...Object.keys(coordinatorTables)]);
  return tables.filter((table) => !tenantOwned.has(table) && !listed.has(table));
}

function primaryKeyViolations({ tenantOwned, constraints }: Catalog): string[] {
  return [...tenantOwned].filter((table) => {
    const primary = constraints.find((c) => c.table === table && c.kind === 'p');
    return primary ? !primary.columns.includes('tenant_id') : !(table in withoutPrimaryKey);
  });
}

function uniqueViolations({ tenantOwned, constraints, uniqueIndexes }: Catalog): string[] {
  return [
    ...constraints.filter((c) => c.kind === 'u' && tenantOwned.has(c.table) && !c.columns.includes('tenant_id')).map((c) => `${c.table}.${c.name}`),
    ...uniqueIndexes.filter((i) => tenantOwned.has(i.table) && !i.columns.includes('tenant_id')).map((i) => `${i.table}.${i.name}`),
  ];
}

function foreignKeyViolations({ tenantOwned, constraints }: Catalog): string[] {
  const violations: string[] = [];
  for (const fk of constraints.filter((c) => c.kind === 'f' && c.refTable !== null)) {
    const from = fk.table;
    const to = fk.refTable as string;
    if (tenantOwned.has(from) && tenantOwned.has(to)) {
      const position = fk.columns.indexOf('tenant_id');
      if (position < 0 || fk.refColumns[position] !== 'tenant_id') violations.push(`${from}.${fk.name} → ${to} (${fk.columns.join(', ')})`);
    } else if (tenantOwned.has(from) && !(to in referenceTables)) {
      violations.push(`${from}.${fk.name} → ${to}: a distributed table may only refer to its own tenant's rows or to reference tables`);
    } else if (!tenantOwned.has(from) && tenantOwned.has(to)) {
      violations.push(`${from}.${fk.name} → ${to}: a reference or coordinator table must not refer to a distributed table`);
    } else if ((from in referenceTables || from in sharedTenantTables) && to in coordinatorTables) {
      violations.push(`${from}.${fk.name} → ${to}: a reference table must not refer to a coordinator table`);
    }
  }
  return violations;
}

let db: Database;
let live: Catalog;

before(async () => {
  db = await openTestDatabase();
  live = await db.ownerTransaction((tx) => readCatalog(tx));
});
after(() => db.close());

test('every table is tenant-owned or listed as reference, shared or coordinator data with a reason', () => {
  assert.deepEqual(unclassifiedTables(live), [], 'tables without tenant_id that no list explains');
  const listed = [...Object.keys(referenceTables), ...Object.keys(sharedTenantTables), ...Object.keys(coordinatorTables)];
  assert.deepEqual(listed.filter((table) => !live.tables.includes(table)), [], 'listed tables that do not exist (remove them from the lists)');
  assert.deepEqual(Object.keys(referenceTables).filter((table) => live.tenantOwned.has(table)), []);
  assert.ok(live.tenantOwned.size >= 30, `${live.tenantOwned.size} tenant-owned tables found`);
  for (const reason of [...Object.values(referenceTables), ...Object.values(sharedTenantTables), ...Object.values(coordinatorTables)]) {
    assert.ok(reason.length > 10);
  }
});

test('every tenant-owned table has tenant_id in its primary key', () => {
  assert.deepEqual(primaryKeyViolations(live), []);
});

test('every unique constraint and unique index of a tenant-owned table includes tenant_id', () => {
  assert.deepEqual(uniqueViolations(live), []);
});

test('foreign keys between tenant-owned tables pair tenant_id with tenant_id; none point at coordinator tables', () => {
  assert.deepEqual(foreignKeyViolations(live), []);
});

test('the rules find each kind of violation in tables made to break them', async () => {
  const probe = await db.ownerTransaction(async (tx) => {
    await tx.query(sql`create table citus_probe_parent (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id))`);
    await tx.query(sql`
      create table citus_probe_child (
        tenant_id uuid not null, id uuid not null, parent_id uuid, code text, session text,
        primary key (id),
        constraint citus_probe_code unique (code),
        constraint citus_probe_parent_fk foreign key (tenant_id, parent_id) references citus_probe_parent (id, tenant_id),
        constraint citus_probe_session_fk foreign key (session) references sessions (token_hash))`);
    await tx.query(sql`create unique index citus_probe_lower on citus_probe_child (lower(code))`);
    await tx.query(sql`create table citus_probe_global (id int primary key)`);
    const catalog = await readCatalog(tx);
    for (const table of ['citus_probe_child', 'citus_probe_parent', 'citus_probe_global']) await tx.query(sql`drop table ${sql.identifier(table)}`);
    return catalog;
  });
  assert.deepEqual(unclassifiedTables(probe), ['citus_probe_global']);
  assert.deepEqual(primaryKeyViolations(probe), ['citus_probe_child']);
  assert.deepEqual(uniqueViolations(probe).sort(), ['citus_probe_child.citus_probe_code', 'citus_probe_child.citus_probe_lower']);
  assert.deepEqual(foreignKeyViolations(probe).map((v) => v.split(' ')[0]).sort(), ['citus_probe_child.citus_probe_parent_fk', 'citus_probe_child.citus_probe_session_fk']);
});
