/**
 * The soak's results live in a file of their own (docs/benchmarks-soak.json): the soak runs only
 * when asked for (`npm run bench:soak`, 30 minutes), while every default `npm run bench` rewrites
 * docs/benchmarks.md. Each run renders the "Soak" section from this file, so the last soak's
 * figures stay in the report until the next soak replaces them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './options.ts';
import type { Check } from './report.ts';
import type { Latency } from './stats.ts';

export const soakJsonPath = path.join(repositoryRoot, 'docs', 'benchmarks-soak.json');

export type SoakMinute = { minute: number; requests: number; errors: number; p50: number; p95: number; p99: number; rssMb: number | undefined; load: number };

export type SoakReport = {
  date: string;
  minutes: number;
  /** Seconds of the same load before the measured minutes (not counted; absent in older reports). */
  warmupSeconds?: number;
  citizens: number;
  caseworkers: number;
  /** Think time between two requests of one user, uniform between the two (ms). */
  thinkMs: [number, number];
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  /** The first few errors as seen (status and path, or the network error). */
  errorSamples: string[];
  byKind: Record<string, Latency>;
  perMinute: SoakMinute[];
  /** Length of the first and last window compared (minutes; 5 in a 30-minute soak). */
  windowMinutes: number;
  firstWindow: { p99: number; rssMb: number | undefined };
  lastWindow: { p99: number; rssMb: number | undefined };
  journeys: { started: number; submitted: number };
  casesCreated: number;
  checks: Check[];
  machine: { cpus: number; node: string; postgres: string; loadBefore: number[]; loadAfter: number[] };
};

export function readSoak(file = soakJsonPath): SoakReport | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SoakReport) : undefined;
}

export function writeSoak(soak: SoakReport, file = soakJsonPath): void {
  fs.writeFileSync(file, `${JSON.stringify(soak, null, 2)}\n`);
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

export function renderSoakSection(soak: SoakReport | undefined): string[] {
  const lines = ['## Soak (issue 9)', ''];
  if (!soak) return [...lines, 'No soak recorded yet: `npm run bench:soak` (30 minutes) writes [benchmarks-soak.json](benchmarks-soak.json) and this section.', ''];
  lines.push(`Last soak: ${soak.date}, ${soak.minutes} minutes${soak.warmupSeconds ? ` measured after ${soak.warmupSeconds} s of the same load as warm-up` : ''}, ${soak.citizens + soak.caseworkers} concurrent users (${soak.citizens} citizens, ${soak.caseworkers} caseworkers) against PostgreSQL,`);
  lines.push(`think time ${soak.thinkMs[0]}–${soak.thinkMs[1]} ms between a user's requests; ${soak.requests.toLocaleString('en')} requests, ${soak.errors} errors, ${soak.journeys.started.toLocaleString('en')} application journeys started, ${soak.journeys.submitted.toLocaleString('en')} submitted, ${soak.casesCreated.toLocaleString('en')} cases created by the worker during the soak.`);
  lines.push(`Machine: ${soak.machine.cpus} cores, Node.js ${soak.machine.node}, PostgreSQL ${soak.machine.postgres}; load average before ${soak.machine.loadBefore.map((l) => l.toFixed(1)).join(' / ')}, after ${soak.machine.loadAfter.map((l) => l.toFixed(1)).join(' / ')}.`, '');
  lines.push('| target | measured | result |', '|---|---|---|');
  for (const check of soak.checks) lines.push(`| ${check.target} | ${check.measured} | ${check.met ? '✅ met' : '❌ missed'} |`);
  lines.push('', '| request | count | p50 | p95 | p99 | max |', '|---|---|---|---|---|---|');
  for (const [kind, latency] of Object.entries(soak.byKind)) lines.push(`| ${kind} | ${latency.n.toLocaleString('en')} | ${ms(latency.p50)} | ${ms(latency.p95)} | ${ms(latency.p99)} | ${ms(latency.max)} |`);
  lines.push('', '| minute | requests | errors | p50 | p95 | p99 | app RSS | load |', '|---|---|---|---|---|---|---|---|');
  for (const m of soak.perMinute) lines.push(`| ${m.minute} | ${m.requests.toLocaleString('en')} | ${m.errors} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${m.rssMb ? `${m.rssMb.toFixed(0)} MiB` : '–'} | ${m.load} |`);
  if (soak.errorSamples.length) lines.push('', `First errors: ${soak.errorSamples.map((e) => `\`${e}\``).join(', ')}.`);
  lines.push('', 'Latencies in milliseconds, from the request leaving the load generator to the end of the answer. App RSS: the mean of the samples (every 5 s, /proc VmRSS) in that minute.', '');
  return lines;
}
