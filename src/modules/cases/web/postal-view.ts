/** The list "Bescheid per Post versenden": what to print and send, and the button that records the dispatch. */
import { formatDate } from '../../../platform/i18n/format.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { errorSummary, notice, postForm, type FieldError } from '../../../platform/views/components.ts';
import type { PostalItem } from '../decisions/postal-delivery.ts';
import { caseMessages } from './messages.ts';

export type PostalView = { items: PostalItem[]; canAct: boolean; errors: FieldError[]; saved: boolean };

export function postalPageView(view: PostalView, csrf: string, locale: Locale): { title: string; content: SafeHtml; hasErrors: boolean } {
  const t = translator(caseMessages, locale);
  const p = translator(platformMessages, locale);
  const list = view.items.length === 0
    ? html`<p class="kern-body" id="f-post" tabindex="-1">${t('post.empty')}</p>`
    : html`<table class="kern-table" id="f-post" tabindex="-1">
<thead class="kern-table__head"><tr class="kern-table__row">
  <th scope="col" class="kern-table__header">${t('inbox.reference')}</th>
  <th scope="col" class="kern-table__header">${t('inbox.applicant')}</th>
  <th scope="col" class="kern-table__header">${t('inbox.form')}</th>
  <th scope="col" class="kern-table__header">${t('post.issued')}</th>
  <th scope="col" class="kern-table__header">${t('post.reason')}</th>
  <th scope="col" class="kern-table__header">${t('post.document')}</th>
  ${view.canAct ? html`<th scope="col" class="kern-table__header">${t('post.action')}</th>` : ''}
</tr></thead>
<tbody class="kern-table__body">${view.items.map((item) => html`<tr class="kern-table__row">
  <td class="kern-table__cell"><a class="kern-link" href="/verwaltung/vorgaenge/${item.id}">${item.reference}</a></td>
  <td class="kern-table__cell">${item.applicantName || '–'}</td>
  <td class="kern-table__cell">${item.formTitle}</td>
  <td class="kern-table__cell">${formatDate(item.issuedAt, locale)}</td>
  <td class="kern-table__cell">${t(`postReason.${item.reason}`)}</td>
  <td class="kern-table__cell"><a class="kern-link" href="/verwaltung/vorgaenge/${item.id}/bescheid.pdf">${t('post.pdf')}<span class="kern-sr-only"> ${item.reference}</span></a></td>
  ${view.canAct
    ? html`<td class="kern-table__cell">${postForm(`/verwaltung/vorgaenge/${item.id}/postversand`, csrf, html`<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">${t('post.markSent')}<span class="kern-sr-only"> ${item.reference}</span></span></button>`)}</td>`
    : ''}
</tr>`)}</tbody>
</table>`;
  return {
    title: t('post.title'),
    hasErrors: view.errors.length > 0,
    content: html`<p class="kern-body"><a class="kern-link" href="/verwaltung/vorgaenge">${t('case.back')}</a></p>
${errorSummary(p('errorSummary.title'), view.errors)}
${view.saved ? notice('success', t('post.saved')) : ''}
<h1 class="kern-heading-x-large">${t('post.title')}</h1>
<p class="kern-body">${t('post.lead')}</p>
${list}`,
  };
}
