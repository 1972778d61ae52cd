import { html, type SafeHtml } from '../../platform/views/html.ts';
import { button, selectField } from '../../platform/views/components.ts';
import { formatNumber } from '../../platform/i18n/format.ts';
import { translator, type Locale } from '../../platform/i18n/i18n.ts';
import { cellKey, type DashboardFilter, type DashboardTenant, type FilterChoices, type Matrix, type SnapshotPoint } from './dashboard.ts';
import { dashboardMessages } from './messages-dashboard.ts';
import { barChart, lineChart } from './svg-chart.ts';
import { day, table, type Page } from './view-kit.ts';

export const levels = [0, 1, 2, 3, 4] as const;

/** One point per month (its last snapshot), the last 24 months: what the chart and its table show. */
export function monthlyPoints(points: readonly SnapshotPoint[]): SnapshotPoint[] {
  const byMonth = new Map<string, SnapshotPoint>();
  for (const point of points) byMonth.set(point.takenOn.slice(0, 7), point);
  return [...byMonth.values()].slice(-24);
}

/** Offers per level in the matrix, "not stated" last (what the bar chart and its table show). */
export function levelCounts(matrix: Matrix): { level: number | null; value: number }[] {
  const cells = [...matrix.cells.values()];
  return [...levels, null].map((level) => ({ level, value: cells.filter((cell) => cell.level === level).length }));
}

export function filterQuery(filter: DashboardFilter): string {
  const params = new URLSearchParams();
  if (filter.themenfeld !== null) params.set('themenfeld', String(filter.themenfeld));
  if (filter.lebenslage !== null) params.set('lebenslage', String(filter.lebenslage));
  if (filter.minLevel !== null) params.set('mindeststufe', String(filter.minLevel));
  if (filter.tenant !== null) params.set('kommune', filter.tenant);
  const query = params.toString();
  return query ? `?${query}` : '';
}

function filterForm(locale: Locale, filter: DashboardFilter, choices: FilterChoices, tenants: DashboardTenant[]): SafeHtml {
  const t = translator(dashboardMessages, locale);
  const all = t('filter.all');
  return html`<form method="get" action="/ozg-dashboard" class="dashboard-filter">
<h2 class="kern-heading-medium">${t('filter.title')}</h2>
${selectField({ name: 'themenfeld', label: t('filter.themenfeld'), placeholder: all, value: filter.themenfeld?.toString(), choices: choices.themenfelder.map((item) => ({ value: String(item.id), label: item.name })), errorPrefix: '' })}
${selectField({ name: 'lebenslage', label: t('filter.lebenslage'), placeholder: all, value: filter.lebenslage?.toString(), choices: choices.lebenslagen.map((item) => ({ value: String(item.id), label: item.name })), errorPrefix: '' })}
${selectField({ name: 'mindeststufe', label: t('filter.minLevel'), placeholder: all, value: filter.minLevel?.toString(), choices: levels.map((level) => ({ value: String(level), label: t('level', { level }) })), errorPrefix: '' })}
${selectField({ name: 'kommune', label: t('filter.tenant'), placeholder: all, value: filter.tenant ?? undefined, choices: tenants.map((tenant) => ({ value: tenant.slug, label: tenant.name })), errorPrefix: '' })}
${button(t('filter.apply'), 'secondary')} <a class="kern-link" href="/ozg-dashboard">${t('filter.reset')}</a>
</form>`;
}

