/** The list of a tenant's forms, the page to create one, and the report of a FIM import. */
import { html } from '../../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, textAreaField, textField, type FieldError } from '../../../platform/views/components.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import type { ImportReport } from '../fim/import-xdatenfelder.ts';
import type { AdoptionStatus, DefinitionProblem, FormSummary } from '../store/index.ts';
import { problemList } from './problems-view.ts';
import { badge, fileInput, heading, uploadForm, viewTools, type Page } from './view-tools.ts';

export type Hint = 'created' | 'saved' | 'published' | 'adopted' | 'accepted';

const hints: Record<string, Hint> = { angelegt: 'created', gespeichert: 'saved', veroeffentlicht: 'published', uebernommen: 'adopted', aktualisiert: 'accepted' };

/** The notice after a redirect (?hinweis=…), from a fixed list so the URL cannot inject text. */
export function hintOf(value: unknown): Hint | undefined {
  return typeof value === 'string' ? hints[value] : undefined;
}

export function hintNotice(locale: Locale, hint: Hint | undefined) {
  return hint ? notice('success', viewTools(locale).t(`hint.${hint}`)) : '';
}

export function formListPage(locale: Locale, state: { tenantName: string; forms: FormSummary[]; adoptions: Map<string, AdoptionStatus> }): Page {
  const tools = viewTools(locale);
  const { t } = tools;
  const rows = state.forms.map((form) => {
    const adoption = state.adoptions.get(form.formId);
    const status = [
      form.publishedVersion !== null ? badge('success', t('status.published', { version: form.publishedVersion })) : '',
      form.draftVersion !== null ? badge('info', t('status.draft', { version: form.draftVersion })) : '',
    ];
    return html`<tr class="kern-table__row">
  <td class="kern-table__cell"><a class="kern-link" href="/verwaltung/formulare/${form.formId}">${form.title}</a></td>
  <td class="kern-table__cell"><code>${form.slug}</code></td>
  <td class="kern-table__cell">${status}
    ${adoption ? html`<br>${t('status.adopted', { tenant: adoption.originTenantName, version: adoption.origin.version })}` : ''}
    ${adoption?.updateAvailable ? html`<br>${badge('warning', t('status.update', { tenant: adoption.originTenantName, version: adoption.originLatest ?? '' }))}
      <a class="kern-link" href="/verwaltung/formulare/${form.formId}/original">${t('overview.originUpdate')}<span class="kern-sr-only">: ${form.title}</span></a>` : ''}</td>
</tr>`;
  });
  return {
    title: t('list.title'),
    content: html`${heading(state.tenantName, t('list.title'), t('list.lead', { tenant: state.tenantName }))}
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/verwaltung/formulare/neu"><span class="kern-label">${t('list.new')}</span></a>
  <a class="kern-link" href="/verwaltung/formulare/uebernehmen">${t('list.adopt')}</a></p>
${state.forms.length === 0
  ? html`<p class="kern-body">${t('list.empty')}</p>`
  : html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('col.title')}</th>
    <th class="kern-table__header" scope="col">${t('col.slug')}</th>
    <th class="kern-table__header" scope="col">${t('col.status')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${rows}</tbody>
</table></div>`}`,
  };
}

export type NewFormState = {
  tenantName: string;
  values?: Record<string, string>;
  /** Which of the three forms the errors belong to. */
  errors?: { form: 'scratch' | 'json' | 'fim'; list: FieldError[]; problems?: readonly DefinitionProblem[]; detail?: string };
};

export function newFormPage(locale: Locale, csrf: string, state: NewFormState): Page {
  const tools = viewTools(locale);
  const { t, p, errorPrefix } = tools;
  const v = state.values ?? {};
  const errors = state.errors?.list ?? [];
  const errorsOf = (form: 'scratch' | 'json' | 'fim') => (state.errors?.form === form ? errors : []);
  const problems = state.errors?.problems ?? [];
  return {
    title: t('new.title'),
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
${heading(state.tenantName, t('new.title'))}
<h2 class="kern-heading-medium" id="leer">${t('new.scratch')}</h2>
<p class="kern-body">${t('new.scratchLead')}</p>
${postForm('/verwaltung/formulare/neu', csrf, html`
${textField({ name: 'titleDe', label: t('titleDe.label'), value: v.titleDe, error: errorOf(errorsOf('scratch'), 'titleDe'), errorPrefix })}
${textField({ name: 'titleEn', label: t('titleEn.label'), hint: t('titleEn.hint'), value: v.titleEn, error: errorOf(errorsOf('scratch'), 'titleEn'), errorPrefix })}
${textField({ name: 'slug', label: t('slug.label'), hint: t('slug.hint'), value: v.slug, error: errorOf(errorsOf('scratch'), 'slug'), errorPrefix, spellcheck: false })}
${button(t('new.create'))}`)}
<h2 class="kern-heading-medium" id="json-import">${t('new.json')}</h2>
<p class="kern-body">${t('new.jsonLead')}</p>
${uploadForm('/verwaltung/formulare/neu/json', csrf, html`
${fileInput(tools, 'datei', t('jsonFile.hint'), '.json,application/json', errorOf(errorsOf('json'), 'datei'))}
${textAreaField({ name: 'json', label: t('jsonText.label'), value: v.json, error: errorOf(errorsOf('json'), 'json'), errorPrefix, rows: 8 })}
${problems.length > 0 ? html`<div class="kern-alert kern-alert--danger"><div class="kern-alert__body">${problemList(tools, undefined, '/verwaltung/formulare/neu', problems)}</div></div>` : ''}
${button(t('new.import'), 'secondary')}`)}
<h2 class="kern-heading-medium" id="fim-import">${t('new.fim')}</h2>
<p class="kern-body">${t('new.fimLead')}</p>
${uploadForm('/verwaltung/formulare/neu/fim', csrf, html`
${fileInput(tools, 'fimDatei', t('fimFile.hint'), '.xml,application/xml,text/xml', errorOf(errorsOf('fim'), 'fimDatei'))}
${state.errors?.form === 'fim' && state.errors.detail ? html`<p class="kern-body kern-body--small">${t('fim.detail')}: <span lang="en">${state.errors.detail}</span></p>` : ''}
${textField({ name: 'kennung', label: t('slugOverride.label'), hint: t('slugOverride.hint'), value: v.kennung, error: errorOf(errorsOf('fim'), 'kennung'), errorPrefix, spellcheck: false })}
${button(t('new.import'), 'secondary')}`)}
<p class="kern-body"><a class="kern-link" href="/verwaltung/formulare">${t('nav.list')}</a></p>`,
  };
}

