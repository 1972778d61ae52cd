/** Pages of retention and disposal: the due list with filters, a procedure, the legal hold of a file. */
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, selectField, textAreaField, textField, uploadForm, type FieldError } from '../../../platform/views/components.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import type { Disposal, DisposalSummary } from '../disposal.ts';
import type { PlanPosition } from '../file-plan.ts';
import type { RecordFile } from '../record-files.ts';
import type { DueFile, LegalHold } from '../retention.ts';
import { messageNames } from '../xdomea/messages.ts';
import { disposalMessages, type DisposalMessageKey } from './disposal-messages.ts';
import { filePath } from './plan-views.ts';
import { cell, showDate, table, type Page, type Values } from './view-tools.ts';

export const disposalBase = '/verwaltung/akten/aussonderung';
export const disposalPath = (id: string) => `${disposalBase}/${id}`;
export const holdPath = (fileId: string) => `${filePath(fileId)}/aufbewahrung`;

function tools(locale: Locale) {
  return { t: translator(disposalMessages, locale), p: translator(platformMessages, locale) };
}
const key = (text: string) => text as DisposalMessageKey;

export type DueState = { values: Values; errors: FieldError[]; positions: PlanPosition[]; files: DueFile[]; today: string; procedures: DisposalSummary[]; startErrors?: FieldError[]; startValues?: Values; status?: number };

export function duePage(locale: Locale, csrf: string, state: DueState): Page {
  const { t, p } = tools(locale);
  const errors = [...state.errors, ...(state.startErrors ?? [])];
  const positionChoices = state.positions.map((position) => ({ value: position.id, label: `${position.code} ${position.title}` }));
  const stateOf = (file: DueFile) =>
    file.legalHold ? t('due.state.hold') : file.disposalId ? html`<a class="kern-link" href="${disposalPath(file.disposalId)}">${t('due.state.procedure')}</a>` : file.dueOn > state.today ? t('due.state.future') : t('due.state.open');
  return {
    title: t('due.title'),
    hasErrors: errors.length > 0,
    ...(state.status ? { status: state.status } : {}),
    content: html`${errorSummary(p('errorSummary.title'), errors)}
<h1 class="kern-heading-x-large">${t('due.title')}</h1>
<p class="kern-body">${t('due.lead')}</p>
<form method="get" action="${disposalBase}" novalidate>
${textField({ name: 'bis', label: t('due.until'), hint: t('due.untilHint'), value: state.values.bis, error: errorOf(state.errors, 'bis'), errorPrefix: p('field.errorPrefix'), width: 4 })}
${selectField({ name: 'position', label: t('due.position'), value: state.values.position ?? '', placeholder: t('due.anyPosition'), choices: positionChoices, errorPrefix: p('field.errorPrefix') })}
${selectField({ name: 'art', label: t('due.kind'), value: state.values.art ?? '', placeholder: t('due.anyKind'), choices: ['archivieren', 'bewerten', 'vernichten'].map((kind) => ({ value: kind, label: t(key(`kind.${kind}`)) })), errorPrefix: p('field.errorPrefix') })}
${selectField({ name: 'hold', label: t('due.hold'), value: state.values.hold || 'alle', choices: ['alle', 'ohne', 'nur'].map((hold) => ({ value: hold, label: t(key(`due.hold.${hold}`)) })), errorPrefix: p('field.errorPrefix') })}
${button(t('due.filter'), 'secondary')}
</form>
<p class="kern-body">${t('due.count', { count: state.files.length })}</p>
${state.files.length === 0
  ? html`<p class="kern-body">${t('due.none')}</p>`
  : table(
      [t('due.col.number'), t('due.col.title'), t('due.col.closed'), t('due.col.due'), t('due.col.kind'), t('due.col.state')],
      state.files.map((file) => html`<tr class="kern-table__row">${cell(html`<a class="kern-link" href="${filePath(file.id)}">${file.fileNumber}</a>`)}${cell(file.title)}${cell(showDate(file.closedOn))}${cell(showDate(file.dueOn))}${cell(t(key(`kind.${file.disposal}`)))}${cell(stateOf(file))}</tr>`),
    )}
<h2 class="kern-heading-large">${t('start.title')}</h2>
<p class="kern-body">${t('start.hint')}</p>
${postForm(disposalBase, csrf, html`${textField({ name: 'archive', label: t('start.archive'), hint: t('start.archiveHint'), value: state.startValues?.archive, error: errorOf(state.startErrors ?? [], 'archive'), errorPrefix: p('field.errorPrefix') })}
${selectField({ name: 'position', label: t('due.position'), value: state.startValues?.position ?? state.values.position ?? '', placeholder: t('due.anyPosition'), choices: positionChoices, error: errorOf(state.startErrors ?? [], 'position'), errorPrefix: p('field.errorPrefix') })}
${button(t('start.submit'))}`)}
<h2 class="kern-heading-large">${t('procedures.title')}</h2>
${state.procedures.length === 0
  ? html`<p class="kern-body">${t('procedures.none')}</p>`
  : html`<ul class="kern-list">${state.procedures.map((procedure) => html`<li><a class="kern-link" href="${disposalPath(procedure.id)}">${t('procedure.title', { archive: procedure.archiveName })}</a>, ${formatDateTime(procedure.createdAt, locale)}: ${t('due.count', { count: procedure.files })}, ${t(key(`procedure.status.${procedure.status}`))}</li>`)}</ul>`}
<p class="kern-body"><a class="kern-link" href="/verwaltung/akten">Aktenplan</a></p>`,
  };
}

