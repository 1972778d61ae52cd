/** Pieces of the message thread both sides share: the files of a message, and the file input of the message forms. */
import { formatNumber } from '../../../platform/i18n/format.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { attr, html, type SafeHtml } from '../../../platform/views/html.ts';
import { fieldId } from '../../../platform/views/components.ts';
import { isPreviewable } from '../../../platform/http/file-response.ts';
import type { MessageFile } from '../message-files.ts';
import { messageFileField, messageFileTypes } from './message-uploads.ts';
import { caseMessages } from './messages.ts';

/** The files of one message as links; `inline` says whether PDFs and images open in the browser. */
export function messageFileLinks(files: readonly MessageFile[], href: (file: MessageFile) => string, inline: boolean, locale: Locale): SafeHtml {
  if (files.length === 0) return html``;
  const t = translator(caseMessages, locale);
  return html`<p class="kern-body kern-body--small">${t('message.files')}:</p>
<ul class="kern-list case-message__files">${files.map((file) => html`<li><a class="kern-link" href="${href(file)}">${file.name}</a>
  <span class="kern-body kern-body--small">(${file.mediaType}, ${formatNumber(Math.max(1, Math.round(file.size / 1024)), locale)} KB, ${inline && isPreviewable(file.mediaType) ? t('case.fileOpen') : t('case.fileDownload')})</span></li>`)}</ul>`;
}

/**
 * The file input of a message form (the form posts multipart/form-data). The component wires
 * its hint and error to the input (WCAG 1.3.1, 3.3.1); `multiple` lets one answer carry several
 * documents.
 */
export function messageFileInput(options: { label: string; hint: string; error: string | undefined; errorPrefix: string }): SafeHtml {
  const id = fieldId(messageFileField);
  const describedBy = [`${id}-hint`, options.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="kern-form-input${options.error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${id}">${options.label}</label>
  <div class="kern-hint" id="${id}-hint">${options.hint}</div>
  ${options.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-sr-only">${options.errorPrefix} </span>${options.error}</p>` : ''}
  <input class="kern-form-input__input${options.error ? ' kern-form-input__input--error' : ''}" type="file" id="${id}" name="${messageFileField}" accept="${messageFileTypes.join(',')}" multiple aria-describedby="${describedBy}"${attr('aria-invalid', options.error ? 'true' : undefined)}>
</div>`;
}
