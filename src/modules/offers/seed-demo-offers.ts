import path from 'node:path';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { defaultDemoOffersFile, DemoOffersFileError, openingHoursOf, readDemoOffersFile, type DemoOffice, type DemoOffer, type Targets } from './demo-seed-file.ts';
import { listTenantsWithAddress } from './tenant-store.ts';
import type { TenantRef } from './types.ts';

export type DemoSeedResult = { offices: number; offers: number; rules: number };

type Counts = DemoSeedResult;

async function insertDemoOffice(tx: Queryable, tenant: TenantRef & { street: string; postcode: string; city: string }, office: DemoOffice, website: string | null): Promise<{ id: string; created: boolean }> {
  const hours = JSON.stringify(openingHoursOf(office));
  const created = await maybeOne<{ id: string }>(tx, sql`
    insert into offices (tenant_id, name, street, postcode, city, opening_hours, opening_hours_note, website, published, demo)
    values (${tenant.id}, ${office.name}, ${tenant.street}, ${tenant.postcode}, ${tenant.city}, ${hours}::jsonb, ${office.note ?? null}, ${website}, true, true)
    on conflict (tenant_id, name) do nothing
    returning id`);
  if (created) return { id: created.id, created: true };
  const existing = await one<{ id: string }>(tx, sql`select id from offices where tenant_id = ${tenant.id} and name = ${office.name}`);
  return { id: existing.id, created: false };
}

async function insertDemoOffer(tx: Queryable, tenantId: string, officeId: string, offer: DemoOffer, maturityModel: string): Promise<boolean> {
  const level = offer.maturityLevel ?? null;
  const rows = await tx.query(sql`
    insert into offers (tenant_id, service_key, office_id, fee_cents, fee_text, processing_time_text, processing_days, required_documents,
                        online_available, online_url, maturity_level, maturity_model, published, demo)
    values (${tenantId}, ${offer.serviceKey}, ${officeId}, ${offer.feeCents}, ${offer.feeText ?? null}, ${offer.processingTimeText ?? null},
            ${offer.processingDays ?? null}, ${JSON.stringify(offer.requiredDocuments ?? [])}::jsonb, ${offer.onlineAvailable}, ${offer.onlineUrl ?? null},
            ${level}, ${level === null ? null : maturityModel}, true, true)
    on conflict (tenant_id, service_key) do nothing
    returning service_key`);
  return rows.length === 1;
}

/**
 * Seeds the demo offices, offers and responsibility rules (seeds/demo-offers.json) for the
 * district and its municipalities, in one owner transaction. Idempotent: what exists — seeded
 * before or entered by staff since — is left as it is, so running it again changes nothing and
 * never overwrites real data. Each tenant that received rows gets one audit entry. Needs the
 * district seeded and the service catalog imported.
 */
export async function seedDemoOffers(db: Database, file: string = defaultDemoOffersFile): Promise<DemoSeedResult> {
  const data = readDemoOffersFile(file);
  return db.ownerTransaction(async (tx) => {
    const tenants = await listTenantsWithAddress(tx);
    const district = tenants.find((tenant) => tenant.kind === 'kreis');
    if (!district) throw new DemoOffersFileError('Seed the district before the demo offers');
    const municipalities = tenants.filter((tenant) => tenant.parentId === district.id);
    const bySlug = new Map(tenants.map((tenant) => [tenant.slug, tenant]));
    const targets = (which: Targets) => {
      if (which === 'municipalities') return municipalities;
      if (which === 'district') return [district];
      return which.map((slug) => {
        const tenant = slug === 'district' ? district : bySlug.get(slug);
        if (!tenant) throw new DemoOffersFileError(`Unknown tenant "${slug}" in ${path.basename(file)}`);
        return tenant;
      });
    };

    const keys = [...new Set([...data.offers.map((offer) => offer.serviceKey), ...data.rules.map((rule) => rule.serviceKey)])];
    const known = new Set((await tx.query<{ key: string }>(sql`select key from services where key in (${sql.join(keys)})`)).map((row) => row.key));
    const missing = keys.filter((key) => !known.has(key));
    if (missing.length > 0) throw new DemoOffersFileError(`Import the service catalog first; unknown service keys: ${missing.join(', ')}`);

    const counts = new Map<string, Counts>();
    const count = (tenantId: string, what: keyof Counts) => {
      const entry = counts.get(tenantId) ?? { offices: 0, offers: 0, rules: 0 };
      entry[what]++;
      counts.set(tenantId, entry);
    };

    const officeIds = new Map<string, string>();
    for (const office of data.offices) {
      for (const tenant of targets(office.for)) {
        const { id, created } = await insertDemoOffice(tx, tenant, office, data.websites[tenant.slug] ?? null);
        officeIds.set(`${tenant.id}/${office.code}`, id);
        if (created) count(tenant.id, 'offices');
      }
    }
    for (const offer of data.offers) {
      for (const tenant of targets(offer.for)) {
        const officeId = officeIds.get(`${tenant.id}/${offer.office}`);
        if (!officeId) throw new DemoOffersFileError(`Offer ${offer.serviceKey}: ${tenant.slug} has no office "${offer.office}"`);
        if (await insertDemoOffer(tx, tenant.id, officeId, offer, data.maturityModel)) count(tenant.id, 'offers');
      }
    }
    for (const rule of data.rules) {
      const spec = rule.municipalities;
      const affected = spec === 'all' ? municipalities : Array.isArray(spec) ? targets(spec) : municipalities.filter((m) => !spec.except.includes(m.slug));
      for (const municipality of affected) {
        const responsible = rule.responsible === 'district' ? district.id : municipality.id;
        const rows = await tx.query(sql`
          insert into responsibility_rules (tenant_id, service_key, municipality_id, responsible_tenant_id, legal_basis, demo)
          values (${district.id}, ${rule.serviceKey}, ${municipality.id}, ${responsible}, ${rule.legalBasis}, ${rule.demo ?? false})
          on conflict (tenant_id, service_key, municipality_id) do nothing
          returning service_key`);
        if (rows.length === 1) count(district.id, 'rules');
      }
    }

    const total: DemoSeedResult = { offices: 0, offers: 0, rules: 0 };
    for (const [tenantId, created] of counts) {
      total.offices += created.offices;
      total.offers += created.offers;
      total.rules += created.rules;
      await appendAudit(tx, {
        tenantId,
        actorId: null,
        action: 'offers.demo_seeded',
        subjectType: 'tenant',
        subjectId: tenantId,
        data: { ...created, source: path.basename(file) },
      });
    }
    return total;
  });
}
