/** The pages of an application: start, one step, check your answers, receipt. */
import type { FormDefinition, Step } from '../definition/types.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorSummary, postForm, textField, type FieldError } from '../../../platform/views/components.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { formatDate } from '../runtime/dates.ts';
import type { RawInput } from '../runtime/raw-input.ts';
import type { SummaryRow } from '../runtime/summary.ts';
import { renderField } from './field-views.ts';
import { summaryValue } from './summary-view.ts';
import { removeForms, uploadForm, type UploadView } from './upload-views.ts';
import { draftLifetimeDays, receiptMessages } from '../../submissions/index.ts';
import { applyMessages } from './messages.ts';
import { todayInGermany } from './published.ts';

export type Page = { title: string; content: SafeHtml; hasErrors?: boolean };

function heading(title: string, lead?: string): SafeHtml {
  return html`<h1 class="kern-heading-x-large">${title}</h1>${lead ? html`<p class="kern-body kern-body--large">${lead}</p>` : ''}`;
}

function backLink(href: string, locale: Locale): SafeHtml {
  return html`<p class="kern-body"><a class="kern-link" href="${href}">${translator(applyMessages, locale)('back')}</a></p>`;
}

export function startPage(def: FormDefinition, action: string, csrf: string, locale: Locale, lifetimeDays = draftLifetimeDays): Page {
  const t = translator(applyMessages, locale);
  return {
    title: def.title[locale],
    content: html`${heading(def.title[locale], def.intro?.[locale])}
<p class="kern-body">${t('startNote', { days: lifetimeDays })}</p>
${postForm(action, csrf, button(t('start')))}`,
  };
}

export type StepView = {
  step: Step;
  number: number;
  total: number;
  action: string;
  back: string;
  input: RawInput;
  errors: FieldError[];
  uploads?: UploadView;
  /** "Speichern und später fortsetzen" (absent in the back office's preview). */
  saveHref?: string;
};

function saveLink(href: string | undefined, locale: Locale): SafeHtml {
  return href ? html`<p class="kern-body"><a class="kern-link" href="${href}">${translator(applyMessages, locale)('saveForLater')}</a></p>` : html``;
}

export function stepPage(def: FormDefinition, view: StepView, csrf: string, locale: Locale): Page {
  const t = translator(applyMessages, locale);
  const errors = new Map(view.errors.map((error) => [error.field, error.message]));
  const context = { input: view.input, errors, locale, ...(view.uploads ? { uploads: view.uploads } : {}) };
  // Only a step with a file field is sent as multipart/form-data (upload-views.ts).
  const form = view.uploads ? uploadForm : postForm;
  return {
    title: `${view.step.title[locale]} – ${def.title[locale]}`,
    hasErrors: view.errors.length > 0,
    content: html`${backLink(view.back, locale)}
${errorSummary(translator(platformMessages, locale)('errorSummary.title'), view.errors)}
<p class="kern-body kern-body--small">${def.title[locale]} · ${t('stepOf', { number: view.number, total: view.total })}</p>
${heading(view.step.title[locale], view.step.intro?.[locale])}
${form(view.action, csrf, html`${view.step.fields.map((field) => renderField(field, field.id, context))}
${button(t('continue'))}`)}
${view.uploads ? removeForms(view.uploads, csrf) : ''}
${saveLink(view.saveHref, locale)}`,
  };
}

export type CheckView = {
  rows: SummaryRow[];
  stepHref: (stepId: string) => string;
  action: string;
  back: string;
  declarationError?: string;
  saveHref?: string;
  /** Where the confirmation mail goes (optional, GOV.UK Forms pattern), and what was wrong with it. */
  receiptEmail?: string;
  receiptEmailError?: string;
};

export function checkPage(def: FormDefinition, view: CheckView, csrf: string, locale: Locale): Page {
  const t = translator(applyMessages, locale);
  const p = translator(platformMessages, locale);
  const error = view.declarationError;
  const errors = [
    ...(view.receiptEmailError ? [{ field: 'bestaetigungEmail', message: view.receiptEmailError }] : []),
    ...(error ? [{ field: 'erklaerung', message: error }] : []),
  ];
  const rows = view.rows.map((row) => html`<div class="kern-description-list-item">
  <dt class="kern-description-list-item__key">${row.label}</dt>
  <dd class="kern-description-list-item__value">${summaryValue(row)}</dd>
  <dd class="kern-description-list-item__value"><a class="kern-link" href="${view.stepHref(row.stepId)}">${t('change')}<span class="kern-sr-only"> ${row.label}</span></a></dd>
</div>`);
  return {
    title: `${t('checkTitle')} – ${def.title[locale]}`,
    hasErrors: errors.length > 0,
    content: html`${backLink(view.back, locale)}
${errorSummary(p('errorSummary.title'), errors)}
${heading(t('checkTitle'), t('checkLead'))}
<dl class="kern-description-list">${rows}</dl>
${postForm(view.action, csrf, html`<h2 class="kern-heading-medium">${t('receiptMailTitle')}</h2>
${textField({
  name: 'bestaetigungEmail',
  label: t('receiptMailLabel'),
  optionalLabel: t('optional'),
  hint: t('receiptMailHint'),
  value: view.receiptEmail,
  type: 'email',
  autocomplete: 'email',
  spellcheck: false,
  error: view.receiptEmailError,
  errorPrefix: p('field.errorPrefix'),
})}
<h2 class="kern-heading-medium">${t('declaration')}</h2>
<p class="kern-body">${def.declaration.text[locale]}</p>
<div class="kern-form-check${error ? ' kern-form-check--error' : ''}">
  ${error ? html`<p class="kern-error" id="f-erklaerung-error"><span class="kern-sr-only">${p('field.errorPrefix')} </span>${error}</p>` : ''}
  <input class="kern-form-check__checkbox" type="checkbox" id="f-erklaerung" name="erklaerung" value="ja"${error ? html` aria-describedby="f-erklaerung-error" aria-invalid="true"` : ''}>
  <label class="kern-label" for="f-erklaerung">${def.declaration.confirmLabel[locale]}</label>
</div>
${button(t('submit'))}`)}
${saveLink(view.saveHref, locale)}`,
  };
}

/** The receipt; `pdfHref` links the Eingangsbestätigung (PDF) to download and keep. */
export function receiptPage(def: FormDefinition, receipt: { reference: string; submittedAt: Date; pdfHref: string }, locale: Locale): Page {
  const t = translator(applyMessages, locale);
  const r = translator(receiptMessages, locale);
  // The day of receipt in Germany, not in UTC (a submission at 00:30 belongs to that day).
  const day = formatDate(todayInGermany(receipt.submittedAt));
  return {
    title: `${t('receiptTitle')} – ${def.title[locale]}`,
    content: html`<div class="kern-alert kern-alert--success" role="status">
  <div class="kern-alert__header"><h1 class="kern-title">${t('receiptTitle')}</h1></div>
  <div class="kern-alert__body"><p class="kern-body">${t('receiptReference')}: <strong class="receipt-reference">${receipt.reference}</strong></p>
  <p class="kern-body">${def.title[locale]} · ${day}</p></div>
</div>
<p class="kern-body">${t('receiptKeep')}</p>
<p class="kern-body"><a class="kern-link" href="${receipt.pdfHref}">${r('download')} (${r('downloadFormat')})</a></p>
<h2 class="kern-heading-medium">${t('receiptNext')}</h2>
<p class="kern-body">${t('receiptNextBody')}</p>`,
  };
}
