import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';

export type Tenant = {
  id: string;
  slug: string;
  kind: 'kreis' | 'stadt' | 'gemeinde';
  name: string;
  officialName: string;
  ags: string;
  ars: string | null;
  parentId: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  population: number | null;
  populationAsOf: Date | null;
};

type Row = {
  id: string;
  slug: string;
  kind: Tenant['kind'];
  name: string;
  official_name: string;
  ags: string;
  ars: string | null;
  parent_id: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  population: number | null;
  population_as_of: Date | null;
};

const columns = sql`id, slug, kind, name, official_name, ags, ars, parent_id, street, postcode, city, population, population_as_of`;

function toTenant(row: Row): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    name: row.name,
    officialName: row.official_name,
    ags: row.ags,
    ars: row.ars,
    parentId: row.parent_id,
    street: row.street,
    postcode: row.postcode,
    city: row.city,
    population: row.population,
    populationAsOf: row.population_as_of,
  };
}

/** The district first, then its municipalities in alphabetical order. */
export async function listTenants(tx: Queryable): Promise<Tenant[]> {
  const rows = await tx.query<Row>(sql`select ${columns} from tenants order by kind = 'kreis' desc, name collate "C"`);
  return rows.map(toTenant).sort((a, b) => (a.kind === 'kreis' ? -1 : b.kind === 'kreis' ? 1 : a.name.localeCompare(b.name, 'de')));
}

export async function findTenantBySlug(tx: Queryable, slug: string): Promise<Tenant | undefined> {
  const row = await maybeOne<Row>(tx, sql`select ${columns} from tenants where slug = ${slug}`);
  return row && toTenant(row);
}

export async function findDistrict(tx: Queryable): Promise<Tenant | undefined> {
  const row = await maybeOne<Row>(tx, sql`select ${columns} from tenants where kind = 'kreis' order by created_at limit 1`);
  return row && toTenant(row);
}

export async function postcodesOf(tx: Queryable, ags: string): Promise<{ postcode: string; place: string }[]> {
  return tx.query(sql`select postcode, place from postcodes where ags = ${ags} order by postcode, place`);
}

/** Sitemap entries: one page per tenant. */
export async function tenantSitemap(tx: Queryable): Promise<string[]> {
  const rows = await tx.query<{ slug: string }>(sql`select slug from tenants order by slug`);
  return rows.map((row) => `/gemeinden/${row.slug}`);
}
