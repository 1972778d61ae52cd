import { html, type SafeHtml } from '../../platform/views/html.ts';
import { notice } from '../../platform/views/components.ts';
import { formatDate, formatMoney } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { isOzgConform } from './maturity.ts';
import { weekdays } from './opening-hours.ts';
import type { Responsibility } from './responsibility.ts';
import type { MaturityModel, Office, Offer, TenantRef } from './types.ts';
import { listItem, viewTools, type Page } from './view-tools.ts';

type Translate = ReturnType<typeof viewTools>['t'];

function officeSection(t: Translate, tenant: TenantRef, office: Office | null): SafeHtml {
  if (!office) return html`<p class="kern-body"><strong>${tenant.officialName}</strong></p><p class="kern-body">${t('page.noOffice')}</p>`;
  const hours = weekdays.map((day) => {
    const intervals = office.openingHours.filter((interval) => interval.day === day);
    return listItem(t(`day.${day}`), intervals.length > 0 ? intervals.map((i) => `${i.opens}–${i.closes}`).join(', ') : t('page.closed'));
  });
  return html`<p class="kern-body"><strong>${tenant.officialName}</strong><br>${office.name}</p>
<dl class="kern-description-list">
  ${listItem(t('page.address'), html`${office.street}<br>${office.postcode} ${office.city}`)}
  ${office.phone ? listItem(t('page.phone'), html`<a class="kern-link" href="tel:${office.phone.replace(/[^0-9+]/g, '')}">${office.phone}</a>`) : ''}
  ${office.email ? listItem(t('page.email'), html`<a class="kern-link" href="mailto:${office.email}">${office.email}</a>`) : ''}
  ${office.website ? listItem(t('page.website'), html`<a class="kern-link" href="${office.website}">${office.website}</a>`) : ''}
</dl>
<h3 class="kern-heading-small">${t('page.openingHours')}</h3>
<dl class="kern-description-list">${hours}</dl>
${office.openingHoursNote ? html`<p class="kern-body">${office.openingHoursNote}</p>` : ''}`;
}

function feeText(t: Translate, locale: Locale, offer: Offer): string {
  if (offer.feeCents === null) return offer.feeText ? '' : t('page.notStated');
  return offer.feeCents === 0 ? t('page.free') : formatMoney(offer.feeCents, locale);
}

function processingText(t: Translate, offer: Offer): string {
  if (offer.processingDays === null) return offer.processingTimeText ? '' : t('page.notStated');
  return offer.processingDays === 0 ? t('page.processingImmediate') : t('page.processingDays', { days: offer.processingDays });
}

function maturityText(t: Translate, offer: Offer, models: readonly MaturityModel[]): string {
  if (offer.maturityLevel === null || offer.maturityModel === null) return t('page.notStated');
  const model = models.find((m) => m.name === offer.maturityModel);
  const level = t('page.maturityLevel', { level: offer.maturityLevel, max: model?.maxLevel ?? '?', model: offer.maturityModel });
  const conform = isOzgConform(models, offer.maturityModel, offer.maturityLevel);
  if (conform === undefined) return level;
  return `${level} – ${conform ? t('page.maturityConform') : t('page.maturityNotConform', { from: model?.conformFrom ?? '?' })}`;
}

/**
 * The offer page: who is responsible for the residents of the page's municipality, where to go,
 * what it costs and takes, what to bring, and whether (and where) it can be done online.
 */
export function offerPage(
  locale: Locale,
  input: { serviceName: string; place: TenantRef; responsibility: Responsibility & { offer: Offer }; models: readonly MaturityModel[] },
): Page {
  const { t } = viewTools(locale);
  const { tenant, office, offer, rule } = input.responsibility;
  const other = tenant.id !== input.place.id;
  return {
    title: input.serviceName,
    content: html`<p class="kern-preline">${input.place.kind === 'kreis' ? input.place.officialName : t('page.forResidents', { municipality: input.place.name })}</p>
<h1 class="kern-heading-x-large">${input.serviceName}</h1>
${offer.demo ? html`<div class="kern-alert kern-alert--warning" role="note"><div class="kern-alert__header"><h2 class="kern-title"><span class="kern-badge kern-badge--warning">${t('page.demo.title')}</span></h2></div><div class="kern-alert__body"><p class="kern-body">${t('page.demo.body')}</p></div></div>` : ''}
${other ? notice('info', t('page.responsibleOther', { municipality: input.place.name, tenant: tenant.officialName })) : ''}
<h2 class="kern-heading-medium">${t('page.online')}</h2>
${offer.onlineAvailable && offer.onlineUrl
  ? html`<p class="kern-body">${t('page.onlineAvailable')}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="${offer.onlineUrl}"><span class="kern-label">${t('page.onlineLink')}</span></a></p>`
  : html`<p class="kern-body">${t('page.onlineNotAvailable')}</p>`}
<h2 class="kern-heading-medium">${t('page.responsible')}</h2>
${officeSection(t, tenant, office)}
<h2 class="kern-heading-medium">${t('page.fees')}</h2>
${feeText(t, locale, offer) ? html`<p class="kern-body"><strong>${feeText(t, locale, offer)}</strong></p>` : ''}
${offer.feeText ? html`<p class="kern-body">${offer.feeText}</p>` : ''}
<h2 class="kern-heading-medium">${t('page.processingTime')}</h2>
${processingText(t, offer) ? html`<p class="kern-body"><strong>${processingText(t, offer)}</strong></p>` : ''}
${offer.processingTimeText ? html`<p class="kern-body">${offer.processingTimeText}</p>` : ''}
<h2 class="kern-heading-medium">${t('page.documents')}</h2>
${offer.requiredDocuments.length > 0
  ? html`<ul class="kern-list kern-list--bullet">${offer.requiredDocuments.map((document) => html`<li>${document}</li>`)}</ul>`
  : html`<p class="kern-body">${t('page.notStated')}</p>`}
<h2 class="kern-heading-medium">${t('page.maturity')}</h2>
<p class="kern-body">${maturityText(t, offer, input.models)}</p>
${rule?.legalBasis ? html`<h2 class="kern-heading-medium">${t('page.legalBasis')}</h2><p class="kern-body">${rule.legalBasis}</p>` : ''}
<p class="kern-body kern-body--small">${t('page.updated', { date: formatDate(offer.updatedAt, locale) })}</p>`,
  };
}
