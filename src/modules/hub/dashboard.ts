/**
 * The OZG dashboard's data: which municipality offers which service at which maturity level
 * (published offers only — public information), and the daily snapshots of those counts that
 * make the progress over time. Reads run in any scope: offers are public when published, the
 * catalog and tenants are reference data, snapshots are readable by all (migration 0013).
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';

export type DashboardFilter = { themenfeld: number | null; lebenslage: number | null; minLevel: number | null; tenant: string | null };

export type MatrixRow = { serviceKey: string; serviceName: string; serviceSlug: string; themenfeld: string; lebenslage: string };
export type MatrixCell = { tenantId: string; serviceKey: string; level: number | null; conform: boolean; online: boolean };
export type DashboardTenant = { id: string; slug: string; name: string; kind: string };

export type Matrix = { tenants: DashboardTenant[]; rows: MatrixRow[]; cells: Map<string, MatrixCell> };

export const cellKey = (tenantId: string, serviceKey: string) => `${tenantId}/${serviceKey}`;

/** The district's tenants (the Kreis first), or only the one chosen. */
export async function dashboardTenants(tx: Queryable, filter: Pick<DashboardFilter, 'tenant'>): Promise<DashboardTenant[]> {
  return tx.query<DashboardTenant>(sql`
    select id, slug, name, kind from tenants where ${filter.tenant === null ? sql`true` : sql`slug = ${filter.tenant}`}
    order by (kind = 'kreis') desc, name`);
}

export async function loadMatrix(tx: Queryable, filter: DashboardFilter): Promise<Matrix> {
  const tenants = await dashboardTenants(tx, filter);
  const tenantIds = tenants.map((tenant) => tenant.id);
  const cells = await tx.query<MatrixCell>(sql`
    select o.tenant_id as "tenantId", o.service_key as "serviceKey", o.maturity_level as level, o.online_available as online,
           coalesce(o.maturity_level >= m.conform_from, false) as conform
    from offers o left join ozg_maturity_models m on m.name = o.maturity_model
    join services s on s.key = o.service_key
    left join ozg_leistungen l on l.ozg_id = s.ozg_id left join lebenslagen ll on ll.id = l.lebenslage_id
    where o.published and o.tenant_id = any(${tenantIds}::uuid[])
      and ${filter.themenfeld === null ? sql`true` : sql`ll.themenfeld_id = ${filter.themenfeld}`}
      and ${filter.lebenslage === null ? sql`true` : sql`ll.id = ${filter.lebenslage}`}`);
  const minLevel = filter.minLevel;
  const keep = new Set(cells.filter((cell) => minLevel === null || (cell.level ?? -1) >= minLevel).map((cell) => cell.serviceKey));
  const rows = keep.size === 0 ? [] : await tx.query<MatrixRow>(sql`
    select s.key as "serviceKey", s.name as "serviceName", s.slug as "serviceSlug",
           coalesce(tf.name, '–') as themenfeld, coalesce(ll.name, '–') as lebenslage
    from services s left join ozg_leistungen l on l.ozg_id = s.ozg_id left join lebenslagen ll on ll.id = l.lebenslage_id
    left join themenfelder tf on tf.id = ll.themenfeld_id
    where s.key = any(${[...keep]}::text[])
    order by tf.name nulls last, ll.name nulls last, s.name`);
  return { tenants, rows, cells: new Map(cells.filter((cell) => keep.has(cell.serviceKey)).map((cell) => [cellKey(cell.tenantId, cell.serviceKey), cell])) };
}

export type FilterChoices = { themenfelder: { id: number; name: string }[]; lebenslagen: { id: number; name: string; themenfeldId: number }[] };

/** Only Themenfelder and Lebenslagen that have a published offer in the district: the rest would filter to nothing. */
export async function filterChoices(tx: Queryable): Promise<FilterChoices> {
  const rows = await tx.query<{ tf_id: number; tf_name: string; ll_id: number; ll_name: string }>(sql`
    select distinct tf.id as tf_id, tf.name as tf_name, ll.id as ll_id, ll.name as ll_name
    from offers o join services s on s.key = o.service_key join ozg_leistungen l on l.ozg_id = s.ozg_id
    join lebenslagen ll on ll.id = l.lebenslage_id join themenfelder tf on tf.id = ll.themenfeld_id
    where o.published order by tf.name, ll.name`);
  const themenfelder = new Map(rows.map((row) => [row.tf_id, row.tf_name]));
  return {
    themenfelder: [...themenfelder].map(([id, name]) => ({ id, name })),
    lebenslagen: rows.map((row) => ({ id: row.ll_id, name: row.ll_name, themenfeldId: row.tf_id })),
  };
}

export type SnapshotPoint = { takenOn: string; offers: number; online: number; conform: number; demo: boolean };

/** The history summed over the chosen tenants, one point per day with a snapshot. */
export async function loadHistory(tx: Queryable, tenantIds: string[]): Promise<SnapshotPoint[]> {
  return tx.query<SnapshotPoint>(sql`
    select taken_on::text as "takenOn", sum(offers)::int as offers, sum(online)::int as online, sum(conform)::int as conform, bool_or(demo) as demo
    from ozg_maturity_snapshots where tenant_id = any(${tenantIds}::uuid[])
    group by taken_on order by taken_on`);
}

const countsSql = sql`
  select t.id as tenant_id, count(o.service_key)::int as offers,
    count(*) filter (where o.online_available)::int as online,
    count(*) filter (where o.maturity_level >= m.conform_from)::int as conform
  from tenants t
  left join offers o on o.tenant_id = t.id and o.published
  left join ozg_maturity_models m on m.name = o.maturity_model
  group by t.id`;

/**
 * Records today's snapshot of every tenant's published offers (periodic task `ozg.snapshot`, as
 * the owner). Idempotent: a second run on the same day replaces that day's row, and a demo row
 * of the day becomes a real one.
 */
export async function recordMaturitySnapshots(db: Database, takenOn: string): Promise<number> {
  return db.ownerTransaction(async (tx) => {
    const rows = await tx.query(sql`
      with counts as (${countsSql}),
      levels as (
        select o.tenant_id, jsonb_object_agg(level, n) as by_level from (
          select tenant_id, coalesce(maturity_level::text, 'none') as level, count(*)::int as n from offers where published group by 1, 2
        ) o group by o.tenant_id)
      insert into ozg_maturity_snapshots (tenant_id, taken_on, offers, online, conform, by_level, demo)
      select c.tenant_id, ${takenOn}::date, c.offers, c.online, c.conform, coalesce(l.by_level, '{}'), false
      from counts c left join levels l on l.tenant_id = c.tenant_id
      on conflict (tenant_id, taken_on) do update set offers = excluded.offers, online = excluded.online,
        conform = excluded.conform, by_level = excluded.by_level, demo = false
      returning tenant_id`);
    return rows.length;
  });
}
