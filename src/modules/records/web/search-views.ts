/** The search page: Aktenzeichen (exact and prefix) and full text with filters, both GET forms. */
import { html } from '../../../platform/views/html.ts';
import { button, errorOf, errorSummary, selectField, textField, type FieldError } from '../../../platform/views/components.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { documentKinds } from '../documents.ts';
import type { PlanPosition } from '../file-plan.ts';
import { fileStatuses, type RecordFile } from '../record-files.ts';
import { searchLimit, type SearchHit } from '../search.ts';
import { documentPath } from './file-views.ts';
import { filePath } from './plan-views.ts';
import { cell, messageKey, showDate, table, tools, type Page, type Values } from './view-tools.ts';

export type SearchState = {
  values: Values;
  errors: FieldError[];
  positions: PlanPosition[];
  files?: RecordFile[] | undefined;
  hits?: SearchHit[] | undefined;
};

/** « and » from ts_headline mark the matches; everything else is escaped text. */
function excerpt(text: string) {
  const parts = text.split(/[«»]/);
  return html`${parts.map((part, index) => (index % 2 === 1 ? html`<mark>${part}</mark>` : part))}`;
}

export function searchPage(locale: Locale, state: SearchState): Page {
  const { t, p } = tools(locale);
  const v = state.values;
  const error = (name: string) => errorOf(state.errors, name);
  return {
    title: t('search.title'),
    hasErrors: state.errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), state.errors)}
<h1 class="kern-heading-x-large">${t('search.title')}</h1>
<h2 class="kern-heading-medium">${t('search.byNumber')}</h2>
<form method="get" action="/verwaltung/akten/suche" role="search" aria-label="${t('search.byNumber')}">
${textField({ name: 'az', label: t('search.number'), hint: t('search.numberHint'), value: v.az, errorPrefix: p('field.errorPrefix'), spellcheck: false })}
${button(t('search.submit'), 'secondary')}
</form>
${state.files
  ? html`<h3 class="kern-heading-small">${t('search.files')}</h3>${state.files.length === 0
      ? html`<p class="kern-body">${t('search.noFiles')}</p>`
      : table(
          [t('file.number'), t('field.title'), t('file.status')],
          state.files.map((file) => html`<tr class="kern-table__row">${cell(html`<a class="kern-link" href="${filePath(file.id)}">${file.fileNumber}</a>`)}${cell(file.title)}${cell(t(messageKey(`file.status.${file.status}`)))}</tr>`),
        )}`
  : ''}
<h2 class="kern-heading-medium">${t('search.fullText')}</h2>
<form method="get" action="/verwaltung/akten/suche" role="search" aria-label="${t('search.fullText')}" novalidate>
${textField({ name: 'q', label: t('search.text'), hint: t('search.textHint'), value: v.q, type: 'search', errorPrefix: p('field.errorPrefix') })}
${selectField({ name: 'position', label: t('search.position'), value: v.position, placeholder: t('search.allPositions'), choices: state.positions.map((position) => ({ value: position.id, label: `${position.code} ${position.title}` })), errorPrefix: p('field.errorPrefix') })}
${selectField({ name: 'status', label: t('search.status'), value: v.status, placeholder: t('search.all'), choices: fileStatuses.map((status) => ({ value: status, label: t(messageKey(`file.status.${status}`)) })), errorPrefix: p('field.errorPrefix') })}
${selectField({ name: 'kind', label: t('search.kind'), value: v.kind, placeholder: t('search.all'), choices: documentKinds.map((kind) => ({ value: kind, label: t(messageKey(`kind.${kind}`)) })), errorPrefix: p('field.errorPrefix') })}
${textField({ name: 'from', label: t('search.from'), hint: t('field.documentDateHint'), value: v.from, error: error('from'), errorPrefix: p('field.errorPrefix'), width: 4 })}
${textField({ name: 'to', label: t('search.to'), value: v.to, error: error('to'), errorPrefix: p('field.errorPrefix'), width: 4 })}
${button(t('search.submit'))}
</form>
${state.hits
  ? html`<h3 class="kern-heading-small" id="results">${state.hits.length >= searchLimit ? t('search.resultsMax', { count: searchLimit }) : state.hits.length === 0 ? t('search.none') : t('search.results', { count: state.hits.length })}</h3>
<ol class="kern-list">${state.hits.map(
  (hit) => html`<li><a class="kern-link" href="${documentPath(hit.fileId, hit.documentId)}">${hit.title}</a>
  <span class="kern-body kern-body--small">${t(messageKey(`kind.${hit.kind}`))}, ${showDate(hit.documentDate)}, ${t('search.in', { number: hit.fileNumber, title: hit.fileTitle })} (${t(messageKey(`file.status.${hit.fileStatus}`))})</span>
  ${hit.excerpt ? html`<p class="kern-body kern-body--small">… ${excerpt(hit.excerpt)} …</p>` : ''}</li>`,
)}</ol>`
  : ''}
<p class="kern-body"><a class="kern-link" href="/verwaltung/akten">${t('back.plan')}</a></p>`,
  };
}
