/** Pages of one file: its processes and documents, the forms to add to it, closing, a document's versions. */
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, selectField, textField, uploadForm, type FieldError } from '../../../platform/views/components.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { directions, documentKinds, type DocumentVersion, type RecordDocument } from '../documents.ts';
import type { RecordFile, RecordProcess } from '../record-files.ts';
import { filePath, positionPath } from './plan-views.ts';
import { cell, facts, messageKey, showDate, table, tools, type Page, type T, type Values } from './view-tools.ts';

export const documentPath = (fileId: string, documentId: string) => `${filePath(fileId)}/dokumente/${documentId}`;
export const versionPath = (fileId: string, documentId: string, version: number) => `${documentPath(fileId, documentId)}/fassungen/${version}`;

function textState(t: T, document: RecordDocument): string {
  return document.textMethod ? t(messageKey(`doc.text.${document.textMethod}`)) : t('doc.text.pending');
}

function documentTable(t: T, file: RecordFile, documents: readonly RecordDocument[]): SafeHtml {
  if (documents.length === 0) return html`<p class="kern-body">${t('file.noDocuments')}</p>`;
  return table(
    [t('doc.col.title'), t('doc.col.kind'), t('doc.col.date'), t('doc.col.direction'), t('doc.col.version'), t('doc.col.text')],
    documents.map(
      (document) => html`<tr class="kern-table__row">${cell(html`<a class="kern-link" href="${documentPath(file.id, document.id)}">${document.title}</a>`)}${cell(t(messageKey(`kind.${document.kind}`)))}${cell(showDate(document.documentDate))}${cell(t(messageKey(`direction.${document.direction}`)))}${cell(String(document.latestVersion))}${cell(textState(t, document))}</tr>`,
    ),
  );
}

export function fileFacts(t: T, file: RecordFile): SafeHtml {
  return facts([
    [t('file.number'), file.fileNumber],
    [t('file.position'), html`<a class="kern-link" href="${positionPath(file.positionId)}">${file.positionCode} ${file.positionTitle}</a>`],
    [t('file.status'), t(messageKey(`file.status.${file.status}`))],
    [t('file.opened'), showDate(file.openedOn)],
    ...(file.status === 'abgeschlossen'
      ? ([
          [t('file.closed'), showDate(file.closedOn)],
          [t('file.retainUntil'), `${showDate(file.retainUntil)} (${t(messageKey(`disposal.${file.disposal ?? 'bewerten'}`))})`],
        ] as [string, string][])
      : []),
    [t('file.legalHold'), file.legalHold ? t('file.yes') : t('file.no')],
  ]);
}

/** The fields of a document upload; `withMetadata` false for a new version (metadata stays). */
export function uploadFields(t: T, p: ReturnType<typeof tools>['p'], state: { values: Values; errors: readonly FieldError[]; processes: readonly RecordProcess[]; maxMb: number; withMetadata: boolean }): SafeHtml {
  const { values, errors } = state;
  const error = (name: string) => errorOf(errors, name);
  const fileInput = html`<div class="kern-form-input${error('file') ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="f-file">${t('field.file')}</label>
  <div class="kern-hint" id="f-file-hint">${t('field.fileHint', { mb: state.maxMb })}</div>
  ${error('file') ? html`<p class="kern-error" id="f-file-error"><span class="kern-sr-only">${p('field.errorPrefix')} </span>${error('file')}</p>` : ''}
  <input class="kern-form-input__input" id="f-file" name="file" type="file" aria-describedby="f-file-hint${error('file') ? ' f-file-error' : ''}"${error('file') ? html` aria-invalid="true"` : ''}>
</div>`;
  if (!state.withMetadata) return fileInput;
  const optional = t('field.optional');
  return html`${textField({ name: 'title', label: t('field.title'), value: values.title, error: error('title'), errorPrefix: p('field.errorPrefix') })}
${selectField({ name: 'kind', label: t('field.kind'), value: values.kind ?? 'schreiben', choices: documentKinds.map((kind) => ({ value: kind, label: t(messageKey(`kind.${kind}`)) })), error: error('kind'), errorPrefix: p('field.errorPrefix') })}
${textField({ name: 'documentDate', label: t('field.documentDate'), hint: t('field.documentDateHint'), value: values.documentDate, error: error('documentDate'), errorPrefix: p('field.errorPrefix'), width: 4 })}
${selectField({ name: 'direction', label: t('field.direction'), value: values.direction ?? 'eingang', choices: directions.map((direction) => ({ value: direction, label: t(messageKey(`direction.${direction}`)) })), error: error('direction'), errorPrefix: p('field.errorPrefix') })}
${textField({ name: 'sender', label: t('field.sender'), optionalLabel: optional, value: values.sender, error: error('sender'), errorPrefix: p('field.errorPrefix') })}
${textField({ name: 'recipient', label: t('field.recipient'), optionalLabel: optional, value: values.recipient, error: error('recipient'), errorPrefix: p('field.errorPrefix') })}
${selectField({ name: 'process', label: t('field.process'), value: values.process ?? '', placeholder: t('field.noProcess'), choices: state.processes.map((process) => ({ value: process.id, label: t('file.process', { number: process.number, title: process.title }) })), error: error('process'), errorPrefix: p('field.errorPrefix') })}
${fileInput}`;
}

