/**
 * Per-service case settings of a tenant (four eyes, decision template, processing days) and the
 * tenant's default Rechtsbehelfsbelehrung (§ 37 Abs. 6 VwVfG). Read in the tenant's scope; RLS
 * keeps every row inside it. Every change is audited in its own transaction.
 */
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';

export type ServiceSettings = {
  fourEyes: boolean;
  tenorDe: string | null;
  reasonsDe: string | null;
  tenorEn: string | null;
  reasonsEn: string | null;
  legalRemedyDe: string | null;
  processingDays: number | null;
};

export type ServiceSettingsEntry = { serviceKey: string; serviceName: string; offerDays: number | null; settings: ServiceSettings | undefined };

type Row = {
  service_key: string;
  service_name: string;
  offer_days: number | null;
  configured: boolean;
  four_eyes: boolean | null;
  tenor_de: string | null;
  reasons_de: string | null;
  tenor_en: string | null;
  reasons_en: string | null;
  legal_remedy_de: string | null;
  processing_days: number | null;
};

const toEntry = (row: Row): ServiceSettingsEntry => ({
  serviceKey: row.service_key,
  serviceName: row.service_name,
  offerDays: row.offer_days,
  settings: row.configured
    ? {
        fourEyes: row.four_eyes === true,
        tenorDe: row.tenor_de,
        reasonsDe: row.reasons_de,
        tenorEn: row.tenor_en,
        reasonsEn: row.reasons_en,
        legalRemedyDe: row.legal_remedy_de,
        processingDays: row.processing_days,
      }
    : undefined,
});

const entryQuery = (tenantId: string) => sql`
  select o.service_key, s.name as service_name, o.processing_days as offer_days, cs.tenant_id is not null as configured,
         cs.four_eyes, cs.tenor_de, cs.reasons_de, cs.tenor_en, cs.reasons_en, cs.legal_remedy_de, cs.processing_days
  from offers o
  join services s on s.key = o.service_key
  left join case_settings cs on cs.tenant_id = o.tenant_id and cs.service_key = o.service_key
  where o.tenant_id = ${tenantId}`;

/** The services the tenant offers, by name, with their settings where there are any. */
export async function listServiceSettings(tx: Queryable, tenantId: string): Promise<ServiceSettingsEntry[]> {
  const rows = await tx.query<Row>(sql`${entryQuery(tenantId)} order by s.name, o.service_key`);
  return rows.map(toEntry);
}

/** One offered service with its settings; undefined when the tenant does not offer it. */
export async function findServiceSettings(tx: Queryable, tenantId: string, serviceKey: string): Promise<ServiceSettingsEntry | undefined> {
  const row = await maybeOne<Row>(tx, sql`${entryQuery(tenantId)} and o.service_key = ${serviceKey}`);
  return row && toEntry(row);
}

export async function saveServiceSettings(tx: Queryable, scope: { tenantId: string; userId: string }, serviceKey: string, settings: ServiceSettings): Promise<void> {
  await tx.query(sql`
    insert into case_settings (tenant_id, service_key, four_eyes, tenor_de, reasons_de, tenor_en, reasons_en, legal_remedy_de, processing_days, updated_by)
    values (${scope.tenantId}, ${serviceKey}, ${settings.fourEyes}, ${settings.tenorDe}, ${settings.reasonsDe}, ${settings.tenorEn}, ${settings.reasonsEn},
            ${settings.legalRemedyDe}, ${settings.processingDays}, ${scope.userId})
    on conflict (tenant_id, service_key) do update set
      four_eyes = excluded.four_eyes, tenor_de = excluded.tenor_de, reasons_de = excluded.reasons_de, tenor_en = excluded.tenor_en,
      reasons_en = excluded.reasons_en, legal_remedy_de = excluded.legal_remedy_de, processing_days = excluded.processing_days,
      updated_by = excluded.updated_by, updated_at = now()`);
  await appendAudit(tx, {
    tenantId: scope.tenantId,
    actorId: scope.userId,
    action: 'case_settings.changed',
    subjectType: 'service',
    subjectId: serviceKey,
    data: { fourEyes: settings.fourEyes, processingDays: settings.processingDays, template: settings.tenorDe !== null, templateEn: settings.tenorEn !== null },
  });
}