export type ProcedureState = { disposal: Disposal; errors?: FieldError[]; hint?: string | undefined; status?: number };

export function procedurePage(locale: Locale, csrf: string, state: ProcedureState): Page {
  const { t, p } = tools(locale);
  const { disposal } = state;
  const errors = state.errors ?? [];
  const outcome = (item: Disposal['items'][number]): SafeHtml => {
    const base = item.outcome ? t(key(`procedure.outcome.${item.outcome}`), { reference: item.archiveReference ?? '', note: item.note ?? '' }) : t('procedure.pending');
    return html`${base}${item.contentDeletedAt ? html`<br><span class="kern-body kern-body--small">${t('procedure.deleted', { date: formatDateTime(item.contentDeletedAt, locale), count: item.deletedVersions ?? 0 })}</span>` : ''}${item.legalHold ? html`<br>${t('due.state.hold')}` : ''}`;
  };
  const canDestroy = disposal.status !== 'angeboten' && disposal.items.some((item) => item.appraisal === 'vernichten' && item.outcome === null);
  return {
    title: t('procedure.title', { archive: disposal.archiveName }),
    hasErrors: errors.length > 0,
    ...(state.status ? { status: state.status } : {}),
    content: html`${errorSummary(p('errorSummary.title'), errors)}
${state.hint ? notice('success', state.hint) : ''}
<h1 class="kern-heading-x-large">${t('procedure.title', { archive: disposal.archiveName })}</h1>
<p class="kern-body">${t('procedure.started', { date: formatDateTime(disposal.createdAt, locale), name: disposal.createdBy ?? '–' })}. ${t('procedure.status')}: <strong>${t(key(`procedure.status.${disposal.status}`))}</strong></p>
<h2 class="kern-heading-large">${t('procedure.files')}</h2>
${table(
  [t('due.col.number'), t('due.col.title'), t('procedure.col.offered'), t('procedure.col.appraisal'), t('procedure.col.outcome')],
  disposal.items.map((item) => html`<tr class="kern-table__row">${cell(html`<a class="kern-link" href="${filePath(item.fileId)}">${item.fileNumber}</a>`)}${cell(item.title)}${cell(t(key(`kind.${item.offeredKind}`)))}${cell(item.appraisal ? t(key(`kind.${item.appraisal}`)) : t('procedure.pending'))}${cell(outcome(item))}</tr>`),
)}
<h2 class="kern-heading-large">${t('procedure.messages')}</h2>
<ul class="kern-list">${disposal.messages.map((message) => html`<li>${t('procedure.message', { code: message.code, name: messageNames[message.code as keyof typeof messageNames] ?? '', direction: t(message.direction === 'gesendet' ? 'procedure.sent' : 'procedure.received'), date: formatDateTime(message.createdAt, locale) })}</li>`)}</ul>
<p class="kern-body"><a class="kern-link" href="${disposalPath(disposal.id)}/0501.xml">${t('procedure.offerDownload')}</a></p>
${disposal.messages.some((message) => message.code === '0503') ? html`<p class="kern-body"><a class="kern-link" href="${disposalPath(disposal.id)}/0503.zip">${t('procedure.packageDownload')}</a></p>` : ''}
${disposal.status !== 'abgeschlossen'
  ? html`<h2 class="kern-heading-large">${t('procedure.import')}</h2>
${uploadForm(`${disposalPath(disposal.id)}/nachricht`, csrf, html`<div class="kern-form-input${errorOf(errors, 'file') ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="f-file">${t('procedure.import')}</label>
  <div class="kern-hint" id="f-file-hint">${t('procedure.importHint')}</div>
  ${errorOf(errors, 'file') ? html`<p class="kern-error" id="f-file-error"><span class="kern-sr-only">${p('field.errorPrefix')} </span>${errorOf(errors, 'file')}</p>` : ''}
  <input class="kern-form-input__input" id="f-file" name="file" type="file" accept=".xml,.zip" aria-describedby="f-file-hint${errorOf(errors, 'file') ? ' f-file-error' : ''}"${errorOf(errors, 'file') ? html` aria-invalid="true"` : ''}>
</div>
${button(t('procedure.importSubmit'))}`)}`
  : ''}
${disposal.status === 'bewertet'
  ? html`<h2 class="kern-heading-large">${t('procedure.handover')}</h2><p class="kern-body">${t('procedure.handoverHint')}</p>${postForm(`${disposalPath(disposal.id)}/uebergabe`, csrf, button(t('procedure.handover'), 'secondary'))}`
  : ''}
${canDestroy
  ? html`<h2 class="kern-heading-large">${t('procedure.destroy')}</h2><p class="kern-body">${t('procedure.destroyHint')}</p>${postForm(`${disposalPath(disposal.id)}/vernichtung`, csrf, button(t('procedure.destroy'), 'secondary'))}`
  : ''}
<p class="kern-body"><a class="kern-link" href="${disposalBase}">${t('back.due')}</a></p>`,
  };
}

