/**
 * Charts drawn on the server as SVG, so they need no script. Accessible by construction
 * (WCAG 1.1.1): role="img" with <title> and <desc> referenced by aria-labelledby; series differ
 * by dash pattern and marker shape as well as colour (WCAG 1.4.1); the page puts a data table
 * with the same numbers beside each chart.
 */
import { html, type SafeHtml } from '../../platform/views/html.ts';

export type Series = { name: string; values: readonly number[] };

// Dark enough for 3:1 against white (WCAG 1.4.11 non-text contrast).
const colours = ['#004b76', '#a3410d', '#2c6e1f', '#6b2c91'];
const dashes = ['', '6 4', '2 3', '10 3 2 3'];

const width = 640;
const height = 280;
const margin = { top: 20, right: 20, bottom: 50, left: 48 };

function niceMax(value: number): number {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

/** A line chart of several series over the same labels (x axis: dates). */
export function lineChart(options: { id: string; title: string; desc: string; labels: readonly string[]; series: readonly Series[] }): SafeHtml {
  const max = niceMax(Math.max(1, ...options.series.flatMap((s) => s.values)));
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const count = options.labels.length;
  const x = (index: number) => margin.left + (count <= 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1));
  const y = (value: number) => margin.top + plotHeight - (value / max) * plotHeight;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => Math.round(max * share));
  const labelEvery = Math.max(1, Math.ceil(count / 6));
  return html`<svg class="chart" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" viewBox="0 0 ${width} ${height + 24 * options.series.length}" width="100%" xmlns="http://www.w3.org/2000/svg">
<title id="${options.id}-title">${options.title}</title>
<desc id="${options.id}-desc">${options.desc}</desc>
<g aria-hidden="true" font-family="sans-serif" font-size="12" fill="#1a1a1a">
${ticks.map((tick) => html`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#c8c8c8"/><text x="${margin.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`)}
${options.labels.map((label, index) => (index % labelEvery === 0 || index === count - 1 ? html`<text x="${x(index)}" y="${height - margin.bottom + 18}" text-anchor="middle">${label}</text>` : ''))}
${options.series.map((series, index) => {
  const points = series.values.map((value, i) => `${x(i).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const colour = colours[index % colours.length]!;
  const legendY = height + 24 * index;
  return html`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2.5"${dashes[index % dashes.length] ? html` stroke-dasharray="${dashes[index % dashes.length]}"` : ''}/>
${series.values.map((value, i) => (index % 2 === 0 ? html`<circle cx="${x(i)}" cy="${y(value)}" r="3.5" fill="${colour}"/>` : html`<rect x="${x(i) - 3.5}" y="${y(value) - 3.5}" width="7" height="7" fill="${colour}"/>`))}
<line x1="${margin.left}" x2="${margin.left + 30}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2.5"${dashes[index % dashes.length] ? html` stroke-dasharray="${dashes[index % dashes.length]}"` : ''}/><text x="${margin.left + 38}" y="${legendY + 4}">${series.name}</text>`;
})}
</g>
</svg>`;
}

/** Horizontal bars, one per category, labelled with their value. */
export function barChart(options: { id: string; title: string; desc: string; bars: readonly { label: string; value: number }[] }): SafeHtml {
  const max = niceMax(Math.max(1, ...options.bars.map((bar) => bar.value)));
  const rowHeight = 28;
  const labelWidth = 180;
  const plotWidth = width - labelWidth - 60;
  const chartHeight = rowHeight * options.bars.length + 10;
  return html`<svg class="chart" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" viewBox="0 0 ${width} ${chartHeight}" width="100%" xmlns="http://www.w3.org/2000/svg">
<title id="${options.id}-title">${options.title}</title>
<desc id="${options.id}-desc">${options.desc}</desc>
<g aria-hidden="true" font-family="sans-serif" font-size="12" fill="#1a1a1a">
${options.bars.map((bar, index) => {
  const top = 5 + index * rowHeight;
  const barWidth = (bar.value / max) * plotWidth;
  return html`<text x="${labelWidth - 8}" y="${top + 17}" text-anchor="end">${bar.label}</text>
<rect x="${labelWidth}" y="${top + 4}" width="${barWidth.toFixed(1)}" height="${rowHeight - 10}" fill="${colours[0]}"/>
<text x="${labelWidth + barWidth + 6}" y="${top + 17}">${bar.value}</text>`;
})}
</g>
</svg>`;
}