export function dashboardPage(
  locale: Locale,
  state: { districtName: string; filter: DashboardFilter; choices: FilterChoices; allTenants: DashboardTenant[]; matrix: Matrix; history: SnapshotPoint[] },
): Page {
  const t = translator(dashboardMessages, locale);
  const { matrix } = state;
  const cells = [...matrix.cells.values()];
  const points = monthlyPoints(state.history);
  const latest = points.at(-1);
  const bars = levelCounts(matrix).map((entry) => ({ ...entry, label: entry.level === null ? t('level.none') : t('level', { level: entry.level }) }));
  const shortDate = (iso: string) => day(iso, locale);
  const groups: { heading: string; rows: typeof matrix.rows }[] = [];
  for (const row of matrix.rows) {
    const heading = `${row.themenfeld} › ${row.lebenslage}`;
    const last = groups.at(-1);
    if (last?.heading === heading) last.rows.push(row);
    else groups.push({ heading, rows: [row] });
  }
  const cellText = (tenantId: string, serviceKey: string) => {
    const cell = matrix.cells.get(cellKey(tenantId, serviceKey));
    if (!cell) return html`<span aria-hidden="true">–</span><span class="kern-sr-only">${t('matrix.noOffer')}</span>`;
    const label = cell.level === null ? t('level.none') : String(cell.level);
    return html`<span class="kern-badge kern-badge--${cell.conform ? 'success' : cell.level === null ? 'info' : 'warning'}">${label}</span>${cell.online ? html` <span class="kern-sr-only">${t('matrix.online')}</span>` : ''}`;
  };
  return {
    title: t('title'),
    content: html`<h1 class="kern-heading-x-large">${t('title')}</h1>
<p class="kern-body kern-body--large">${t('lead', { district: state.districtName })}</p>
<p class="kern-body kern-body--small">${t('public')}</p>
${filterForm(locale, state.filter, state.choices, state.allTenants)}
<h2 class="kern-heading-medium">${t('summary.title')}</h2>
<dl class="kern-description-list dashboard-summary">
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('summary.offers')}</dt><dd class="kern-description-list-item__value">${formatNumber(cells.length, locale)}</dd></div>
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('summary.online')}</dt><dd class="kern-description-list-item__value">${formatNumber(cells.filter((cell) => cell.online).length, locale)}</dd></div>
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('summary.conform')}</dt><dd class="kern-description-list-item__value">${formatNumber(cells.filter((cell) => cell.conform).length, locale)}</dd></div>
</dl>
<h2 class="kern-heading-medium">${t('chart.history.title')}</h2>
${latest ? html`<figure class="chart-figure" id="verlauf">
${lineChart({
  id: 'chart-history',
  title: t('chart.history.title'),
  desc: t('chart.history.desc', { from: shortDate(points[0]!.takenOn), to: shortDate(latest.takenOn), conform: latest.conform, online: latest.online, offers: latest.offers }),
  labels: points.map((point) => shortDate(point.takenOn)),
  series: [
    { name: t('series.conform'), values: points.map((point) => point.conform) },
    { name: t('series.online'), values: points.map((point) => point.online) },
  ],
})}
${points.some((point) => point.demo) ? html`<figcaption class="kern-body kern-body--small">${t('chart.history.demo')}</figcaption>` : ''}
</figure>
${table(t('table.history'), [t('col.date'), t('col.offers'), t('col.online'), t('col.conform'), t('col.demo')], points.map((point) => [shortDate(point.takenOn), point.offers, point.online, point.conform, point.demo ? '✓' : '']))}` : html`<p class="kern-body">${t('chart.history.empty')}</p>`}
<h2 class="kern-heading-medium">${t('chart.levels.title')}</h2>
<figure class="chart-figure" id="reifegrade">
${barChart({ id: 'chart-levels', title: t('chart.levels.title'), desc: t('chart.levels.desc', { summary: bars.map((bar) => `${bar.label}: ${bar.value}`).join(', ') }), bars })}
</figure>
${table(t('table.levels'), [t('col.level'), t('col.count')], bars.map((bar) => [bar.label, bar.value]))}
<h2 class="kern-heading-medium" id="matrix">${t('matrix.title')}</h2>
<p class="kern-body"><a class="kern-link" href="/ozg-dashboard/matrix.csv${filterQuery(state.filter)}" download>${t('matrix.csv')}</a></p>
${matrix.rows.length === 0 ? html`<p class="kern-body">${t('matrix.empty')}</p>` : html`<div class="kern-table-responsive"><table class="kern-table matrix">
<caption class="kern-body">${t('matrix.caption')}</caption>
<thead class="kern-table__header"><tr class="kern-table__row"><th class="kern-table__header" scope="col">${t('matrix.service')}</th>${matrix.tenants.map((tenant) => html`<th class="kern-table__header" scope="col">${tenant.name}</th>`)}</tr></thead>
${groups.map((group) => html`<tbody class="kern-table__body">
<tr class="kern-table__row"><th class="kern-table__header" scope="rowgroup" colspan="${matrix.tenants.length + 1}">${group.heading}</th></tr>
${group.rows.map((row) => html`<tr class="kern-table__row"><th class="kern-table__cell" scope="row"><a class="kern-link" href="/leistungen/${row.serviceSlug}">${row.serviceName}</a></th>${matrix.tenants.map((tenant) => html`<td class="kern-table__cell">${cellText(tenant.id, row.serviceKey)}</td>`)}</tr>`)}
</tbody>`)}
</table></div>`}`,
  };
}
