import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import type { Offer, OfferInput, TenantRef } from './types.ts';
import { tenantColumns, toTenantRef, type TenantRow } from './tenant-store.ts';

type OfferRow = {
  tenant_id: string;
  service_key: string;
  service_name: string;
  service_slug: string;
  office_id: string | null;
  fee_cents: number | null;
  fee_text: string | null;
  processing_time_text: string | null;
  processing_days: number | null;
  required_documents: unknown;
  online_available: boolean;
  online_url: string | null;
  maturity_level: number | null;
  maturity_model: string | null;
  published: boolean;
  demo: boolean;
  updated_at: Date;
};

const columns = sql`
  o.tenant_id, o.service_key, s.name as service_name, s.slug as service_slug, o.office_id, o.fee_cents, o.fee_text,
  o.processing_time_text, o.processing_days, o.required_documents, o.online_available, o.online_url,
  o.maturity_level, o.maturity_model, o.published, o.demo, o.updated_at`;

function toOffer(row: OfferRow): Offer {
  return {
    tenantId: row.tenant_id,
    serviceKey: row.service_key,
    serviceName: row.service_name,
    serviceSlug: row.service_slug,
    officeId: row.office_id,
    feeCents: row.fee_cents,
    feeText: row.fee_text,
    processingTimeText: row.processing_time_text,
    processingDays: row.processing_days,
    requiredDocuments: Array.isArray(row.required_documents) ? row.required_documents.filter((d): d is string => typeof d === 'string') : [],
    onlineAvailable: row.online_available,
    onlineUrl: row.online_url,
    maturityLevel: row.maturity_level,
    maturityModel: row.maturity_model,
    published: row.published,
    demo: row.demo,
    updatedAt: row.updated_at,
  };
}

/**
 * The Leistungsobjekt of a LeiKa key: its first 8 digits (99 + Leistungsgruppierung +
 * Leistungskennung) with Verrichtung and detail zeroed. "Baugenehmigung Erteilung"
 * (99012008001000) belongs to "Baugenehmigung" (99012008000000). Local keys stand alone.
 */
export function leistungsobjektKey(serviceKey: string): string {
  return /^99\d{12}$/.test(serviceKey) ? `${serviceKey.slice(0, 8)}000000` : serviceKey;
}

/**
 * The offer of one tenant for one service. The explicit tenant filter matters: published offers
 * of every tenant are readable (public policy), a tenant's own view must not show a foreign one.
 */
export async function findOffer(tx: Queryable, tenantId: string, serviceKey: string): Promise<Offer | undefined> {
  const row = await maybeOne<OfferRow>(tx, sql`
    select ${columns} from offers o join services s on s.key = o.service_key
    where o.tenant_id = ${tenantId} and o.service_key = ${serviceKey}`);
  return row && toOffer(row);
}

/** The tenant's offer for exactly this service, else for its Leistungsobjekt. */
export async function findOfferOrObjectOffer(tx: Queryable, tenantId: string, serviceKey: string): Promise<Offer | undefined> {
  const objectKey = leistungsobjektKey(serviceKey);
  const row = await maybeOne<OfferRow>(tx, sql`
    select ${columns} from offers o join services s on s.key = o.service_key
    where o.tenant_id = ${tenantId} and o.service_key in (${serviceKey}, ${objectKey})
    order by o.service_key = ${serviceKey} desc limit 1`);
  return row && toOffer(row);
}

/** Every offer of one tenant, by service name. */
export async function listOffersOfTenant(tx: Queryable, tenantId: string): Promise<Offer[]> {
  const rows = await tx.query<OfferRow>(sql`
    select ${columns} from offers o join services s on s.key = o.service_key where o.tenant_id = ${tenantId}`);
  return rows.map(toOffer).sort((a, b) => a.serviceName.localeCompare(b.serviceName, 'de'));
}

/**
 * Every offer of a service visible in this scope with the tenant providing it: for anonymous
 * visitors the published offers of all tenants. The district first, then the municipalities.
 */
export async function listOffersOfService(tx: Queryable, serviceKey: string): Promise<{ offer: Offer; tenant: TenantRef }[]> {
  const rows = await tx.query<OfferRow & TenantRow>(sql`
    select ${columns}, ${tenantColumns('t')}
    from offers o join services s on s.key = o.service_key join tenants t on t.id = o.tenant_id
    where o.service_key = ${serviceKey}`);
  return rows
    .map((row) => ({ offer: toOffer(row), tenant: toTenantRef(row) }))
    .sort((a, b) => Number(b.tenant.kind === 'kreis') - Number(a.tenant.kind === 'kreis') || a.tenant.name.localeCompare(b.tenant.name, 'de'));
}

function documentsJson(input: OfferInput): string {
  return JSON.stringify(input.requiredDocuments);
}

/** Inserts the offer; false when the tenant already has one for the service. */
export async function insertOffer(tx: Queryable, tenantId: string, input: OfferInput): Promise<boolean> {
  const rows = await tx.query(sql`
    insert into offers (tenant_id, service_key, office_id, fee_cents, fee_text, processing_time_text, processing_days, required_documents,
                        online_available, online_url, maturity_level, maturity_model, published, demo)
    values (${tenantId}, ${input.serviceKey}, ${input.officeId}, ${input.feeCents}, ${input.feeText}, ${input.processingTimeText},
            ${input.processingDays}, ${documentsJson(input)}::jsonb, ${input.onlineAvailable}, ${input.onlineUrl}, ${input.maturityLevel},
            ${input.maturityModel}, ${input.published}, ${input.demo})
    on conflict (tenant_id, service_key) do nothing
    returning service_key`);
  return rows.length === 1;
}

/** Updates the tenant's offer for the service; false when there is none. */
export async function updateOffer(tx: Queryable, tenantId: string, input: OfferInput): Promise<boolean> {
  const rows = await tx.query(sql`
    update offers set office_id = ${input.officeId}, fee_cents = ${input.feeCents}, fee_text = ${input.feeText},
      processing_time_text = ${input.processingTimeText}, processing_days = ${input.processingDays},
      required_documents = ${documentsJson(input)}::jsonb, online_available = ${input.onlineAvailable}, online_url = ${input.onlineUrl},
      maturity_level = ${input.maturityLevel}, maturity_model = ${input.maturityModel}, published = ${input.published},
      demo = ${input.demo}, updated_at = now()
    where tenant_id = ${tenantId} and service_key = ${input.serviceKey}
    returning service_key`);
  return rows.length === 1;
}