export function fimReportPage(locale: Locale, state: { tenantName: string; formId: string; title: string; report: ImportReport }): Page {
  const { t } = viewTools(locale);
  const { report } = state;
  const table = (head: string[], rows: string[][]) => html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
  <thead class="kern-table__header"><tr class="kern-table__row">${head.map((cell) => html`<th class="kern-table__header" scope="col">${cell}</th>`)}</tr></thead>
  <tbody class="kern-table__body">${rows.map((row) => html`<tr class="kern-table__row">${row.map((cell) => html`<td class="kern-table__cell">${cell}</td>`)}</tr>`)}</tbody>
</table></div>`;
  return {
    title: t('report.title', { title: state.title }),
    content: html`${heading(state.tenantName, t('report.title', { title: state.title }), t('report.lead', { standard: report.standard, message: report.message }))}
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/verwaltung/formulare/${state.formId}"><span class="kern-label">${t('report.toForm')}</span></a></p>
<h2 class="kern-heading-medium">${t('report.quality')}</h2>
${report.quality.length === 0 ? html`<p class="kern-body">${t('report.qualityNone')}</p>`
  : table([t('report.code'), t('report.severity'), t('report.path'), t('col.problem')], report.quality.map((q) => [q.code, q.severity, q.path, q.detail ? `${q.message} (${q.detail})` : q.message]))}
<h2 class="kern-heading-medium">${t('report.unmapped')}</h2>
${report.unmapped.length === 0 ? html`<p class="kern-body">${t('report.unmappedNone')}</p>`
  : table([t('report.path'), t('col.type'), t('report.reason')], report.unmapped.map((u) => [u.path, u.what, u.reason]))}
${report.untranslated.length > 0 ? html`<p class="kern-body">${t('report.untranslated', { count: report.untranslated.length })}</p>` : ''}
${report.generated.length > 0 ? html`<h2 class="kern-heading-medium">${t('report.generated')}</h2>${table([t('report.path'), t('col.change')], report.generated.map((g) => [g.path, g.what]))}` : ''}`,
  };
}
