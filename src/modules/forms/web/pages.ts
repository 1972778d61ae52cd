/** The pages of an application: start, one step, check your answers, receipt. */
import type { FormDefinition, Step } from '../definition/types.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorSummary, postForm, type FieldError } from '../../../platform/views/components.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { formatDate } from '../runtime/dates.ts';
import type { RawInput } from '../runtime/raw-input.ts';
import type { SummaryRow } from '../runtime/summary.ts';
import { renderField } from './field-views.ts';
import { applyMessages } from './messages.ts';

export type Page = { title: string; content: SafeHtml; hasErrors?: boolean };

function heading(title: string, lead?: string): SafeHtml {
  return html`<h1 class="kern-heading-x-large">${title}</h1>${lead ? html`<p class="kern-body kern-body--large">${lead}</p>` : ''}`;
}

function backLink(href: string, locale: Locale): SafeHtml {
  return html`<p class="kern-body"><a class="kern-link" href="${href}">${translator(applyMessages, locale)('back')}</a></p>`;
}

export function startPage(def: FormDefinition, action: string, csrf: string, locale: Locale): Page {
  const t = translator(applyMessages, locale);
  return {
    title: def.title[locale],
    content: html`${heading(def.title[locale], def.intro?.[locale])}
<p class="kern-body">${t('startNote')}</p>
${postForm(action, csrf, button(t('start')))}`,
  };
}

export type StepView = { step: Step; number: number; total: number; action: string; back: string; input: RawInput; errors: FieldError[] };

export function stepPage(def: FormDefinition, view: StepView, csrf: string, locale: Locale): Page {
  const t = translator(applyMessages, locale);
  const errors = new Map(view.errors.map((error) => [error.field, error.message]));
  const context = { input: view.input, errors, locale };
  return {
    title: `${view.step.title[locale]} – ${def.title[locale]}`,
    hasErrors: view.errors.length > 0,
    content: html`${backLink(view.back, locale)}
${errorSummary(translator(platformMessages, locale)('errorSummary.title'), view.errors)}
<p class="kern-body kern-body--small">${def.title[locale]} · ${t('stepOf', { number: view.number, total: view.total })}</p>
${heading(view.step.title[locale], view.step.intro?.[locale])}
${postForm(view.action, csrf, html`${view.step.fields.map((field) => renderField(field, field.id, context))}
${button(t('continue'))}`)}`,
  };
}

function rowValue(row: SummaryRow): SafeHtml {
  if ('lines' in row.displayValue) return html`${row.displayValue.lines.map((line, index) => html`${index > 0 ? html`<br>` : ''}${line}`)}`;
  return html`${row.displayValue.items.map((item) => html`<p class="kern-body"><strong>${item.label}</strong></p>${item.rows.map((inner) => html`<p class="kern-body">${inner.label}: ${rowValue(inner)}</p>`)}`)}`;
}

export type CheckView = { rows: SummaryRow[]; stepHref: (stepId: string) => string; action: string; back: string; declarationError?: string };

export function checkPage(def: FormDefinition, view: CheckView, csrf: string, locale: Locale): Page {
  const t = translator(applyMessages, locale);
  const p = translator(platformMessages, locale);
  const error = view.declarationError;
  const rows = view.rows.map((row) => html`<div class="kern-description-list-item">
  <dt class="kern-description-list-item__key">${row.label}</dt>
  <dd class="kern-description-list-item__value">${rowValue(row)}</dd>
  <dd class="kern-description-list-item__value"><a class="kern-link" href="${view.stepHref(row.stepId)}">${t('change')}<span class="kern-sr-only"> ${row.label}</span></a></dd>
</div>`);
  return {
    title: `${t('checkTitle')} – ${def.title[locale]}`,
    hasErrors: error !== undefined,
    content: html`${backLink(view.back, locale)}
${errorSummary(p('errorSummary.title'), error ? [{ field: 'erklaerung', message: error }] : [])}
${heading(t('checkTitle'), t('checkLead'))}
<dl class="kern-description-list">${rows}</dl>
<h2 class="kern-heading-medium">${t('declaration')}</h2>
<p class="kern-body">${def.declaration.text[locale]}</p>
${postForm(view.action, csrf, html`<div class="kern-form-check${error ? ' kern-form-check--error' : ''}">
  ${error ? html`<p class="kern-error" id="f-erklaerung-error"><span class="kern-sr-only">${p('field.errorPrefix')} </span>${error}</p>` : ''}
  <input class="kern-form-check__checkbox" type="checkbox" id="f-erklaerung" name="erklaerung" value="ja"${error ? html` aria-describedby="f-erklaerung-error" aria-invalid="true"` : ''}>
  <label class="kern-label" for="f-erklaerung">${def.declaration.confirmLabel[locale]}</label>
</div>
${button(t('submit'))}`)}`,
  };
}

export function receiptPage(def: FormDefinition, receipt: { reference: string; submittedAt: Date }, locale: Locale): Page {
  const t = translator(applyMessages, locale);
  const day = formatDate(receipt.submittedAt.toISOString().slice(0, 10));
  return {
    title: `${t('receiptTitle')} – ${def.title[locale]}`,
    content: html`<div class="kern-alert kern-alert--success" role="status">
  <div class="kern-alert__header"><h1 class="kern-title">${t('receiptTitle')}</h1></div>
  <div class="kern-alert__body"><p class="kern-body">${t('receiptReference')}: <strong class="receipt-reference">${receipt.reference}</strong></p>
  <p class="kern-body">${def.title[locale]} · ${day}</p></div>
</div>
<p class="kern-body">${t('receiptKeep')}</p>
<h2 class="kern-heading-medium">${t('receiptNext')}</h2>
<p class="kern-body">${t('receiptNextBody')}</p>`,
  };
}