export type FileState = {
  file: RecordFile;
  processes: RecordProcess[];
  documents: RecordDocument[];
  maxMb: number;
  values?: Values;
  errors?: FieldError[];
  hint?: 'created' | 'saved' | 'closed' | undefined;
  status?: number;
  /** Retention and disposal: a notice once the content was disposed, and the legal-hold page. */
  disposal?: { notice: string | undefined; holdLink: { href: string; label: string } };
};

export function filePage(locale: Locale, csrf: string, state: FileState): Page {
  const { t, p } = tools(locale);
  const { file } = state;
  const errors = state.errors ?? [];
  const open = file.status === 'offen';
  const hint = state.hint === 'created' ? t('file.created', { number: file.fileNumber }) : state.hint === 'closed' ? t('file.closedDone') : state.hint === 'saved' ? t('file.saved') : undefined;
  const loose = state.documents.filter((document) => document.processId === null);
  return {
    title: `${file.fileNumber} ${file.title}`,
    hasErrors: errors.length > 0,
    ...(state.status ? { status: state.status } : {}),
    content: html`${errorSummary(p('errorSummary.title'), errors)}
${hint ? notice('success', hint) : ''}
${open ? '' : notice('info', t('file.closedNotice'))}
${state.disposal?.notice ? notice('warning', state.disposal.notice) : ''}
<p class="kern-preline">${file.fileNumber}</p>
<h1 class="kern-heading-x-large">${file.title}</h1>
${fileFacts(t, file)}
${state.disposal ? html`<p class="kern-body"><a class="kern-link" href="${state.disposal.holdLink.href}">${state.disposal.holdLink.label}</a></p>` : ''}
<h2 class="kern-heading-large">${t('file.processes')}</h2>
${state.processes.length === 0 ? html`<p class="kern-body">${t('file.noProcesses')}</p>` : state.processes.map(
  (process) => html`<h3 class="kern-heading-medium">${t('file.process', { number: process.number, title: process.title })}</h3>
${process.caseReference ? html`<p class="kern-body"><a class="kern-link" href="/verwaltung/vorgaenge/${process.caseId}">${t('file.case', { reference: process.caseReference })}</a></p>` : ''}
${documentTable(t, file, state.documents.filter((document) => document.processId === process.id))}`,
)}
${loose.length > 0 || state.processes.length === 0 ? html`<h2 class="kern-heading-large">${state.processes.length === 0 ? t('file.documents') : t('file.looseDocuments')}</h2>${documentTable(t, file, loose)}` : ''}
${open
  ? html`<h2 class="kern-heading-large">${t('file.upload')}</h2>
${uploadForm(`${filePath(file.id)}/dokumente`, csrf, html`${uploadFields(t, p, { values: state.values ?? {}, errors, processes: state.processes, maxMb: state.maxMb, withMetadata: true })}
${button(t('upload'))}`)}
<h2 class="kern-heading-large">${t('file.newProcess')}</h2>
${postForm(`${filePath(file.id)}/vorgaenge`, csrf, html`${textField({ name: 'processTitle', label: t('field.processTitle'), value: state.values?.processTitle, error: errorOf(errors, 'processTitle'), errorPrefix: p('field.errorPrefix') })}
${button(t('create'), 'secondary')}`)}
<h2 class="kern-heading-large">${t('file.close')}</h2>
<p class="kern-body"><a class="kern-btn kern-btn--secondary" href="${filePath(file.id)}/abschliessen"><span class="kern-label">${t('file.close')}</span></a></p>`
  : ''}
<p class="kern-body"><a class="kern-link" href="${positionPath(file.positionId)}">${file.positionCode} ${file.positionTitle}</a> · <a class="kern-link" href="/verwaltung/akten">${t('back.plan')}</a></p>`,
  };
}

