import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import type { Law, LegalReference } from './legal-basis.ts';
import { isLeikaKey } from './service-key.ts';

/** A service of the catalog; `inLeika` is false for local keys ("nicht im LeiKa"). */
export type Service = {
  key: string;
  inLeika: boolean;
  name: string;
  slug: string;
  typisierung: string | null;
  ozgId: number | null;
  ozgLeistung: string | null;
  verrichtungCode: string | null;
  verrichtung: string | null;
  legalBasis: string | null;
  legalReferences: LegalReference[];
  laws: Law[];
  updatedAt: Date;
  /** Set when the service is no longer in the imported catalog. */
  retiredAt: Date | null;
};

type ServiceRow = {
  key: string;
  name: string;
  slug: string;
  typisierung: string | null;
  ozg_id: number | null;
  ozg_leistung: string | null;
  verrichtung_code: string | null;
  verrichtung: string | null;
  legal_basis: string | null;
  legal_references: LegalReference[];
  laws: Law[];
  updated_at: Date;
  retired_at: Date | null;
};

const serviceColumns = sql`
  s.key, s.name, s.slug, s.typisierung, s.ozg_id, o.name as ozg_leistung, s.verrichtung_code, s.verrichtung,
  s.legal_basis, s.legal_references, s.laws, s.updated_at, s.retired_at
  from services s left join ozg_leistungen o on o.ozg_id = s.ozg_id`;

function toService(row: ServiceRow): Service {
  return {
    key: row.key,
    inLeika: isLeikaKey(row.key),
    name: row.name,
    slug: row.slug,
    typisierung: row.typisierung,
    ozgId: row.ozg_id,
    ozgLeistung: row.ozg_leistung,
    verrichtungCode: row.verrichtung_code,
    verrichtung: row.verrichtung,
    legalBasis: row.legal_basis,
    legalReferences: row.legal_references,
    laws: row.laws,
    updatedAt: row.updated_at,
    retiredAt: row.retired_at,
  };
}

/** By LeiKa key or local key; retired services too (their pages can say so). */
export async function findServiceByKey(tx: Queryable, key: string): Promise<Service | undefined> {
  const row = await maybeOne<ServiceRow>(tx, sql`select ${serviceColumns} where s.key = ${key}`);
  return row && toService(row);
}

export async function findServiceBySlug(tx: Queryable, slug: string): Promise<Service | undefined> {
  const row = await maybeOne<ServiceRow>(tx, sql`select ${serviceColumns} where s.slug = ${slug}`);
  return row && toService(row);
}

/** Services in the current catalog (retired ones not counted). */
export async function countServices(tx: Queryable): Promise<number> {
  const row = await one<{ n: number }>(tx, sql`select count(*)::int as n from services where retired_at is null`);
  return row.n;
}

export type Lebenslage = {
  id: number;
  name: string;
  slug: string;
  themenfeld: { id: number; name: string; slug: string };
};

/** Current Lebenslagen grouped by Themenfeld, both in German alphabetical order. */
export async function listLebenslagen(tx: Queryable): Promise<Lebenslage[]> {
  const rows = await tx.query<{ id: number; name: string; slug: string; themenfeld_id: number; themenfeld_name: string; themenfeld_slug: string }>(sql`
    select l.id, l.name, l.slug, t.id as themenfeld_id, t.name as themenfeld_name, t.slug as themenfeld_slug
    from lebenslagen l join themenfelder t on t.id = l.themenfeld_id
    where l.retired_at is null and t.retired_at is null`);
  // Sorted here, not by the database: PGlite has no ICU collation for German.
  return rows
    .map((row) => ({ id: row.id, name: row.name, slug: row.slug, themenfeld: { id: row.themenfeld_id, name: row.themenfeld_name, slug: row.themenfeld_slug } }))
    .sort((a, b) => a.themenfeld.name.localeCompare(b.themenfeld.name, 'de') || a.name.localeCompare(b.name, 'de'));
}
