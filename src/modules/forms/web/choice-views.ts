/** Field sets the platform components do not cover: check boxes and compound fields (address, group). */
import type { CheckboxesField } from '../definition/types.ts';
import { attr, html, type HtmlValue, type SafeHtml } from '../../../platform/views/html.ts';
import { fieldId } from '../../../platform/views/components.ts';
import { multiple } from '../runtime/raw-input.ts';
import type { FieldContext } from './field-views.ts';

/**
 * A fieldset whose legend is the question, with hint and error wired like the platform components.
 * The error summary links to the field id: it is the first control's when `firstControlHasId`
 * (check boxes, as radio buttons do), else the fieldset's, which then takes the focus from that
 * link (tabindex -1), so that a keyboard or screen reader user lands on the question and not on
 * the page's body (WCAG 2.1 SC 2.4.3, 3.3.1).
 */
export function fieldset(legend: string, hint: string | undefined, error: string | undefined, errorPrefix: string, name: string, body: HtmlValue, firstControlHasId = false): SafeHtml {
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const target = firstControlHasId ? html`` : html` id="${id}" tabindex="-1"`;
  return html`<fieldset class="kern-fieldset${error ? ' kern-fieldset--error' : ''}"${target}${attr('aria-describedby', describedBy)}>
  <legend class="kern-label">${legend}</legend>
  ${hint ? html`<div class="kern-hint" id="${id}-hint">${hint}</div>` : ''}
  ${error ? html`<p class="kern-error" id="${id}-error"><span class="kern-sr-only">${errorPrefix} </span>${error}</p>` : ''}
  <div class="kern-fieldset__body">${body}</div>
</fieldset>`;
}

/**
 * Check boxes; a hidden empty value goes first so that "none ticked" still arrives as the field
 * (raw-input.ts drops empty values). The first box has the field id: the error summary's link
 * moves the focus onto it (GOV.UK pattern, as for radio buttons).
 */
export function checkboxGroup(field: CheckboxesField, name: string, context: FieldContext, errorPrefix: string): SafeHtml {
  const ticked = new Set(multiple(context.input, name));
  const error = context.errors.get(name);
  const id = fieldId(name);
  const boxes = field.options.map((option, index) => {
    const boxId = index === 0 ? id : `${id}-${index}`;
    return html`<div class="kern-form-check${error ? ' kern-form-check--error' : ''}">
    <input class="kern-form-check__checkbox" type="checkbox" id="${boxId}" name="${name}" value="${option.value}"${attr('checked', ticked.has(option.value))}>
    <label class="kern-label" for="${boxId}">${option.label[context.locale]}</label>
  </div>`;
  });
  return fieldset(field.label[context.locale], field.help?.[context.locale], error, errorPrefix, name, html`<input type="hidden" name="${name}" value="">${boxes}`, true);
}
