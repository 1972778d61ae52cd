/**
 * A file field on a step page: the files uploaded so far, each with a "remove" button, and a
 * file input while more files fit. Works without JavaScript: the step's form is sent as
 * multipart/form-data, and each remove button belongs (HTML `form` attribute) to a small form of
 * its own after the step's form, so pressing Enter in a text field never removes a file (the
 * default button of the step's form stays "Continue").
 */
import type { FileField } from '../definition/types.ts';
import { attr, html, type SafeHtml } from '../../../platform/views/html.ts';
import { fieldId, postForm } from '../../../platform/views/components.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import type { FileRef } from '../runtime/answers.ts';
import { typeList, uploadMessages } from './upload-messages.ts';

/** What the step page knows about uploads: the files per field, the cap, and where "remove" posts. */
export type UploadView = {
  files: ReadonlyMap<string, readonly FileRef[]>;
  maxMb: (field: FileField) => number;
  removeAction: (attachmentId: string) => string;
};

export const removeFormId = (attachmentId: string) => `entfernen-${attachmentId}`;

const number = (value: number, locale: Locale) => new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }).format(value);

export function formatSize(bytes: number, locale: Locale): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, locale)} KB`;
  return `${number(bytes / (1024 * 1024), locale)} MB`;
}

export function fileField(field: FileField, uploads: UploadView, error: string | undefined, errorPrefix: string, locale: Locale): SafeHtml {
  const t = translator(uploadMessages, locale);
  const id = fieldId(field.id);
  const files = uploads.files.get(field.id) ?? [];
  const max = field.maxFiles ?? 1;
  const hint = [field.help?.[locale], t('allowed', { types: typeList(field.accept, locale), mb: number(uploads.maxMb(field), locale) }), max > 1 ? t('allowedCount', { max }) : '']
    .filter(Boolean)
    .join(' ');
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const list = files.length === 0 ? '' : html`<h3 class="kern-heading-small">${t('uploaded')}</h3>
  <ul class="kern-list uploaded-files">${files.map((file) => html`<li><span class="uploaded-file-name">${file.name}</span> (${formatSize(file.size, locale)})
    <button type="submit" form="${removeFormId(file.id)}" class="kern-btn kern-btn--tertiary"><span class="kern-label">${t('remove')}<span class="kern-sr-only"> ${file.name}</span></span></button></li>`)}</ul>`;
  const full = files.length >= max;
  const input = full
    ? html`<p class="kern-body" id="${id}">${t('full')}</p>`
    : html`<input class="kern-form-input__input${error ? ' kern-form-input__input--error' : ''}" type="file" id="${id}" name="${field.id}"${attr('accept', field.accept.join(','))}${attr('multiple', max - files.length > 1)} aria-describedby="${describedBy}"${attr('aria-invalid', error ? 'true' : undefined)}>`;
  return html`<div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
  ${full ? html`<p class="kern-label">${field.label[locale]}</p>` : html`<label class="kern-label" for="${id}">${field.label[locale]}</label>`}
  <div class="kern-hint" id="${id}-hint">${hint}</div>
  ${error ? html`<p class="kern-error" id="${id}-error"><span class="kern-sr-only">${errorPrefix} </span>${error}</p>` : ''}
  ${list}
  ${input}
</div>`;
}

export { uploadForm } from '../../../platform/views/components.ts';

/** One empty form per uploaded file, placed after the step's form, for its remove button. */
export function removeForms(uploads: UploadView, csrfToken: string): SafeHtml {
  const ids = [...uploads.files.values()].flat().map((file) => file.id);
  return html`${ids.map((attachmentId) => postForm(uploads.removeAction(attachmentId), csrfToken, '', { id: removeFormId(attachmentId) }))}`;
}
