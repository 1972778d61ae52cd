/** Pages of the file plan: the tree and one position with its files, its versions and forms. */
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorSummary, errorOf, notice, postForm, selectField, textField, type FieldError } from '../../../platform/views/components.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { disposalKinds, type PlanPosition, type PositionVersion } from '../file-plan.ts';
import type { RecordFile } from '../record-files.ts';
import { cell, facts, messageKey, showDate, table, tools, type Page, type T, type Values } from './view-tools.ts';

export const positionPath = (id: string) => `/verwaltung/akten/plan/${id}`;
export const filePath = (id: string) => `/verwaltung/akten/${id}`;

function tree(t: T, positions: readonly PlanPosition[], parentId: string | null): SafeHtml {
  const children = positions.filter((position) => position.parentId === parentId);
  if (children.length === 0) return html``;
  return html`<ul class="kern-list file-plan">${children.map(
    (position) => html`<li><a class="kern-link" href="${positionPath(position.id)}">${position.code} ${position.title}</a>${position.leaf ? html` <span class="kern-body kern-body--small">(${t('plan.files', { count: position.files })})</span>` : ''}${tree(t, positions, position.id)}</li>`,
  )}</ul>`;
}

export function planPage(locale: Locale, state: { tenantName: string; positions: PlanPosition[] }): Page {
  const { t } = tools(locale);
  return {
    title: t('plan.title'),
    content: html`<p class="kern-preline">${state.tenantName}</p>
<h1 class="kern-heading-x-large">${t('plan.title')}</h1>
<p class="kern-body kern-body--large">${t('plan.lead', { tenant: state.tenantName })}</p>
<p class="kern-body"><a class="kern-link" href="/verwaltung/akten/suche">${t('plan.toSearch')}</a></p>
<p class="kern-body"><a class="kern-link" href="/verwaltung/akten/aussonderung">${t('plan.toDisposal')}</a></p>
<nav aria-label="${t('plan.title')}">${tree(t, state.positions, null)}</nav>`,
  };
}

export type PositionState = {
  tenantName: string;
  position: PlanPosition;
  files: RecordFile[];
  history: PositionVersion[];
  values?: Values;
  errors?: FieldError[];
  /** Which form the errors belong to. */
  form?: 'file' | 'edit';
  hint?: 'saved' | 'unchanged' | undefined;
};

export function positionPage(locale: Locale, csrf: string, state: PositionState): Page {
  const { t, p } = tools(locale);
  const position = state.position;
  const errors = state.errors ?? [];
  const values = state.values ?? {};
  const editValues = state.form === 'edit' ? values : { title: position.title, retentionYears: String(position.retentionYears), disposal: position.disposal };
  const fileForm = position.leaf && !position.retired
    ? html`<h2 class="kern-heading-medium">${t('position.newFile')}</h2>
${postForm(`${positionPath(position.id)}/akten`, csrf, html`${textField({ name: 'fileTitle', label: t('field.title'), hint: t('position.newFileHint'), value: state.form === 'file' ? values.fileTitle : '', error: errorOf(errors, 'fileTitle'), errorPrefix: p('field.errorPrefix') })}
${button(t('create'))}`)}`
    : html``;
  return {
    title: `${position.code} ${position.title}`,
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
${state.hint ? notice('success', t(state.hint === 'saved' ? 'position.saved' : 'position.unchanged')) : ''}
<p class="kern-preline">${t('plan.title')} · ${state.tenantName}</p>
<h1 class="kern-heading-x-large">${position.code} ${position.title}</h1>
${facts([
  [t('position.retention'), t('position.years', { years: position.retentionYears })],
  [t('position.disposal'), t(messageKey(`disposal.${position.disposal}`))],
  [t('position.version'), String(position.version)],
])}
<h2 class="kern-heading-medium">${t('position.filesTitle')}</h2>
${!position.leaf ? html`<p class="kern-body">${t('position.notLeaf')}</p>` : state.files.length === 0 ? html`<p class="kern-body">${t('position.noFiles')}</p>` : table(
  [t('file.number'), t('field.title'), t('file.status'), t('file.opened')],
  state.files.map((file) => html`<tr class="kern-table__row">${cell(html`<a class="kern-link" href="${filePath(file.id)}">${file.fileNumber}</a>`)}${cell(file.title)}${cell(t(messageKey(`file.status.${file.status}`)))}${cell(showDate(file.openedOn))}</tr>`),
)}
${fileForm}
<h2 class="kern-heading-medium">${t('position.edit')}</h2>
<p class="kern-body">${t('position.editHint')}</p>
${postForm(positionPath(position.id), csrf, html`${textField({ name: 'title', label: t('field.title'), value: editValues.title, error: errorOf(errors, 'title'), errorPrefix: p('field.errorPrefix') })}
${textField({ name: 'retentionYears', label: t('field.retentionYears'), value: editValues.retentionYears, error: errorOf(errors, 'retentionYears'), errorPrefix: p('field.errorPrefix'), width: 4, inputmode: 'numeric' })}
${selectField({ name: 'disposal', label: t('field.disposal'), value: editValues.disposal, choices: disposalKinds.map((kind) => ({ value: kind, label: t(messageKey(`disposal.${kind}`)) })), error: errorOf(errors, 'disposal'), errorPrefix: p('field.errorPrefix') })}
${button(t('save'), 'secondary')}`)}
<h2 class="kern-heading-medium">${t('position.history')}</h2>
${table(
  [t('position.version'), t('field.title'), t('position.retention'), t('position.disposal'), t('position.changedAt')],
  state.history.map((version) => html`<tr class="kern-table__row">${cell(String(version.version))}${cell(version.title)}${cell(t('position.years', { years: version.retentionYears }))}${cell(t(messageKey(`disposal.${version.disposal}`)))}${cell(`${formatDateTime(version.changedAt, locale)}${version.changedBy ? ` · ${version.changedBy}` : ''}`)}</tr>`),
)}
<p class="kern-body"><a class="kern-link" href="/verwaltung/akten">${t('back.plan')}</a></p>`,
  };
}
