/** What every records page shares: translators, date handling, the page type, small parts. */
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { recordMessages, type RecordMessageKey } from './messages.ts';

export type Page = { title: string; content: SafeHtml; hasErrors?: boolean; status?: number };
export type Values = Record<string, string>;

export function tools(locale: Locale) {
  return { t: translator(recordMessages, locale), p: translator(platformMessages, locale) };
}

export type T = ReturnType<typeof tools>['t'];

/** "2026-03-17" -> "17.03.2026" (German and English pages alike: the format users type). */
export function showDate(iso: string | null): string {
  if (!iso) return '–';
  const [year, month, day] = iso.split('-');
  return `${day}.${month}.${year}`;
}

/** "17.03.2026" or "2026-03-17" -> "2026-03-17"; anything else (31.02.) -> undefined. */
export function parseDay(text: string): string | undefined {
  const value = text.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

export function table(headers: readonly string[], rows: readonly SafeHtml[]): SafeHtml {
  return html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
  <thead class="kern-table__header"><tr class="kern-table__row">${headers.map((header) => html`<th class="kern-table__header" scope="col">${header}</th>`)}</tr></thead>
  <tbody class="kern-table__body">${rows}</tbody>
</table></div>`;
}

export function cell(content: SafeHtml | string | number): SafeHtml {
  return html`<td class="kern-table__cell">${content}</td>`;
}

/** A description list of label–value pairs (file and document facts). */
export function facts(pairs: readonly [string, SafeHtml | string][]): SafeHtml {
  return html`<dl class="kern-description-list">${pairs.map(([label, value]) => html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${label}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`)}</dl>`;
}

export function messageKey(key: string): RecordMessageKey {
  return key as RecordMessageKey;
}
