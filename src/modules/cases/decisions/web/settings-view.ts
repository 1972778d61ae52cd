/** Pages of the case settings: the list of the tenant's services and the form of one service. */
import { translator, type Locale } from '../../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../../platform/i18n/platform-messages.ts';
import { html, type SafeHtml } from '../../../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, textAreaField, textField, type FieldError } from '../../../../platform/views/components.ts';
import type { LegalRemedy, ServiceSettingsEntry } from '../case-settings.ts';
import { caseMessages } from '../../web/messages.ts';
import { decisionMessages } from '../messages.ts';
import { statusModelMessages } from '../../status-model/messages.ts';

export const settingsPath = '/verwaltung/vorgaenge/einstellungen';
/** The status model of a service (src/modules/cases/status-model/web). */
export const modelPath = (serviceKey: string) => `${settingsPath}/${serviceKey}/ablauf`;

type Page = { title: string; content: SafeHtml; hasErrors: boolean };

export type SettingsListView = {
  tenantName: string;
  entries: ServiceSettingsEntry[];
  /** Services with a status model of their own: its current version and number of steps. */
  models: ReadonlyMap<string, { version: number; steps: number }>;
  remedy: LegalRemedy | undefined;
  customRemedy: boolean;
  values: Record<string, string>;
  errors: FieldError[];
  saved: boolean;
};

function days(entry: ServiceSettingsEntry, locale: Locale): string {
  const t = translator(decisionMessages, locale);
  const value = entry.settings?.processingDays ?? entry.offerDays;
  return value === null ? t('settings.daysNone') : t('settings.daysValue', { days: value });
}

function modelSummary(model: { version: number; steps: number } | undefined, locale: Locale): string {
  const m = translator(statusModelMessages, locale);
  return model ? m('model.summarySteps', { count: model.steps, version: model.version }) : m('model.summaryDefault');
}

export function settingsListPage(view: SettingsListView, csrf: string, locale: Locale): Page {
  const t = translator(decisionMessages, locale);
  const m = translator(statusModelMessages, locale);
  const p = translator(platformMessages, locale);
  const errorPrefix = p('field.errorPrefix');
  const table = view.entries.length === 0
    ? html`<p class="kern-body">${t('settings.none', { tenant: view.tenantName })}</p>`
    : html`<table class="kern-table">
<thead class="kern-table__head"><tr class="kern-table__row">
  <th scope="col" class="kern-table__header">${t('settings.service')}</th>
  <th scope="col" class="kern-table__header">${t('settings.fourEyes')}</th>
  <th scope="col" class="kern-table__header">${t('settings.template')}</th>
  <th scope="col" class="kern-table__header">${t('settings.days')}</th>
  <th scope="col" class="kern-table__header">${m('model.summary')}</th>
</tr></thead>
<tbody class="kern-table__body">${view.entries.map((entry) => html`<tr class="kern-table__row">
  <th scope="row" class="kern-table__cell"><a class="kern-link" href="${settingsPath}/${entry.serviceKey}" aria-label="${t('settings.editLabel', { service: entry.serviceName })}">${entry.serviceName}</a></th>
  <td class="kern-table__cell">${entry.settings?.fourEyes ? t('settings.yes') : t('settings.no')}</td>
  <td class="kern-table__cell">${entry.settings?.tenorDe ? t('settings.yes') : t('settings.no')}</td>
  <td class="kern-table__cell">${days(entry, locale)}</td>
  <td class="kern-table__cell">${modelSummary(view.models.get(entry.serviceKey), locale)}</td>
</tr>`)}</tbody></table>`;
  return {
    title: t('settings.title'),
    hasErrors: view.errors.length > 0,
    content: html`<p class="kern-body"><a class="kern-link" href="/verwaltung/vorgaenge">${translator(caseMessages, locale)('case.back')}</a></p>
${errorSummary(p('errorSummary.title'), view.errors)}
${view.saved ? notice('success', t('settings.saved')) : ''}
<h1 class="kern-heading-x-large">${t('settings.title')}</h1>
<p class="kern-body kern-body--large">${t('settings.lead', { tenant: view.tenantName })}</p>
${table}
<h2 class="kern-heading-medium">${t('settings.legalRemedyTitle')}</h2>
<p class="kern-body">${t('settings.legalRemedyLead')}</p>
${view.customRemedy ? '' : notice('info', view.remedy ? t('settings.legalRemedyDefault') : t('settings.legalRemedyMissing'))}
${postForm(`${settingsPath}/rechtsbehelf`, csrf, html`${textAreaField({ name: 'legalRemedyDe', label: t('settings.legalRemedyDe'), value: view.values.legalRemedyDe ?? view.remedy?.de ?? '', error: errorOf(view.errors, 'legalRemedyDe'), errorPrefix, rows: 6 })}
${textAreaField({ name: 'legalRemedyEn', label: t('settings.legalRemedyEn'), value: view.values.legalRemedyEn ?? view.remedy?.en ?? '', error: errorOf(view.errors, 'legalRemedyEn'), errorPrefix, rows: 6 })}
${button(t('settings.save'))}`)}`,
  };
}