export function closePage(locale: Locale, csrf: string, file: RecordFile, retentionYears: number, disposal: string): Page {
  const { t } = tools(locale);
  return {
    title: t('close.title', { number: file.fileNumber }),
    content: html`<p class="kern-preline">${file.fileNumber}</p>
<h1 class="kern-heading-x-large">${t('close.title', { number: file.fileNumber })}</h1>
<p class="kern-body">${t('close.body', { years: retentionYears, disposal: t(messageKey(`disposal.${disposal}`)) })}</p>
${postForm(`${filePath(file.id)}/abschliessen`, csrf, html`${button(t('close.confirm'))}`)}
<p class="kern-body"><a class="kern-link" href="${filePath(file.id)}">${t('close.cancel')}</a></p>`,
  };
}

export type DocumentState = { file: RecordFile; document: RecordDocument; versions: DocumentVersion[]; maxMb: number; errors?: FieldError[]; saved?: boolean; status?: number };

export function documentPage(locale: Locale, csrf: string, state: DocumentState): Page {
  const { t, p } = tools(locale);
  const { file, document } = state;
  const errors = state.errors ?? [];
  return {
    title: `${document.title} – ${file.fileNumber}`,
    hasErrors: errors.length > 0,
    ...(state.status ? { status: state.status } : {}),
    content: html`${errorSummary(p('errorSummary.title'), errors)}
${state.saved ? notice('success', t('file.saved')) : ''}
<p class="kern-preline">${file.fileNumber} · ${file.title}</p>
<h1 class="kern-heading-x-large">${document.title}</h1>
${facts([
  [t('field.kind'), t(messageKey(`kind.${document.kind}`))],
  [t('field.documentDate'), showDate(document.documentDate)],
  [t('field.direction'), t(messageKey(`direction.${document.direction}`))],
  [t('field.sender'), document.sender ?? '–'],
  [t('field.recipient'), document.recipient ?? '–'],
  [t('doc.col.text'), textState(t, document)],
])}
<h2 class="kern-heading-large">${t('doc.versions')}</h2>
${table(
  [t('doc.col.version'), t('field.file'), t('doc.sha256'), t('file.opened')],
  state.versions.map((version) => html`<tr class="kern-table__row">${cell(html`<a class="kern-link" href="${versionPath(file.id, document.id, version.version)}">${t('doc.download', { version: version.version })}</a>`)}${cell(html`${version.fileName}<br><span class="kern-body kern-body--small">${version.mediaType}, ${t('doc.size', { size: version.size })}, ${t(messageKey(`doc.scan.${version.scanResult}`))}</span>`)}${cell(html`<code>${version.sha256}</code>`)}${cell(`${formatDateTime(version.createdAt, locale)}${version.createdBy ? ` · ${version.createdBy}` : ''}`)}</tr>`),
)}
${file.status === 'offen'
  ? html`<h2 class="kern-heading-large">${t('doc.newVersion')}</h2>
<p class="kern-body">${t('doc.newVersionHint')}</p>
${uploadForm(`${documentPath(file.id, document.id)}/fassungen`, csrf, html`${uploadFields(t, p, { values: {}, errors, processes: [], maxMb: state.maxMb, withMetadata: false })}
${button(t('upload'))}`)}`
  : notice('info', t('file.closedNotice'))}
<p class="kern-body"><a class="kern-link" href="${filePath(file.id)}">${t('doc.backToFile', { number: file.fileNumber })}</a></p>`,
  };
}

export function problemPage(locale: Locale, title: string, body: string, back: string, status: number): Page {
  const { t } = tools(locale);
  return {
    title,
    status,
    content: html`<h1 class="kern-heading-x-large">${title}</h1>
<p class="kern-body">${body}</p>
<p class="kern-body"><a class="kern-link" href="${back}">${t('back.plan')}</a></p>`,
  };
}
