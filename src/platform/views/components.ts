import { attr, html, type HtmlValue, type SafeHtml } from './html.ts';

/**
 * Accessible form components in the KERN design system. Each component owns its ARIA wiring
 * (label `for`, `aria-describedby` for hint and error, `aria-invalid`) so callers cannot get it
 * wrong: WCAG 2.1 SC 1.3.1, 3.3.1, 3.3.2, 4.1.2.
 */

export type FieldError = { field: string; message: string };

/** The message of the error for field `name`, if there is one. */
export function errorOf(errors: readonly FieldError[], name: string): string | undefined {
  return errors.find((error) => error.field === name)?.message;
}

export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/** Ids and ARIA wiring of a field's hint and error, shared by every field component. */
function describe(name: string, hint: string | undefined, error: string | undefined) {
  const id = fieldId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { id, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined };
}

/** The hint and the error message below a label; the error starts with a hidden "Fehler:" for screen readers. */
function hintAndError(ids: { hintId: string | undefined; errorId: string | undefined }, hint: string | undefined, error: string | undefined, errorPrefix: string): SafeHtml {
  return html`${hint ? html`<div class="kern-hint" id="${ids.hintId}">${hint}</div>` : ''}
  ${error ? html`<p class="kern-error" id="${ids.errorId}"><span class="kern-sr-only">${errorPrefix} </span>${error}</p>` : ''}`;
}

export type TextFieldOptions = {
  name: string;
  label: string;
  value?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  errorPrefix: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'search' | 'number';
  autocomplete?: string;
  optionalLabel?: string | undefined;
  width?: 2 | 4 | undefined;
  inputmode?: string;
  spellcheck?: boolean;
};

