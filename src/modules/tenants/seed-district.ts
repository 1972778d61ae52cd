import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { parseCsv } from '../../platform/csv.ts';

/** A district seed file: the Kreis itself plus CSVs of its municipalities and postcodes. */
export type DistrictFile = {
  district: { slug: string; name: string; officialName: string; ags: string; ars?: string; street?: string; postcode?: string; city?: string };
  municipalities: string;
  postcodes: string;
};

export class SeedFileError extends Error {
  override name = 'SeedFileError';
}

const transliteration: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** "Horn-Bad Meinberg" -> "horn-bad-meinberg", "Dörentrup" -> "doerentrup". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[äöüß]/g, (char) => transliteration[char] ?? char)
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** "Bad Salzuflen, Stadt" is how the statistics offices write a town's name: keep "Bad Salzuflen". */
function displayName(statisticalName: string): string {
  return statisticalName.replace(/,\s*(Stadt|Gemeinde|Hansestadt)$/u, '').trim();
}

function readDistrictFile(file: string): { spec: DistrictFile; municipalities: Record<string, string>[]; postcodes: Record<string, string>[] } {
  let spec: DistrictFile;
  try {
    spec = JSON.parse(fs.readFileSync(file, 'utf8')) as DistrictFile;
  } catch (error) {
    throw new SeedFileError(`Cannot read the district file ${file}: ${(error as Error).message}`);
  }
  if (!spec.district?.ags || !spec.district.name || !spec.municipalities || !spec.postcodes) {
    throw new SeedFileError(`The district file ${file} needs district.ags, district.name, municipalities and postcodes`);
  }
  const base = path.dirname(file);
  const municipalities = parseCsv(fs.readFileSync(path.resolve(base, spec.municipalities), 'utf8'));
  const postcodes = parseCsv(fs.readFileSync(path.resolve(base, spec.postcodes), 'utf8'));
  for (const row of municipalities) {
    if (!/^\d{8}$/.test(row.ags ?? '') || !row.ags?.startsWith(spec.district.ags)) {
      throw new SeedFileError(`Municipality ${row.name ?? '?'} has AGS ${row.ags ?? '?'}, which is not in district ${spec.district.ags}`);
    }
  }
  return { spec, municipalities, postcodes };
}

function germanDate(value: string | undefined): string | null {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value ?? '');
  return match ? `${match[3]}-${match[2]}-${match[1]}` : null;
}

/**
 * Creates or updates the district and its municipalities (keyed by AGS) and the postcode table.
 * Running it twice changes nothing; each created or changed tenant is audited.
 */
export async function seedDistrict(db: Database, file: string): Promise<{ created: number; updated: number }> {
  const { spec, municipalities, postcodes } = readDistrictFile(file);
  return db.ownerTransaction(async (tx) => {
    let created = 0;
    let updated = 0;
    const upsert = async (tenant: {
      slug: string; kind: string; name: string; officialName: string; ags: string; ars: string | null; parentId: string | null;
      street: string | null; postcode: string | null; city: string | null; areaKm2: string | null; population: number | null; populationAsOf: string | null;
    }): Promise<string> => {
      const existing = await maybeOne<{ id: string; same: boolean }>(tx, sql`
        select id, (slug, kind, name, official_name, ars, parent_id, street, postcode, city, area_km2, population, population_as_of)
          is not distinct from (${tenant.slug}, ${tenant.kind}, ${tenant.name}, ${tenant.officialName}, ${tenant.ars}, ${tenant.parentId}::uuid,
            ${tenant.street}, ${tenant.postcode}, ${tenant.city}, ${tenant.areaKm2}::numeric(10,2), ${tenant.population}::int, ${tenant.populationAsOf}::date) as same
        from tenants where ags = ${tenant.ags}`);
      if (existing?.same) return existing.id;
      const row = await maybeOne<{ id: string }>(tx, sql`
        insert into tenants (slug, kind, name, official_name, ags, ars, parent_id, street, postcode, city, area_km2, population, population_as_of)
        values (${tenant.slug}, ${tenant.kind}, ${tenant.name}, ${tenant.officialName}, ${tenant.ags}, ${tenant.ars}, ${tenant.parentId},
                ${tenant.street}, ${tenant.postcode}, ${tenant.city}, ${tenant.areaKm2}, ${tenant.population}, ${tenant.populationAsOf})
        on conflict (ags) do update set slug = excluded.slug, kind = excluded.kind, name = excluded.name, official_name = excluded.official_name,
          ars = excluded.ars, parent_id = excluded.parent_id, street = excluded.street, postcode = excluded.postcode, city = excluded.city,
          area_km2 = excluded.area_km2, population = excluded.population, population_as_of = excluded.population_as_of
        returning id`);
      const id = row!.id;
      if (existing) updated++;
      else created++;
      await appendAudit(tx, {
        tenantId: null,
        actorId: null,
        action: existing ? 'tenant.updated' : 'tenant.created',
        subjectType: 'tenant',
        subjectId: id,
        data: { ags: tenant.ags, name: tenant.name, source: path.basename(file) },
      });
      return id;
    };

    const d = spec.district;
    const districtId = await upsert({
      slug: d.slug, kind: 'kreis', name: d.name, officialName: d.officialName, ags: d.ags, ars: d.ars ?? null, parentId: null,
      street: d.street ?? null, postcode: d.postcode ?? null, city: d.city ?? null, areaKm2: null, population: null, populationAsOf: null,
    });
    for (const m of municipalities) {
      const name = displayName(m.name ?? '');
      await upsert({
        slug: slugify(name),
        kind: m.gemeindetyp === 'Stadt' ? 'stadt' : 'gemeinde',
        name,
        officialName: m.verwaltung || name,
        ags: m.ags!,
        ars: m.ars || null,
        parentId: districtId,
        street: m.strasse || null,
        postcode: m.plz_verwaltungssitz || null,
        city: m.ort || null,
        areaKm2: m.flaeche_km2 || null,
        population: m.einwohner ? Number(m.einwohner) : null,
        populationAsOf: germanDate(m.stand),
      });
    }
    for (const p of postcodes) {
      if (!/^\d{5}$/.test(p.plz ?? '') || !p.ags) continue;
      await tx.query(sql`insert into postcodes (postcode, ags, place) values (${p.plz}, ${p.ags}, ${p.ort ?? ''}) on conflict do nothing`);
    }
    return { created, updated };
  });
}
