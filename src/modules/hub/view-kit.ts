/** What every hub page shares: translators, the hub's navigation, badges and small helpers. */
import { html, type HtmlValue, type SafeHtml } from '../../platform/views/html.ts';
import { translator, type Catalog, type Locale } from '../../platform/i18n/i18n.ts';
import { platformMessages } from '../../platform/i18n/platform-messages.ts';
import { issueMessages, type ValidationIssue } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/views/components.ts';
import { hubMessages, type HubMessageKey } from './messages.ts';

export type Page = { title: string; content: SafeHtml; hasErrors?: boolean; status?: number };

export type HubSection = 'overview' | 'projects' | 'ideas' | 'events' | 'procurement' | 'knowledge' | 'members' | 'dashboard' | 'profile';

const sections: { key: HubSection; href: string }[] = [
  { key: 'overview', href: '/kooperation' },
  { key: 'projects', href: '/kooperation/projekte' },
  { key: 'ideas', href: '/kooperation/ideen' },
  { key: 'events', href: '/kooperation/termine' },
  { key: 'procurement', href: '/kooperation/beschaffung' },
  { key: 'knowledge', href: '/kooperation/wissen' },
  { key: 'members', href: '/kooperation/mitglieder' },
  { key: 'dashboard', href: '/ozg-dashboard' },
  { key: 'profile', href: '/kooperation/profil' },
];

/**
 * Translators for the hub catalog and a feature catalog, and the issue-to-message mapping:
 * `${field}.${code}` of the feature catalog, then the hub's `v.${code}`, then the platform's.
 */
export function viewTools<Keys extends string>(locale: Locale, feature?: Catalog<Keys>) {
  const t = translator(hubMessages, locale);
  const p = translator(platformMessages, locale);
  const own = (feature?.[locale] ?? {}) as Record<string, string>;
  const f = feature ? translator(feature, locale) : (((key: string) => key) as (key: Keys, params?: Record<string, string | number>) => string);
  const errorsFor = (issues: readonly ValidationIssue[]): FieldError[] =>
    issueMessages(
      issues,
      (key, params) => {
        if (key in own) return f(key as Keys, params);
        const generic = `v.${key.slice(key.lastIndexOf('.') + 1)}`;
        return generic in hubMessages[locale] ? t(generic as HubMessageKey, params) : undefined;
      },
      locale,
    );
  return { t, p, f, errorsFor };
}

/** The hub's section navigation (a landmark of its own, the current page marked for screen readers). */
export function hubShell(locale: Locale, active: HubSection, content: HtmlValue): SafeHtml {
  const t = translator(hubMessages, locale);
  return html`<nav class="hub-nav" aria-label="${t('nav.label')}"><ul class="kern-list hub-nav__list">${sections.map(
    (section) => html`<li><a class="kern-link"${section.key === active ? html` aria-current="page"` : ''} href="${section.href}">${t(`nav.${section.key}`)}</a></li>`,
  )}</ul></nav>
${content}`;
}

export function demoBadge(locale: Locale, demo: boolean): SafeHtml {
  return demo ? html` <span class="kern-badge kern-badge--warning">${translator(hubMessages, locale)('demo')}</span>` : html``;
}

const statusBadge: Record<string, string> = { im_plan: 'success', gefaehrdet: 'warning', blockiert: 'danger' };

export function statusLabel(locale: Locale, status: string): SafeHtml {
  const t = translator(hubMessages, locale);
  return html`<span class="kern-badge kern-badge--${statusBadge[status] ?? 'info'}">${t(`status.${status}` as HubMessageKey)}</span>`;
}

/** A KERN table with a caption (WCAG 1.3.1: the caption names the table for screen readers). */
export function table(caption: string, headers: readonly string[], rows: readonly (readonly HtmlValue[])[], options: { captionHidden?: boolean } = {}): SafeHtml {
  return html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
  <caption class="${options.captionHidden ? 'kern-sr-only' : 'kern-title'}">${caption}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">${headers.map((header) => html`<th class="kern-table__header" scope="col">${header}</th>`)}</tr></thead>
  <tbody class="kern-table__body">${rows.map((row) => html`<tr class="kern-table__row">${row.map((cell) => html`<td class="kern-table__cell">${cell}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

/** One row of a KERN description list. */
export function listItem(key: string, value: HtmlValue): SafeHtml {
  return html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${key}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
}

/** Multi-line text as paragraphs (blank lines separate them); escaped. */
export function paragraphs(text: string): SafeHtml {
  return html`${text.split(/\r?\n\s*\r?\n/).filter((part) => part.trim() !== '').map((part) => html`<p class="kern-body">${part}</p>`)}`;
}

/** ISO date "2026-12-24" as "24.12.2026" (German) or "24/12/2026" (English). */
export function day(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '–';
  const [year, month, dayOfMonth] = iso.slice(0, 10).split('-');
  return locale === 'de' ? `${dayOfMonth}.${month}.${year}` : `${dayOfMonth}/${month}/${year}`;
}

/** Checkboxes in a fieldset whose legend is the question (WCAG 1.3.1); the first box takes the field id. */
export function checkboxGroup(options: { name: string; legend: string; choices: readonly { value: string; label: string }[]; checked: readonly string[]; error?: string | undefined; errorPrefix: string }): SafeHtml {
  const id = `f-${options.name}`;
  return html`<fieldset class="kern-fieldset${options.error ? ' kern-fieldset--error' : ''}"${options.error ? html` aria-describedby="${id}-error"` : ''}>
  <legend class="kern-label">${options.legend}</legend>
  ${options.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-sr-only">${options.errorPrefix} </span>${options.error}</p>` : ''}
  <div class="kern-fieldset__body">${options.choices.map((choice, index) => {
    const choiceId = index === 0 ? id : `${id}-${index}`;
    return html`<div class="kern-form-check">
    <input class="kern-form-check__checkbox" type="checkbox" id="${choiceId}" name="${options.name}" value="${choice.value}"${options.checked.includes(choice.value) ? html` checked` : ''}>
    <label class="kern-label" for="${choiceId}">${choice.label}</label>
  </div>`;
  })}</div>
</fieldset>`;
}

/** The values of a repeated form field (checkboxes send one value per checked box). */
export function manyValues(input: Record<string, unknown> | undefined, name: string): string[] {
  const value = input?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