/** The settings that apply to a case of `serviceKey` (defaults when there is no row). */
export async function settingsForService(tx: Queryable, tenantId: string, serviceKey: string | null): Promise<ServiceSettings> {
  const row = serviceKey
    ? await maybeOne<{ four_eyes: boolean; tenor_de: string | null; reasons_de: string | null; tenor_en: string | null; reasons_en: string | null; legal_remedy_de: string | null; processing_days: number | null }>(tx, sql`
        select four_eyes, tenor_de, reasons_de, tenor_en, reasons_en, legal_remedy_de, processing_days
        from case_settings where tenant_id = ${tenantId} and service_key = ${serviceKey}`)
    : undefined;
  return {
    fourEyes: row?.four_eyes ?? false,
    tenorDe: row?.tenor_de ?? null,
    reasonsDe: row?.reasons_de ?? null,
    tenorEn: row?.tenor_en ?? null,
    reasonsEn: row?.reasons_en ?? null,
    legalRemedyDe: row?.legal_remedy_de ?? null,
    processingDays: row?.processing_days ?? null,
  };
}

export type LegalRemedy = { de: string; en: string | null };

/**
 * The Rechtsbehelfsbelehrung for districts whose competent administrative court we know. In
 * North Rhine-Westphalia there is no Widerspruch against most decisions (§ 110 JustG NRW): the
 * remedy is an action (Klage) within one month (§ 74 Abs. 1 Satz 2 VwGO) at the court of the
 * district (§ 52 Nr. 3 VwGO), in writing, on record or electronically (§ 81 Abs. 1, § 55a VwGO).
 * The Regierungsbezirk Detmold (AGS 057…, Kreis Lippe among it) belongs to the Verwaltungsgericht
 * Minden (§ 17 JustG NRW).
 */
const courtsByAgsPrefix: readonly { prefix: string; court: string; courtEn: string; address: string }[] = [
  { prefix: '057', court: 'Verwaltungsgericht Minden', courtEn: 'Administrative Court of Minden (Verwaltungsgericht Minden)', address: 'Königswall 8, 32423 Minden' },
];

export function defaultLegalRemedy(ags: string): LegalRemedy | undefined {
  const known = courtsByAgsPrefix.find((entry) => ags.startsWith(entry.prefix));
  if (!known) return undefined;
  return {
    de: `Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim ${known.court}, ${known.address}, erhoben werden. `
      + 'Die Klage ist schriftlich oder zur Niederschrift der Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle des Gerichts zu erheben. '
      + 'Sie kann auch als elektronisches Dokument nach Maßgabe des § 55a der Verwaltungsgerichtsordnung (VwGO) und der '
      + 'Elektronischer-Rechtsverkehr-Verordnung (ERVV) eingereicht werden.',
    en: `You can challenge this decision by bringing an action before the ${known.courtEn}, ${known.address}, within one month of its notification: `
      + 'in writing, on record at the registry of the court, or as an electronic document as set out in section 55a of the Code of Administrative '
      + 'Court Procedure (VwGO) and the Electronic Legal Transactions Ordinance (ERVV). Proceedings are held in German.',
  };
}

/** The tenant's own Rechtsbehelfsbelehrung, or the default for its court, or none. */
export async function tenantLegalRemedy(tx: Queryable, tenantId: string): Promise<{ remedy: LegalRemedy | undefined; custom: boolean }> {
  const own = await maybeOne<{ legal_remedy_de: string; legal_remedy_en: string | null }>(tx, sql`
    select legal_remedy_de, legal_remedy_en from case_tenant_settings where tenant_id = ${tenantId}`);
  if (own) return { remedy: { de: own.legal_remedy_de, en: own.legal_remedy_en }, custom: true };
  const tenant = await maybeOne<{ ags: string }>(tx, sql`select ags from tenants where id = ${tenantId}`);
  return { remedy: tenant ? defaultLegalRemedy(tenant.ags) : undefined, custom: false };
}

export async function saveTenantLegalRemedy(tx: Queryable, scope: { tenantId: string; userId: string }, remedy: LegalRemedy): Promise<void> {
  await tx.query(sql`
    insert into case_tenant_settings (tenant_id, legal_remedy_de, legal_remedy_en, updated_by)
    values (${scope.tenantId}, ${remedy.de}, ${remedy.en}, ${scope.userId})
    on conflict (tenant_id) do update set legal_remedy_de = excluded.legal_remedy_de, legal_remedy_en = excluded.legal_remedy_en,
      updated_by = excluded.updated_by, updated_at = now()`);
  await appendAudit(tx, { tenantId: scope.tenantId, actorId: scope.userId, action: 'case_settings.legal_remedy_changed', subjectType: 'tenant', subjectId: scope.tenantId, data: {} });
}

/** The Rechtsbehelfsbelehrung a new decision of this service starts with, in its language. */
export function legalRemedyFor(settings: ServiceSettings, tenant: LegalRemedy | undefined, language: Locale): string | undefined {
  // A service's own text (e.g. a Widerspruch that is still open) wins in either language.
  if (settings.legalRemedyDe) return settings.legalRemedyDe;
  return language === 'en' ? (tenant?.en ?? tenant?.de) : tenant?.de;
}
