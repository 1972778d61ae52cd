/**
 * docs/benchmarks.json (everything measured) and docs/benchmarks.md (the tables a reader needs):
 * each workload beside its baseline of the same run, the ratio, and the issue's target marked
 * met or missed as measured.
 */
import fs from 'node:fs';
import { renderSoakSection, type SoakReport } from './soak-report.ts';
import type { Measurement } from './stats.ts';

export type Check = { target: string; measured: string; met: boolean };

export type Comparison = {
  workload: string;
  database: 'PostgreSQL' | 'PGlite';
  measured: Measurement;
  baseline: Measurement | undefined;
  baselineLabel: string;
  /** workload ÷ baseline (throughput) or baseline ÷ workload (time), as written in `ratioMeaning`. */
  ratio: number | undefined;
  ratioMeaning: string;
  checks: Check[];
};

export type Machine = { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; pglite: string; os: string; loadBefore: number[]; loadAfter: number[] };

export type BenchReport = {
  date: string;
  machine: Machine;
  sizes: Record<string, number | string>;
  comparisons: Comparison[];
  measurements: Measurement[];
  details: Record<string, unknown>;
  notes: string[];
  missing: string[];
  durationSeconds: number;
};

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const rate = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const mark = (met: boolean) => (met ? '✅ met' : '❌ missed');

function cell(m: Measurement | undefined, kind: 'latency' | 'rate'): string {
  if (!m) return '–';
  if (kind === 'rate' && m.throughput > 0) return `${rate(m.throughput)}/s`;
  return `p50 ${ms(m.latency.p50)} ms`;
}

export function renderMarkdown(report: BenchReport, soak?: SoakReport): string {
  const { machine } = report;
  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push(`Latest run of \`npm run bench\` (issue 8): ${report.date}, ${Math.round(report.durationSeconds / 60)} minutes end to end.`);
  lines.push('Each workload is measured beside its physical baseline in the same run; the ratio is what counts, since the');
  lines.push('absolute numbers depend on the machine and on everything else it does at the time.', '');
  lines.push('| machine | |', '|---|---|');
  lines.push(`| CPU | ${machine.cpus} cores, ${machine.cpuModel} |`);
  lines.push(`| memory | ${machine.memoryGb.toFixed(0)} GB |`);
  lines.push(`| OS | ${machine.os} |`);
  lines.push(`| Node.js | ${machine.node} |`);
  lines.push(`| PostgreSQL | ${machine.postgres} (server on loopback) |`);
  lines.push(`| PGlite | ${machine.pglite} (embedded, in the app process) |`);
  lines.push(`| load average (1/5/15 min) | before ${machine.loadBefore.map((l) => l.toFixed(1)).join(' / ')}, after ${machine.loadAfter.map((l) => l.toFixed(1)).join(' / ')} |`);
  for (const [name, value] of Object.entries(report.sizes)) lines.push(`| ${name} | ${typeof value === 'number' ? value.toLocaleString('en') : value} |`);
  lines.push('');
  lines.push('## Workloads beside their baselines', '');
  lines.push('| workload | DB | p50 | p95 | p99 | throughput | peak RSS | baseline (same run) | baseline | ratio | target | result |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of report.comparisons) {
    const m = c.measured;
    const targets = c.checks.length ? c.checks.map((check) => `${check.target} (${check.measured})`).join('; ') : 'none set';
    const result = c.checks.length ? (c.checks.every((check) => check.met) ? '✅ met' : c.checks.some((check) => check.met) ? '⚠️ partly' : '❌ missed') : '–';
    const timed = m.latency.max > 0;
    lines.push([
      c.workload,
      c.database,
      timed ? `${ms(m.latency.p50)} ms` : '–',
      timed ? `${ms(m.latency.p95)} ms` : '–',
      timed ? `${ms(m.latency.p99)} ms` : '–',
      m.throughput > 0 ? `${rate(m.throughput)}/s` : '–',
      m.peakRssMb ? `${m.peakRssMb.toFixed(0)} MiB` : '–',
      c.baselineLabel,
      c.baseline ? (c.baseline.throughput > 0 && m.throughput > 0 ? cell(c.baseline, 'rate') : cell(c.baseline, 'latency')) : '–',
      c.ratio !== undefined ? `${c.ratio.toFixed(c.ratio < 0.1 ? 3 : 2)} ${c.ratioMeaning}` : '–',
      targets,
      result,
    ].join(' | ').replace(/^/, '| ').concat(' |'));
  }
  lines.push('');
  lines.push('### Targets (issue 8; issue 10: mixed reads, overload, fairness)', '');
  lines.push('| target | measured | result |', '|---|---|---|');
  for (const c of report.comparisons) for (const check of c.checks) lines.push(`| ${c.workload} (${c.database}): ${check.target} | ${check.measured} | ${mark(check.met)} |`);
  lines.push('');
  lines.push('## Every phase', '');
  lines.push('| phase | clients | seconds | requests | p50 | p95 | p99 | max | throughput | errors | peak RSS | load | note |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const m of report.measurements) {
    const [p50, p95, p99, max] = m.latency.max > 0 ? [m.latency.p50, m.latency.p95, m.latency.p99, m.latency.max].map(ms) : ['–', '–', '–', '–'];
    lines.push(`| ${m.label} | ${m.connections} | ${m.seconds} | ${m.latency.n ? m.latency.n.toLocaleString('en') : '–'} | ${p50} | ${p95} | ${p99} | ${max} | ${m.throughput > 0 ? `${rate(m.throughput)}/s` : '–'} | ${m.errors} | ${m.peakRssMb ? `${m.peakRssMb.toFixed(0)} MiB` : '–'} | ${m.load ?? '–'} | ${m.note ?? ''} |`);
  }
  lines.push('', 'Latencies in milliseconds. Throughput counts only answers with the expected status (200, or 303 after "absenden"). Load: the machine\'s 1-minute load average at the end of the phase (2 cores).', '');
  lines.push(...renderSoakSection(soak));
  lines.push('## Notes', '');
  for (const note of report.notes) lines.push(`- ${note}`);
  lines.push('', '## Not measured yet', '');
  for (const item of report.missing) lines.push(`- ${item}`);
  lines.push('', '## Running it', '');
  lines.push('See the README section "Benchmarks": `npm run bench` (all of it but the soak), `npm run bench -- --cases 50000 --documents 50000 --duration 5` for a quick run, `npm run bench:soak` for the 30-minute soak.');
  lines.push('The raw numbers of this run are in [benchmarks.json](benchmarks.json).', '');
  return lines.join('\n');
}

export function writeReport(report: BenchReport, jsonPath: string, markdownPath: string, soak?: SoakReport): void {
  fs.writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(markdownPath, renderMarkdown(report, soak));
}

/** After a soak alone: the last full run's figures stay as they are, with the new Soak section. */
export function rerenderReport(jsonPath: string, markdownPath: string, soak?: SoakReport): void {
  if (!fs.existsSync(jsonPath)) {
    fs.writeFileSync(markdownPath, ['# Benchmarks', '', 'No full run of `npm run bench` recorded yet.', '', ...renderSoakSection(soak)].join('\n'));
    return;
  }
  fs.writeFileSync(markdownPath, renderMarkdown(JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as BenchReport, soak));
}
