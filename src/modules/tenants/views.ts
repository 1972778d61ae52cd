import { html, type SafeHtml } from '../../platform/views/html.ts';
import { translator, type Locale } from '../../platform/i18n/i18n.ts';
import { formatDate, formatNumber } from '../../platform/i18n/format.ts';
import { tenantMessages } from './messages.ts';
import type { Tenant } from './store.ts';

export function homePage(locale: Locale, district: Tenant, municipalities: Tenant[], search: SafeHtml = html``): { title: string; content: SafeHtml } {
  const t = translator(tenantMessages, locale);
  return {
    title: t('home.title'),
    content: html`<h1 class="kern-heading-x-large">${t('home.heading', { district: district.name })}</h1>
<p class="kern-body kern-body--large">${t('home.lead', { district: district.name, count: municipalities.length })}</p>
<h2 class="kern-heading-medium">${t('home.find')}</h2>
${search}
<ul class="kern-list">
  <li><a class="kern-link" href="/themen">${t('home.topics')}</a></li>
  <li><a class="kern-link" href="/leistungen/a-z">${t('home.az')}</a></li>
</ul>
<h2 class="kern-heading-medium">${t('home.municipalities')}</h2>
<ul class="tenant-list">
${municipalities.map(
  (m) => html`<li><a class="kern-link" href="/gemeinden/${m.slug}">${m.name}</a> <span class="kern-body--muted">(${t(`kind.${m.kind}`)})</span></li>`,
)}
</ul>
<h2 class="kern-heading-medium">${t('home.district')}</h2>
<p class="kern-body"><a class="kern-link" href="/gemeinden/${district.slug}">${district.officialName}</a></p>
<p class="kern-body kern-body--small"><a class="kern-link" href="/ueber-die-daten">${t('home.aboutData')}</a></p>`,
  };
}

export function tenantPage(locale: Locale, tenant: Tenant, postcodes: { postcode: string; place: string }[]): { title: string; content: SafeHtml } {
  const t = translator(tenantMessages, locale);
  const item = (key: string, value: SafeHtml | string) =>
    html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${key}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
  return {
    title: tenant.name,
    content: html`<p class="kern-preline">${t(`kind.${tenant.kind}`)}</p>
<h1 class="kern-heading-x-large">${tenant.officialName}</h1>
<h2 class="kern-heading-medium">${t('tenant.facts')}</h2>
<dl class="kern-description-list">
  ${item(t('tenant.townHall'), html`${tenant.officialName}<br>${tenant.street ?? ''}<br>${tenant.postcode ?? ''} ${tenant.city ?? ''}`)}
  ${tenant.population !== null
    ? item(t('tenant.population'), `${formatNumber(tenant.population, locale)}${tenant.populationAsOf ? ` (${t('tenant.populationAsOf', { date: formatDate(tenant.populationAsOf, locale) })})` : ''}`)
    : ''}
  ${item(t('tenant.ags'), tenant.ags)}
  ${postcodes.length > 0 ? item(t('tenant.postcodes'), [...new Set(postcodes.map((p) => p.postcode))].join(', ')) : ''}
</dl>`,
  };
}
