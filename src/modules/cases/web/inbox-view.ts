/** The inbox page: status tabs with counts, filters (a GET form, works without JavaScript), the list, the next page. */
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { formatDate, formatDateTime, formatNumber } from '../../../platform/i18n/format.ts';
import { attr, html, type SafeHtml } from '../../../platform/views/html.ts';
import { errorSummary, errorOf, selectField, textField, type FieldError } from '../../../platform/views/components.ts';
import type { CappedCount, InboxExtras } from '../inbox-extras.ts';
import { searchCountCap, type InboxPage, type StatusCounts } from '../inbox-query.ts';
import { exportLimit } from './inbox-export.ts';
import { caseStatuses, openStatuses, type CaseStatus } from '../workflow.ts';
import { inboxHref } from './inbox-params.ts';
import { statusLabel } from './labels.ts';
import { caseMessages } from './messages.ts';

export type InboxView = {
  tenantName: string;
  page: InboxPage;
  /** The tabs' counts; capped for a search that matches more than `searchCountCap` cases. */
  counts: StatusCounts;
  /** Assigned to me, overdue per open status (inbox-extras.ts). */
  extras: InboxExtras;
  /** Cases whose Bescheid must go by post. */
  postCount: CappedCount;
  raw: Record<string, string>;
  offices: { id: string; name: string }[];
  errors: FieldError[];
  isFirstPage: boolean;
  now: Date;
};

/** "12" or, past the cap, "99+" (countCap of inbox-extras.ts, searchCountCap of inbox-query.ts). */
function countText(count: CappedCount, locale: Locale): string {
  const number = formatNumber(count.count, locale);
  return count.capped ? translator(caseMessages, locale)('inbox.more', { count: number }) : number;
}

/** Filters beyond status and office make the tab counts narrower than the overdue badges could follow. */
function narrowed(raw: Record<string, string>): boolean {
  return ['q', 'zustaendig', 'leistung', 'ueberfaellig', 'von', 'bis'].some((name) => raw[name]);
}

function tabs(view: InboxView, locale: Locale): SafeHtml {
  const t = translator(caseMessages, locale);
  const { counts, capped } = view.counts;
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const current = view.raw.status ?? '';
  const badges = !narrowed(view.raw);
  const badge = (status: string) => {
    const overdue = view.extras.overdue.get(status as CaseStatus);
    if (!badges || !overdue || overdue.count === 0) return '';
    const count = countText(overdue, locale);
    // Its own link (a link cannot hold another): the status's overdue cases.
    return html` <a class="kern-link inbox-overdue-badge" href="${inboxHref(view.raw, { status, ueberfaellig: 'ja', nach: undefined })}" aria-label="${t('inbox.overdueBadgeLabel', { status: statusLabel(status as CaseStatus, locale), count })}"><span class="kern-badge kern-badge--danger">${t('inbox.overdueBadge', { count })}</span></a>`;
  };
  // A search beyond the cap: "99+" for all, no number per status (the matches counted are a sample).
  const tab = (status: string, label: string, count: string | undefined) =>
    html`<li><a class="kern-link" href="${inboxHref(view.raw, { status: status || undefined, nach: undefined })}"${attr('aria-current', current === status ? 'page' : undefined)}>${label}${count === undefined ? '' : html` <span class="inbox-count">(${count})</span>`}</a>${status ? badge(status) : ''}</li>`;
  return html`<nav aria-label="${t('inbox.status')}"><ul class="kern-list inbox-tabs">
  ${tab('', t('inbox.all'), capped ? countText({ count: searchCountCap, capped: true }, locale) : String(total))}
  ${caseStatuses.map((status) => tab(status, statusLabel(status, locale), capped ? undefined : String(counts.get(status) ?? 0)))}
</ul></nav>`;
}

