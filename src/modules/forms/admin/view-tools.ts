/** Shared pieces of the form editor's pages: translators, inputs for both languages, navigation. */
import { attr, html, type SafeHtml } from '../../../platform/views/html.ts';
import { errorOf, fieldId, textAreaField, textField, type FieldError } from '../../../platform/views/components.ts';
import { translator, type Locale, type Params } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import type { ValidationIssue } from '../../../platform/validation.ts';
import { adminMessages, type AdminMessageKey } from './messages.ts';
import type { Texts } from './draft-document.ts';

export type Page = { title: string; content: SafeHtml; hasErrors?: boolean; status?: number };

export function viewTools(locale: Locale) {
  const t = translator(adminMessages, locale);
  const p = translator(platformMessages, locale);
  const own = adminMessages[locale] as Record<string, string>;
  const has = (key: string): key is AdminMessageKey => key in own;
  /** `${field}.${code}` from this catalog, then `${code}.invalid`, then the platform's generic text. */
  const errorsFor = (issues: readonly ValidationIssue[]): FieldError[] =>
    issues.map((issue) => {
      const specific = `${issue.field}.${issue.code}`;
      const generic = `${issue.code}.invalid`;
      const params = issue.params as Params | undefined;
      const platform = `validation.${issue.code}`;
      const fallback = platform in platformMessages[locale] ? p(platform as keyof typeof platformMessages.de, params) : p('validation.invalid');
      const message = has(specific) ? t(specific, params) : has(generic) ? t(generic, params) : issue.code === 'line' ? t('options.line', params) : fallback;
      return { field: issue.field, message };
    });
  return { t, p, has, locale, errorsFor, errorPrefix: p('field.errorPrefix') };
}

export type Tools = ReturnType<typeof viewTools>;

/** Two inputs for one localized text, German first; names `${name}.de` and `${name}.en`. */
export function textsInputs(tools: Tools, name: string, value: Texts, errors: readonly FieldError[], options: { multiline?: boolean; hint?: string } = {}): SafeHtml {
  const input = (lang: 'de' | 'en') => {
    const inputName = `${name}.${lang}`;
    const common = { name: inputName, label: tools.t(`${inputName}.label` as AdminMessageKey), value: value[lang], error: errorOf(errors, inputName), errorPrefix: tools.errorPrefix, hint: lang === 'de' ? options.hint : undefined };
    return options.multiline ? textAreaField({ ...common, rows: 3 }) : textField(common);
  };
  return html`${input('de')}${input('en')}`;
}

/** A single check box ("ja" when ticked) with its label. */
export function checkbox(name: string, label: string, checked: boolean): SafeHtml {
  const id = fieldId(name);
  return html`<div class="kern-form-check">
  <input class="kern-form-check__checkbox" type="checkbox" id="${id}" name="${name}" value="ja"${attr('checked', checked)}>
  <label class="kern-label" for="${id}">${label}</label>
</div>`;
}

/** A file input wired like the platform's fields (label, hint, error). */
export function fileInput(tools: Tools, name: string, hint: string, accept: string, error?: string): SafeHtml {
  const id = fieldId(name);
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${id}">${tools.t('file.label')}</label>
  <div class="kern-hint" id="${id}-hint">${hint}</div>
  ${error ? html`<p class="kern-error" id="${id}-error"><span class="kern-sr-only">${tools.errorPrefix} </span>${error}</p>` : ''}
  <input class="kern-form-input__input" type="file" id="${id}" name="${name}" accept="${accept}" aria-describedby="${describedBy}"${attr('aria-invalid', error ? 'true' : undefined)}>
</div>`;
}

export { uploadForm } from '../../../platform/views/components.ts';

/** A one-button form for an action on a row (move, remove, adopt); the hidden label names the row. */
export function actionButton(action: string, csrfToken: string, label: string, srLabel: string, hidden: Record<string, string> = {}): SafeHtml {
  return html`<form method="post" action="${action}" class="inline-form">
  <input type="hidden" name="_csrf" value="${csrfToken}">
  ${Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small"><span class="kern-label">${label}<span class="kern-sr-only"> ${srLabel}</span></span></button>
</form>`;
}

export function heading(preline: string, title: string, lead?: string): SafeHtml {
  return html`<p class="kern-preline">${preline}</p>
<h1 class="kern-heading-x-large">${title}</h1>
${lead ? html`<p class="kern-body kern-body--large">${lead}</p>` : ''}`;
}

/** The form's sub-navigation; the current page is marked for screen readers (WCAG 2.4.8). */
export function formNav(tools: Tools, base: string, current: 'overview' | 'edit' | 'json' | 'preview' | 'publish'): SafeHtml {
  const items = [
    ['overview', base],
    ['edit', `${base}/bearbeiten`],
    ['json', `${base}/json`],
    ['preview', `${base}/vorschau`],
    ['publish', `${base}/veroeffentlichen`],
  ] as const;
  return html`<nav aria-label="${tools.t('nav.label')}"><ul class="kern-list editor-nav">${items.map(([key, href]) =>
    html`<li>${key === current ? html`<strong aria-current="page">${tools.t(`nav.${key}`)}</strong>` : html`<a class="kern-link" href="${href}">${tools.t(`nav.${key}`)}</a>`}</li>`,
  )}</ul></nav>
<p class="kern-body"><a class="kern-link" href="/verwaltung/formulare">${tools.t('nav.list')}</a></p>`;
}

export function badge(kind: 'info' | 'success' | 'warning' | 'danger', text: string): SafeHtml {
  return html`<span class="kern-badge kern-badge--${kind}">${text}</span>`;
}

export function hiddenStand(sha: string): SafeHtml {
  return html`<input type="hidden" name="stand" value="${sha}">`;
}
