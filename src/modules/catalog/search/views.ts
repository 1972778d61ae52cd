import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { formatNumber } from '../../../platform/i18n/format.ts';
import { searchMessages } from './messages.ts';
import { searchPath, serviceSearchForm } from './search-form.ts';
import type { SearchResult } from './search.ts';

type Page = { title: string; content: SafeHtml };

/** Searches shown when nothing was found: one click to a search that finds something. */
const exampleQueries = ['Personalausweis', 'Hund anmelden', 'Sperrmüll', 'Wohnsitz anmelden', 'Gewerbe anmelden'];

/** The page of a result: 1-based, `pageSize` hits each. */
export type ResultsPage = { query: string; page: number; pageSize: number; result: SearchResult };

export function searchHref(query: string, page = 1): string {
  const params = new URLSearchParams({ q: query });
  if (page > 1) params.set('seite', String(page));
  return `${searchPath}?${params.toString()}`;
}

/** The search page without a query: the form and a sentence on what it does. */
export function searchPage(locale: Locale): Page {
  const t = translator(searchMessages, locale);
  return {
    title: t('search.title'),
    content: html`<h1 class="kern-heading-x-large">${t('search.heading')}</h1>
<p class="kern-body kern-body--large">${t('search.lead')}</p>
${serviceSearchForm(locale)}`,
  };
}

function noResults(locale: Locale, query: string): SafeHtml {
  const t = translator(searchMessages, locale);
  return html`<h2 class="kern-heading-medium">${t('none.title')}</h2>
<p class="kern-body">${t('none.body', { query })}</p>
<h3 class="kern-heading-small">${t('none.tipsHeading')}</h3>
<ul class="kern-list kern-list--bullet">
  <li>${t('none.tipSpelling')}</li>
  <li>${t('none.tipWords')}</li>
  <li>${t('none.tipSubject')}</li>
</ul>
<p class="kern-body">${t('none.examples')}</p>
<ul class="kern-list kern-list--bullet">
${exampleQueries.map((example) => html`<li><a class="kern-link" href="${searchHref(example)}" lang="de">${example}</a></li>`)}
</ul>`;
}

function pagination(locale: Locale, state: ResultsPage): SafeHtml {
  const t = translator(searchMessages, locale);
  const hasPrevious = state.page > 1;
  const hasMore = state.page * state.pageSize < state.result.total;
  if (!hasPrevious && !hasMore) return html``;
  return html`<nav class="search-pagination" aria-label="${t('results.pagination')}">
  <ul class="kern-list kern-list--horizontal">
    ${hasPrevious ? html`<li><a class="kern-link" rel="prev" href="${searchHref(state.query, state.page - 1)}">${t('results.previous')}</a></li>` : ''}
    ${hasMore ? html`<li><a class="kern-link" rel="next" href="${searchHref(state.query, state.page + 1)}">${t('results.more')}</a></li>` : ''}
  </ul>
</nav>`;
}

function hitList(locale: Locale, state: ResultsPage): SafeHtml {
  const t = translator(searchMessages, locale);
  const { total, hits } = state.result;
  const from = (state.page - 1) * state.pageSize + 1;
  const count = total === 1 ? t('results.countOne') : t('results.countMany', { count: formatNumber(total, locale) });
  if (hits.length === 0) {
    // A page past the end (an old link, a changed catalog): say so, and lead back.
    return html`<p class="kern-body">${count}</p>
<p class="kern-body">${t('results.beyond')} <a class="kern-link" href="${searchHref(state.query)}">${t('results.firstPage')}</a></p>`;
  }
  const to = from + hits.length - 1;
  return html`<p class="kern-body">${count}${total > hits.length ? html` · ${t('results.range', { from: formatNumber(from, locale), to: formatNumber(to, locale) })}` : ''}</p>
<ol class="kern-list kern-list--number service-results" start="${from}">
${hits.map(
  (hit) => html`  <li><a class="kern-link" href="/leistungen/${hit.slug}" lang="de">${hit.name}</a>${hit.ozgLeistung
    ? html`<br><span class="kern-body kern-body--small kern-body--muted">${t('results.partOf', { name: hit.ozgLeistung })}</span>`
    : ''}</li>
`,
)}</ol>
${pagination(locale, state)}`;
}

/** The results of a query: the form again (with the query), the count, the hits, the pages. */
export function resultsPage(locale: Locale, state: ResultsPage): Page {
  const t = translator(searchMessages, locale);
  return {
    title: t('results.title', { query: state.query }),
    content: html`<h1 class="kern-heading-x-large">${t('search.heading')}</h1>
${serviceSearchForm(locale, { value: state.query })}
${state.result.total === 0
  ? noResults(locale, state.query)
  : html`<h2 class="kern-heading-medium">${t('results.heading', { query: state.query })}</h2>
${hitList(locale, state)}`}`,
  };
}
