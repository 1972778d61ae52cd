import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { formatDate } from '../../../platform/i18n/format.ts';
import type { Lebenslage, Service } from '../store.ts';
import { catalogPageMessages } from './messages.ts';
import type { LebenslageDetail, ServiceContext, ServiceLink } from './browse-store.ts';

type Page = { title: string; content: SafeHtml };

const serviceList = (services: readonly ServiceLink[]) =>
  html`<ul class="kern-list">${services.map((s) => html`<li><a class="kern-link" href="/leistungen/${s.slug}">${s.name}</a></li>`)}</ul>`;

export function topicsPage(locale: Locale, lebenslagen: Lebenslage[]): Page {
  const t = translator(catalogPageMessages, locale);
  const byTopic = new Map<string, Lebenslage[]>();
  for (const lebenslage of lebenslagen) byTopic.set(lebenslage.themenfeld.name, [...(byTopic.get(lebenslage.themenfeld.name) ?? []), lebenslage]);
  return {
    title: t('topics.title'),
    content: html`<h1 class="kern-heading-x-large">${t('topics.title')}</h1>
<p class="kern-body kern-body--large">${t('topics.lead')}</p>
<p class="kern-body"><a class="kern-link" href="/leistungen/a-z">${t('topics.az')}</a></p>
${[...byTopic].map(
  ([topic, items]) => html`<h2 class="kern-heading-medium">${topic}</h2>
<ul class="kern-list">${items.map((l) => html`<li><a class="kern-link" href="/themen/${l.slug}">${l.name}</a></li>`)}</ul>`,
)}`,
  };
}

export function lebenslagePage(locale: Locale, lebenslage: LebenslageDetail): Page {
  const t = translator(catalogPageMessages, locale);
  return {
    title: lebenslage.name,
    content: html`<p class="kern-preline">${lebenslage.themenfeld}</p>
<h1 class="kern-heading-x-large">${lebenslage.name}</h1>
${lebenslage.groups.map(
  (group) => html`<h2 class="kern-heading-medium">${group.name}</h2>
${group.services.length > 0 ? serviceList(group.services) : html`<p class="kern-body">${t('lebenslage.none')}</p>`}`,
)}`,
  };
}

export function azPage(locale: Locale, letters: string[], letter: string | null, services: ServiceLink[]): Page {
  const t = translator(catalogPageMessages, locale);
  return {
    title: letter ? `${t('az.title')}: ${letter}` : t('az.title'),
    content: html`<h1 class="kern-heading-x-large">${t('az.title')}</h1>
<nav aria-label="${t('az.letters')}"><ul class="az-letters">${letters.map(
      (l) => html`<li><a class="kern-link" href="/leistungen/a-z/${l}"${l === letter ? html` aria-current="page"` : ''}>${l}</a></li>`,
    )}</ul></nav>
${letter
  ? html`<h2 class="kern-heading-medium">${services.length > 0 ? t('az.count', { count: services.length, letter }) : t('az.empty', { letter })}</h2>${serviceList(services)}`
  : ''}`,
  };
}

export function servicePage(locale: Locale, service: Service, context: ServiceContext, responsibility: SafeHtml): Page {
  const t = translator(catalogPageMessages, locale);
  const item = (key: string, value: SafeHtml | string) =>
    html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${key}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
  return {
    title: service.name,
    content: html`<p class="kern-preline">${t('service.preline')}</p>
<h1 class="kern-heading-x-large">${service.name}</h1>
${service.retiredAt ? html`<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__header"><p class="kern-title">${t('service.retired')}</p></div></div>` : ''}
<section aria-labelledby="responsibility-heading">
<h2 class="kern-heading-medium" id="responsibility-heading">${t('service.responsibility')}</h2>
${responsibility}
</section>
<h2 class="kern-heading-medium">${t('service.facts')}</h2>
<dl class="kern-description-list">
  ${service.ozgLeistung ? item(t('service.ozg'), service.ozgLeistung) : ''}
  ${context.lebenslage ? item(t('service.lebenslage'), html`<a class="kern-link" href="/themen/${context.lebenslage.slug}">${context.lebenslage.name}</a>`) : ''}
  ${context.themenfeld ? item(t('service.themenfeld'), context.themenfeld) : ''}
  ${item(service.inLeika ? t('service.key') : t('service.localKey'), service.key)}
  ${service.typisierung ? item(t('service.typisierung'), service.typisierung) : ''}
  ${service.verrichtung ? item(t('service.verrichtung'), service.verrichtung) : ''}
</dl>
<h2 class="kern-heading-medium">${t('service.legal')}</h2>
${service.legalReferences.length > 0
  ? html`<ul class="kern-list">${service.legalReferences.map(
      (ref) => html`<li>${ref.url ? html`<a class="kern-link" href="${ref.url}" rel="noopener noreferrer">${ref.citation || ref.url}</a>` : ref.citation}</li>`,
    )}</ul>`
  : html`<p class="kern-body">${service.legalBasis ?? t('service.noLegal')}</p>`}`,
  };
}

/** Shown on a service page when the visitor has not said where they live. */
export function choosePlacePanel(locale: Locale, path: string): SafeHtml {
  const t = translator(catalogPageMessages, locale);
  return html`<p class="kern-body">${t('service.choosePlace')}</p>
<p class="kern-body"><a class="kern-link" href="/wohnort?zurueck=${encodeURIComponent(path)}">${t('service.choosePlaceLink')}</a></p>`;
}

export function aboutDataPage(locale: Locale, counts: { themenfelder: number; lebenslagen: number; ozg: number; services: number; lastImport: Date | null }): Page {
  const t = translator(catalogPageMessages, locale);
  return {
    title: t('about.title'),
    content: html`<h1 class="kern-heading-x-large">${t('about.title')}</h1>
<p class="kern-body">${t('about.body', { themenfelder: counts.themenfelder, lebenslagen: counts.lebenslagen, ozg: counts.ozg, services: counts.services })}</p>
${counts.lastImport ? html`<p class="kern-body">${t('about.lastImport', { date: formatDate(counts.lastImport, locale) })}</p>` : ''}`,
  };
}
