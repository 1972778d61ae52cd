import type { Queryable } from '../../platform/db/database.ts';
import { findOffice } from './office-store.ts';
import { findOfferOrObjectOffer } from './offer-store.ts';
import { findApplicableRule, type ResponsibilityRule } from './rules-store.ts';
import { findTenantRef } from './tenant-store.ts';
import type { Office, Offer, TenantRef } from './types.ts';

/** Who serves a municipality's residents for a service, and with what offer at which office. */
export type Responsibility = {
  /** The responsible tenant (the district or a municipality). */
  tenant: TenantRef;
  /** The municipality whose residents are meant. */
  municipality: TenantRef;
  /** The responsible tenant's offer for the service (or its Leistungsobjekt); null when it has none visible. */
  offer: Offer | null;
  /** The office of that offer; null when the offer names none or it is not visible. */
  office: Office | null;
  /** The rule that decided, or null when the default (the residents' own municipality) applied. */
  rule: ResponsibilityRule | null;
};

/**
 * Resolves responsibility (Zuständigkeit) from the data: the district's rule for the service (or
 * its Leistungsobjekt), else the default that the residents' own municipality is responsible —
 * the general competence of municipalities for local matters (Art. 28 Abs. 2 GG, § 2 GO NRW).
 * Returns undefined when the municipality is unknown. What is visible follows the scope: an
 * anonymous transaction sees published offers and offices only.
 */
export async function resolveResponsibility(tx: Queryable, serviceKey: string, municipalityTenantId: string): Promise<Responsibility | undefined> {
  const municipality = await findTenantRef(tx, municipalityTenantId);
  if (!municipality) return undefined;
  const rule = (await findApplicableRule(tx, serviceKey, municipality.id)) ?? null;
  const tenant = rule ? await findTenantRef(tx, rule.responsibleTenantId) : municipality;
  if (!tenant) return undefined;
  const offer = (await findOfferOrObjectOffer(tx, tenant.id, serviceKey)) ?? null;
  const office = offer?.officeId ? ((await findOffice(tx, tenant.id, offer.officeId)) ?? null) : null;
  return { tenant, municipality, offer, office, rule };
}