export type ServiceSettingsView = { entry: ServiceSettingsEntry; values: Record<string, string>; errors: FieldError[] };

/** The form's values: what was submitted, else what is stored. */
export function storedValues(entry: ServiceSettingsEntry): Record<string, string> {
  const s = entry.settings;
  return {
    fourEyes: s?.fourEyes ? 'ja' : '',
    tenorDe: s?.tenorDe ?? '',
    reasonsDe: s?.reasonsDe ?? '',
    tenorEn: s?.tenorEn ?? '',
    reasonsEn: s?.reasonsEn ?? '',
    legalRemedyDe: s?.legalRemedyDe ?? '',
    processingDays: s?.processingDays === null || s?.processingDays === undefined ? '' : String(s.processingDays),
  };
}

export function serviceSettingsPage(view: ServiceSettingsView, csrf: string, locale: Locale): Page {
  const t = translator(decisionMessages, locale);
  const p = translator(platformMessages, locale);
  const errorPrefix = p('field.errorPrefix');
  const v = view.values;
  const area = (name: string, label: string, rows: number, hint?: string) => textAreaField({ name, label, hint, value: v[name], error: errorOf(view.errors, name), errorPrefix, rows });
  const m = translator(statusModelMessages, locale);
  const title = t('settings.serviceTitle', { service: view.entry.serviceName });
  return {
    title,
    hasErrors: view.errors.length > 0,
    content: html`<p class="kern-body"><a class="kern-link" href="${settingsPath}">${t('settings.back')}</a></p>
${errorSummary(p('errorSummary.title'), view.errors)}
<h1 class="kern-heading-x-large">${title}</h1>
<h2 class="kern-heading-medium">${m('model.linkTitle')}</h2>
<p class="kern-body">${m('model.linkLead')} <a class="kern-link" href="${modelPath(view.entry.serviceKey)}">${m('model.link')}</a></p>
${postForm(`${settingsPath}/${view.entry.serviceKey}`, csrf, html`<div class="kern-form-check">
  <input class="kern-form-check__checkbox" type="checkbox" id="f-fourEyes" name="fourEyes" value="ja"${v.fourEyes === 'ja' ? html` checked` : ''}>
  <label class="kern-label" for="f-fourEyes">${t('settings.fourEyesLabel')}</label>
</div>
${textField({ name: 'processingDays', label: t('settings.daysLabel'), hint: t('settings.daysHint', { days: view.entry.offerDays === null ? t('settings.daysNone') : t('settings.daysValue', { days: view.entry.offerDays }) }), value: v.processingDays, error: errorOf(view.errors, 'processingDays'), errorPrefix, width: 4, inputmode: 'numeric' })}
<h2 class="kern-heading-medium">${t('settings.templateTitle')}</h2>
<p class="kern-body">${t('settings.placeholders')}</p>
${area('tenorDe', t('settings.tenorDe'), 5)}
${area('reasonsDe', t('settings.reasonsDe'), 8)}
${area('tenorEn', t('settings.tenorEn'), 5)}
${area('reasonsEn', t('settings.reasonsEn'), 8)}
${area('legalRemedyDe', t('settings.legalRemedyService'), 5, t('settings.legalRemedyServiceHint'))}
${button(t('settings.save'))}`)}`,
  };
}
