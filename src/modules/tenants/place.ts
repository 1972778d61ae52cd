import type { Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { slugify } from './seed-district.ts';
import { listTenants, type Tenant } from './store.ts';

export type PlaceResult =
  | { kind: 'found'; tenant: Tenant }
  | { kind: 'ambiguous'; tenants: Tenant[] }
  | { kind: 'outside' }
  | { kind: 'unknown' };

/**
 * Finds the municipality a citizen lives in from what they typed: a municipality's name or slug,
 * a place (Ortsteil) from the postcode table, or a postcode. A postcode that spans several
 * municipalities is ambiguous and the citizen is asked which; names match with umlauts and ß
 * written either way ("Lügde", "Luegde", "luegde").
 */
export async function resolvePlace(tx: Queryable, input: string): Promise<PlaceResult> {
  const municipalities = (await listTenants(tx)).filter((tenant) => tenant.kind !== 'kreis');
  const byAgs = new Map(municipalities.map((tenant) => [tenant.ags, tenant]));
  const text = input.trim();
  if (/^\d{5}$/.test(text)) {
    const rows = await tx.query<{ ags: string }>(sql`select distinct ags from postcodes where postcode = ${text} order by ags`);
    const tenants = rows.map((row) => byAgs.get(row.ags)).filter((tenant): tenant is Tenant => tenant !== undefined);
    if (tenants.length === 1) return { kind: 'found', tenant: tenants[0]! };
    if (tenants.length > 1) return { kind: 'ambiguous', tenants };
    return { kind: 'outside' };
  }
  const wanted = slugify(text.replace(/,\s*(stadt|gemeinde)$/i, ''));
  if (wanted === '') return { kind: 'unknown' };
  const exact = municipalities.find((tenant) => tenant.slug === wanted);
  if (exact) return { kind: 'found', tenant: exact };
  const places = await tx.query<{ ags: string; place: string }>(sql`select distinct ags, place from postcodes`);
  const matches = [...new Set(places.filter((row) => slugify(row.place) === wanted).map((row) => row.ags))]
    .map((ags) => byAgs.get(ags))
    .filter((tenant): tenant is Tenant => tenant !== undefined);
  if (matches.length === 1) return { kind: 'found', tenant: matches[0]! };
  if (matches.length > 1) return { kind: 'ambiguous', tenants: matches };
  return { kind: 'unknown' };
}
