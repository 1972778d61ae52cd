import type { Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { html, type SafeHtml } from '../../platform/views/html.ts';
import { translator, type Locale } from '../../platform/i18n/i18n.ts';
import { defineMessages } from '../../platform/i18n/i18n.ts';
import { resolveResponsibility } from './responsibility.ts';
import { findTenantRefBySlug } from './tenant-store.ts';

const panelMessages = defineMessages({
  de: {
    'panel.responsible': 'Für Einwohnerinnen und Einwohner von {municipality} ist zuständig: {tenant}.',
    'panel.office': 'Dienststelle: {office}, {street}, {postcode} {city}',
    'panel.online': 'Diese Leistung können Sie online beantragen.',
    'panel.details': 'Alles zu dieser Leistung in {municipality}: Unterlagen, Gebühren, Öffnungszeiten',
    'panel.noOffer': '{tenant} hat zu dieser Leistung noch keine Angaben im Portal. Bitte wenden Sie sich direkt an die Verwaltung.',
  },
  en: {
    'panel.responsible': 'For residents of {municipality} the responsible authority is {tenant}.',
    'panel.office': 'Office: {office}, {street}, {postcode} {city}',
    'panel.online': 'You can apply for this service online.',
    'panel.details': 'Everything about this service in {municipality}: documents, fees, opening hours',
    'panel.noOffer': '{tenant} has not described this service in the portal yet. Please contact the administration directly.',
  },
});

/**
 * "Who is responsible for you" on the catalog's service page, for the visitor's chosen place:
 * the responsible tenant by the responsibility rules, its office, and a link to the full offer page.
 */
export async function renderResponsibilityPanel(tx: Queryable, input: { serviceKey: string; placeSlug: string; locale: Locale }): Promise<SafeHtml> {
  const t = translator(panelMessages, input.locale);
  const place = await findTenantRefBySlug(tx, input.placeSlug);
  const responsibility = place && (await resolveResponsibility(tx, input.serviceKey, place.id));
  if (!place || !responsibility) return html``;
  const who = html`<p class="kern-body">${t('panel.responsible', { municipality: place.name, tenant: responsibility.tenant.officialName })}</p>`;
  const offer = responsibility.offer;
  if (!offer) return html`${who}<p class="kern-body">${t('panel.noOffer', { tenant: responsibility.tenant.officialName })}</p>`;
  const office = responsibility.office;
  return html`${who}
${office ? html`<p class="kern-body">${t('panel.office', { office: office.name, street: office.street, postcode: office.postcode, city: office.city })}</p>` : ''}
${offer.onlineAvailable ? html`<p class="kern-body">${t('panel.online')}</p>` : ''}
<p class="kern-body"><a class="kern-link" href="/${place.slug}/leistungen/${offer.serviceSlug}">${t('panel.details', { municipality: place.name })}</a></p>`;
}

/** Sitemap entries: every published offer on its responsible tenant's page (the canonical one). */
export async function offerSitemap(tx: Queryable): Promise<string[]> {
  const rows = await tx.query<{ tenant: string; service: string }>(sql`
    select t.slug as tenant, s.slug as service from offers o
    join tenants t on t.id = o.tenant_id join services s on s.key = o.service_key
    where o.published and s.retired_at is null order by t.slug, s.slug`);
  return rows.map((row) => `/${row.tenant}/leistungen/${row.service}`);
}