export type HoldState = { file: RecordFile; holds: LegalHold[]; disposed: boolean; values?: Values; errors?: FieldError[]; saved?: boolean; status?: number };

export function holdPage(locale: Locale, csrf: string, state: HoldState): Page {
  const { t, p } = tools(locale);
  const { file } = state;
  const errors = state.errors ?? [];
  return {
    title: t('hold.title', { number: file.fileNumber }),
    hasErrors: errors.length > 0,
    ...(state.status ? { status: state.status } : {}),
    content: html`${errorSummary(p('errorSummary.title'), errors)}
${state.saved ? notice('success', t('hold.saved')) : ''}
<p class="kern-preline">${file.fileNumber} · ${file.title}</p>
<h1 class="kern-heading-x-large">${t('hold.title', { number: file.fileNumber })}</h1>
<p class="kern-body">${t('hold.lead')}</p>
${notice(file.legalHold ? 'warning' : 'info', file.legalHold ? t('hold.active') : t('hold.inactive'))}
${state.disposed
  ? html`<p class="kern-body">${t('hold.disposed')}</p>`
  : postForm(holdPath(file.id), csrf, html`<input type="hidden" name="aktion" value="${file.legalHold ? 'aufheben' : 'setzen'}">
${textAreaField({ name: 'reason', label: t('hold.reason'), value: state.values?.reason, error: errorOf(errors, 'reason'), errorPrefix: p('field.errorPrefix'), rows: 3 })}
${button(file.legalHold ? t('hold.release') : t('hold.set'))}`)}
${state.holds.length > 0
  ? html`<h2 class="kern-heading-large">${t('hold.history')}</h2><ul class="kern-list">${state.holds.map((hold) => html`<li>${t('hold.entry', { date: formatDateTime(hold.setAt, locale), name: hold.setBy ?? '–', reason: hold.reason })}${hold.releasedAt ? html`<br>${t('hold.released', { date: formatDateTime(hold.releasedAt, locale), name: hold.releasedBy ?? '–', reason: hold.releaseReason ?? '' })}` : ''}</li>`)}</ul>`
  : ''}
<p class="kern-body"><a class="kern-link" href="${filePath(file.id)}">${t('back.file', { number: file.fileNumber })}</a></p>`,
  };
}

/** The notice on a file page and the 410 page of a download once the content is disposed. */
export function disposedNotice(locale: Locale, disposed: { outcome: string; at: Date; archiveReference: string | null }): string {
  const { t } = tools(locale);
  const how = disposed.outcome === 'uebergeben' ? t('disposed.uebergeben', { reference: disposed.archiveReference ?? '' }) : t('disposed.vernichtet');
  return t('disposed.notice', { date: formatDateTime(disposed.at, locale), how });
}

export function disposedTitle(locale: Locale): string {
  return tools(locale).t('disposed.title');
}

export function holdLinkLabel(locale: Locale): string {
  return tools(locale).t('hold.link');
}
