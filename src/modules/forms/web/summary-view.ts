/** How one answer of "check your answers" is shown: lines, or the items of a repeatable group. */
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import type { SummaryRow } from '../runtime/summary.ts';

export function summaryValue(row: SummaryRow): SafeHtml {
  if ('lines' in row.displayValue) return html`${row.displayValue.lines.map((line, index) => html`${index > 0 ? html`<br>` : ''}${line}`)}`;
  return html`${row.displayValue.items.map((item) => html`<p class="kern-body"><strong>${item.label}</strong></p>${item.rows.map((inner) => html`<p class="kern-body">${inner.label}: ${summaryValue(inner)}</p>`)}`)}`;
}

/** All answers as a description list (read-only: the case page, previews). */
export function summaryList(rows: readonly SummaryRow[]): SafeHtml {
  return html`<dl class="kern-description-list">${rows.map((row) => html`<div class="kern-description-list-item">
  <dt class="kern-description-list-item__key">${row.label}</dt>
  <dd class="kern-description-list-item__value">${summaryValue(row)}</dd>
</div>`)}</dl>`;
}
