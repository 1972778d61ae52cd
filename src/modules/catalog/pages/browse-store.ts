import type { Queryable } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';

export type ServiceLink = { key: string; name: string; slug: string };
export type OzgGroup = { ozgId: number; name: string; services: ServiceLink[] };
export type LebenslageDetail = { id: number; name: string; slug: string; themenfeld: string; groups: OzgGroup[] };

const byGerman = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'de');

/** A Lebenslage with its OZG-Leistungen and their current LeiKa services. */
export async function findLebenslage(tx: Queryable, slug: string): Promise<LebenslageDetail | undefined> {
  const head = await maybeOne<{ id: number; name: string; slug: string; themenfeld: string }>(tx, sql`
    select l.id, l.name, l.slug, t.name as themenfeld from lebenslagen l join themenfelder t on t.id = l.themenfeld_id
    where l.slug = ${slug} and l.retired_at is null`);
  if (!head) return undefined;
  const rows = await tx.query<{ ozg_id: number; ozg_name: string; key: string | null; name: string | null; slug: string | null }>(sql`
    select o.ozg_id, o.name as ozg_name, s.key, s.name, s.slug
    from ozg_leistungen o left join services s on s.ozg_id = o.ozg_id and s.retired_at is null
    where o.lebenslage_id = ${head.id} and o.retired_at is null`);
  const groups = new Map<number, OzgGroup>();
  for (const row of rows) {
    const group = groups.get(row.ozg_id) ?? { ozgId: row.ozg_id, name: row.ozg_name, services: [] };
    if (row.key && row.name && row.slug) group.services.push({ key: row.key, name: row.name, slug: row.slug });
    groups.set(row.ozg_id, group);
  }
  const sorted = [...groups.values()].sort(byGerman).map((group) => ({ ...group, services: group.services.sort(byGerman) }));
  return { ...head, groups: sorted };
}

/** The letter a service is listed under in the A–Z index: umlauts under their base letter, digits under "0-9". */
export function indexLetter(name: string): string {
  const first = name.trim().charAt(0).toLocaleUpperCase('de');
  const base = first.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (/[0-9]/.test(base)) return '0-9';
  return /[A-Z]/.test(base) ? base : '#';
}

/** All current services, for the A–Z index and the sitemap. */
export async function listServiceLinks(tx: Queryable): Promise<ServiceLink[]> {
  const rows = await tx.query<ServiceLink>(sql`select key, name, slug from services where retired_at is null`);
  return rows.sort(byGerman);
}

export type ServiceContext = { lebenslage: { name: string; slug: string } | null; themenfeld: string | null };

export async function serviceContext(tx: Queryable, ozgId: number | null): Promise<ServiceContext> {
  if (ozgId === null) return { lebenslage: null, themenfeld: null };
  const row = await maybeOne<{ name: string; slug: string; themenfeld: string }>(tx, sql`
    select l.name, l.slug, t.name as themenfeld from ozg_leistungen o
    join lebenslagen l on l.id = o.lebenslage_id join themenfelder t on t.id = l.themenfeld_id
    where o.ozg_id = ${ozgId}`);
  return row ? { lebenslage: { name: row.name, slug: row.slug }, themenfeld: row.themenfeld } : { lebenslage: null, themenfeld: null };
}

/** Sitemap entries of the catalog: topics, Lebenslagen, A–Z and every current service. */
export async function catalogSitemap(tx: Queryable): Promise<string[]> {
  const lebenslagen = await tx.query<{ slug: string }>(sql`select slug from lebenslagen where retired_at is null order by slug`);
  const services = await tx.query<{ slug: string }>(sql`select slug from services where retired_at is null order by slug`);
  return ['/themen', '/leistungen/a-z', ...lebenslagen.map((l) => `/themen/${l.slug}`), ...services.map((s) => `/leistungen/${s.slug}`)];
}