export function textField(options: TextFieldOptions): SafeHtml {
  const wiring = describe(options.name, options.hint, options.error);
  const { id, describedBy } = wiring;
  const inputClass = ['kern-form-input__input', options.error ? 'kern-form-input__input--error' : '', options.width ? `kern-form-input__input--width-${options.width}` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="kern-form-input${options.error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${id}">${options.label}${options.optionalLabel ? html` <span class="kern-label__optional">${options.optionalLabel}</span>` : ''}</label>
  ${hintAndError(wiring, options.hint, options.error, options.errorPrefix)}
  <input class="${inputClass}" id="${id}" name="${options.name}" type="${options.type ?? 'text'}"${attr('value', options.type === 'password' ? undefined : options.value)}${attr('autocomplete', options.autocomplete)}${attr('aria-describedby', describedBy)}${attr('aria-invalid', options.error ? 'true' : undefined)}${attr('inputmode', options.inputmode)}${attr('spellcheck', options.spellcheck === false ? 'false' : undefined)}>
</div>`;
}

/**
 * The error summary at the top of a page (GOV.UK pattern): each message links to its field.
 * `autofocus` moves focus to it after a failed submit without any script.
 */
export function errorSummary(title: string, errors: readonly FieldError[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="kern-alert kern-alert--danger error-summary" id="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
  <div class="kern-alert__header"><h2 class="kern-title" id="error-summary-title">${title}</h2></div>
  <div class="kern-alert__body"><ul class="kern-list">${errors.map(
    (error) => html`<li><a class="kern-link" href="#${fieldId(error.field)}">${error.message}</a></li>`,
  )}</ul></div>
</div>`;
}

export function notice(kind: 'info' | 'success' | 'warning' | 'danger', title: string, body?: HtmlValue): SafeHtml {
  return html`<div class="kern-alert kern-alert--${kind}" role="status">
  <div class="kern-alert__header"><h2 class="kern-title">${title}</h2></div>
  ${body ? html`<div class="kern-alert__body">${body}</div>` : ''}
</div>`;
}

/** A form that posts plain HTML with its CSRF token; `novalidate` so the server's messages show. */
export function postForm(action: string, csrfToken: string, content: HtmlValue, extra: { id?: string; multipart?: boolean } = {}): SafeHtml {
  return html`<form method="post" action="${action}"${extra.multipart ? html` enctype="multipart/form-data"` : ''} novalidate${attr('id', extra.id)}>
  <input type="hidden" name="_csrf" value="${csrfToken}">
  ${content}
</form>`;
}

/**
 * A form that uploads files. The CSRF token comes first in the body: the multipart parser checks
 * it before it reads any file (src/modules/forms/web/upload-services.ts).
 */
export function uploadForm(action: string, csrfToken: string, content: HtmlValue): SafeHtml {
  return postForm(action, csrfToken, content, { multipart: true });
}

export function button(label: string, variant: 'primary' | 'secondary' | 'tertiary' = 'primary'): SafeHtml {
  return html`<button type="submit" class="kern-btn kern-btn--${variant}"><span class="kern-label">${label}</span></button>`;
}

export type Choice = { value: string; label: string };

export type SelectFieldOptions = {
  name: string;
  label: string;
  choices: readonly Choice[];
  value?: string | undefined;
  /** Text of the empty first option. */
  placeholder?: string;
  hint?: string | undefined;
  error?: string | undefined;
  errorPrefix: string;
};

export function selectField(options: SelectFieldOptions): SafeHtml {
  const wiring = describe(options.name, options.hint, options.error);
  const { id, describedBy } = wiring;
  return html`<div class="kern-form-input${options.error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${id}">${options.label}</label>
  ${hintAndError(wiring, options.hint, options.error, options.errorPrefix)}
  <div class="kern-form-input__select-wrapper">
    <select class="kern-form-input__select${options.error ? ' kern-form-input__select--error' : ''}" id="${id}" name="${options.name}"${attr('aria-describedby', describedBy)}${attr('aria-invalid', options.error ? 'true' : undefined)}>
      ${options.placeholder !== undefined ? html`<option value="">${options.placeholder}</option>` : ''}
      ${options.choices.map((choice) => html`<option value="${choice.value}"${attr('selected', choice.value === options.value)}>${choice.label}</option>`)}
    </select>
  </div>
</div>`;
}

export type RadioGroupOptions = {
  name: string;
  legend: string;
  choices: readonly Choice[];
  value?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  errorPrefix: string;
};

/** Radios in a fieldset whose legend is the question (WCAG 1.3.1); the first radio takes the field id. */
export function radioGroup(options: RadioGroupOptions): SafeHtml {
  const wiring = describe(options.name, options.hint, options.error);
  const { id, describedBy } = wiring;
  return html`<fieldset class="kern-fieldset${options.error ? ' kern-fieldset--error' : ''}"${attr('aria-describedby', describedBy)}>
  <legend class="kern-label">${options.legend}</legend>
  ${hintAndError(wiring, options.hint, options.error, options.errorPrefix)}
  <div class="kern-fieldset__body">
    ${options.choices.map((choice, index) => {
      const choiceId = index === 0 ? id : `${id}-${index}`;
      return html`<div class="kern-form-check${options.error ? ' kern-form-check--error' : ''}">
      <input class="kern-form-check__radio" type="radio" id="${choiceId}" name="${options.name}" value="${choice.value}"${attr('checked', choice.value === options.value)}>
      <label class="kern-label" for="${choiceId}">${choice.label}</label>
    </div>`;
    })}
  </div>
</fieldset>`;
}

export type TextAreaFieldOptions = {
  name: string;
  label: string;
  value?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  errorPrefix: string;
  rows?: number;
};

/** A multi-line text field with the same label, hint and error wiring as `textField`. */
export function textAreaField(options: TextAreaFieldOptions): SafeHtml {
  const wiring = describe(options.name, options.hint, options.error);
  return html`<div class="kern-form-input${options.error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${wiring.id}">${options.label}</label>
  ${hintAndError(wiring, options.hint, options.error, options.errorPrefix)}
  <textarea class="kern-form-input__input${options.error ? ' kern-form-input__input--error' : ''}" id="${wiring.id}" name="${options.name}" rows="${options.rows ?? 4}"${attr('aria-describedby', wiring.describedBy)}${attr('aria-invalid', options.error ? 'true' : undefined)}>${options.value ?? ''}</textarea>
</div>`;
}