function filters(view: InboxView, locale: Locale): SafeHtml {
  const t = translator(caseMessages, locale);
  const errorPrefix = translator(platformMessages, locale)('field.errorPrefix');
  return html`<details class="inbox-filters"${attr('open', view.errors.length > 0 || Object.entries(view.raw).some(([name, value]) => value && name !== 'status'))}>
<summary class="kern-body">${t('inbox.filters')}</summary>
<form method="get" action="/verwaltung/vorgaenge" class="kern-form">
  ${view.raw.status ? html`<input type="hidden" name="status" value="${view.raw.status}">` : ''}
  ${textField({ name: 'q', label: t('inbox.query'), hint: t('inbox.queryHint'), value: view.raw.q, type: 'search', errorPrefix })}
  ${selectField({
    name: 'zustaendig',
    label: t('inbox.assignee'),
    value: view.raw.zustaendig,
    choices: [
      { value: '', label: t('inbox.assigneeAny') },
      { value: 'ich', label: t('inbox.assigneeMe') },
      { value: 'niemand', label: t('inbox.assigneeNone') },
    ],
    errorPrefix,
  })}
  ${view.offices.length > 0
    ? selectField({ name: 'dienststelle', label: t('inbox.office'), value: view.raw.dienststelle, placeholder: t('inbox.officeAny'), choices: view.offices.map((office) => ({ value: office.id, label: office.name })), errorPrefix })
    : ''}
  ${textField({ name: 'leistung', label: t('inbox.service'), value: view.raw.leistung, inputmode: 'numeric', width: 4, errorPrefix })}
  ${textField({ name: 'von', label: t('inbox.receivedFrom'), value: view.raw.von, error: errorOf(view.errors, 'von'), width: 4, errorPrefix })}
  ${textField({ name: 'bis', label: t('inbox.receivedTo'), value: view.raw.bis, error: errorOf(view.errors, 'bis'), width: 4, errorPrefix })}
  <div class="kern-form-check">
    <input class="kern-form-check__checkbox" type="checkbox" id="f-ueberfaellig" name="ueberfaellig" value="ja"${attr('checked', view.raw.ueberfaellig === 'ja')}>
    <label class="kern-label" for="f-ueberfaellig">${t('inbox.overdue')}</label>
  </div>
  ${selectField({
    name: 'sortierung',
    label: t('inbox.sort'),
    value: view.raw.sortierung,
    choices: [
      { value: 'neueste', label: t('inbox.sortNewest') },
      { value: 'aelteste', label: t('inbox.sortOldest') },
    ],
    errorPrefix,
  })}
  <button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">${t('inbox.apply')}</span></button>
  <a class="kern-link" href="/verwaltung/vorgaenge">${t('inbox.reset')}</a>
</form>
</details>`;
}

function rows(view: InboxView, locale: Locale): SafeHtml {
  const t = translator(caseMessages, locale);
  if (view.page.rows.length === 0) return html`<p class="kern-body">${t('inbox.empty')}</p>`;
  return html`<table class="kern-table inbox-table">
<thead class="kern-table__head"><tr class="kern-table__row">
  <th scope="col" class="kern-table__header">${t('inbox.reference')}</th>
  <th scope="col" class="kern-table__header">${t('inbox.applicant')}</th>
  <th scope="col" class="kern-table__header">${t('inbox.form')}</th>
  <th scope="col" class="kern-table__header">${t('inbox.status')}</th>
  <th scope="col" class="kern-table__header">${t('inbox.received')}</th>
  <th scope="col" class="kern-table__header">${t('inbox.due')}</th>
</tr></thead>
<tbody class="kern-table__body">${view.page.rows.map((row) => {
    const overdue = row.dueAt !== null && row.dueAt < view.now && openStatuses.includes(row.status);
    return html`<tr class="kern-table__row">
  <td class="kern-table__cell"><a class="kern-link" href="/verwaltung/vorgaenge/${row.id}">${row.reference}</a></td>
  <td class="kern-table__cell">${row.applicantName || '–'}</td>
  <td class="kern-table__cell">${row.formTitle}</td>
  <td class="kern-table__cell">${statusLabel(row.status, locale)}</td>
  <td class="kern-table__cell">${formatDateTime(row.receivedAt, locale)}</td>
  <td class="kern-table__cell">${row.dueAt ? formatDate(row.dueAt, locale) : '–'}${overdue ? html` <strong class="inbox-overdue">(${t('inbox.overdueMark')})</strong>` : ''}</td>
</tr>`;
  })}</tbody>
</table>`;
}

export function inboxPageView(view: InboxView, locale: Locale): { title: string; content: SafeHtml; hasErrors: boolean } {
  const t = translator(caseMessages, locale);
  const p = translator(platformMessages, locale);
  return {
    title: t('inbox.title'),
    hasErrors: view.errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), view.errors)}
<h1 class="kern-heading-x-large">${t('inbox.title')}</h1>
<p class="kern-body kern-body--large">${t('inbox.lead', { tenant: view.tenantName })}</p>
<ul class="kern-list inbox-shortcuts">
  <li><a class="kern-link" href="${inboxHref({}, { zustaendig: 'ich' })}">${t('inbox.mine', { count: countText(view.extras.assignedToMe, locale) })}</a></li>
  ${view.postCount.count > 0 ? html`<li><a class="kern-link" href="/verwaltung/vorgaenge/postversand">${t('inbox.post', { count: countText(view.postCount, locale) })}</a></li>` : ''}
</ul>
${tabs(view, locale)}
${filters(view, locale)}
${rows(view, locale)}
${view.page.rows.length > 0
    ? html`<p class="kern-body"><a class="kern-link" href="${inboxHref(view.raw, { nach: undefined }).replace('/verwaltung/vorgaenge', '/verwaltung/vorgaenge/export.csv')}" download>${t('inbox.export')}</a>
  <span class="kern-body kern-body--small">${t('inbox.exportHint', { max: formatNumber(exportLimit, locale) })}</span></p>`
    : ''}
<p class="kern-body">
  ${view.page.next ? html`<a class="kern-link" rel="next" href="${inboxHref(view.raw, { nach: view.page.next })}">${t('inbox.next')}</a>` : ''}
  ${view.isFirstPage ? '' : html` <a class="kern-link" href="${inboxHref(view.raw)}">${t('inbox.first')}</a>`}
</p>`,
  };
}
