/**
 * Soak (issue 9): 100 concurrent users for 30 minutes against PostgreSQL with the outbox worker
 * on, looking for what only time shows: errors that come with growing tables or a full pool,
 * latency that creeps up, memory that does not come back.
 *   - 80 citizens: mostly the anonymous reads of mixed-reads.ts; one iteration in 20 is a whole
 *     application (the Hundeanmeldung walk of demo-form-walks.ts, as submissions.ts walks it:
 *     start page, "Antrag starten", every step with its redirect, "absenden", the receipt), each
 *     journey from its own X-Forwarded-For address like a citizen behind a proxy, so the
 *     per-address POST limit stays in force and is not what the soak measures;
 *   - 20 caseworkers: the inbox (first page, then on through the "next" links), and a case page
 *     from the page just read; signed in once over HTTP (inbox.ts `logIn`) and sharing that
 *     session like tabs of one browser, since the login limit is per address.
 * Every user waits a random think time between two requests. An error is any answer other than
 * 200 (GET) or 303 (POST), or no answer. Latency is bucketed per minute; the app's RSS is sampled
 * every 5 s from /proc. Compared: the first and the last 5 minutes (a third of a shorter soak).
 * The same load runs for one minute before the measured minutes start (`warmupMs`): the first
 * pages compile the code paths and fill the caches (published forms, catalog pages), which is
 * start-up, not the creeping growth a soak looks for.
 */
import fs from 'node:fs';
import os from 'node:os';
import type pg from 'pg';
import { walks } from '../../src/modules/forms/web/demo-form-walks.ts';
import type { AppProcess } from './app-process.ts';
import { HttpClient, type Answer } from './http-client.ts';
import type { RequestSpec } from './http-load.ts';
import { cookieHeader, csrfTokenIn, logIn } from './inbox.ts';
import { mixedRequests } from './mixed-reads.ts';
import type { SoakMinute, SoakReport } from './soak-report.ts';
import { latencyOf, type Latency } from './stats.ts';
import { formSlug, formTenantsSql } from './submissions.ts';

export const soakCitizens = 80;
export const soakCaseworkers = 20;
export const thinkMs: [number, number] = [0, 500];
/** One citizen iteration in this many is a whole application instead of one page. */
const journeyEvery = 20;
/** Load before the measured minutes, not counted (see the header). */
export const warmupMs = 60_000;

type Sample = { at: number; ms: number; kind: string; ok: boolean };

const think = () => new Promise((resolve) => setTimeout(resolve, thinkMs[0] + Math.random() * (thinkMs[1] - thinkMs[0])));

function rssMb(pid: number): number | undefined {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function storeCookies(answer: Answer, jar: Record<string, string>): void {
  for (const line of answer.headers['set-cookie'] ?? []) {
    const [pair] = line.split(';');
    const [name, ...rest] = (pair ?? '').split('=');
    if (name) jar[name.trim()] = rest.join('=');
  }
}

export type SoakSpec = { app: AppProcess; pool: pg.Pool; minutes: number; postgres: string; log: (line: string) => void };

export async function soakWorkload(spec: SoakSpec): Promise<SoakReport> {
  const { app, pool } = spec;
  const walk = walks.find((candidate) => candidate.form === formSlug);
  if (!walk) throw new Error(`No walk for ${formSlug} in demo-form-walks.ts`);
  const tenants = (await pool.query<{ slug: string }>(formTenantsSql, [formSlug])).rows.map((row) => row.slug);
  if (tenants.length === 0) throw new Error(`No tenant publishes ${formSlug}`);
  const reads = await mixedRequests(pool);
  const staffCookie = cookieHeader(await logIn(app.baseUrl));
  const casesBefore = (await pool.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]?.n ?? 0;
  const client = new HttpClient(app.baseUrl, soakCitizens + soakCaseworkers);
  const samples: Sample[] = [];
  const statuses: Record<string, number> = {};
  const errorSamples: string[] = [];
  const rss: { at: number; mb: number }[] = [];
  const loads: { at: number; load: number }[] = [];
  const journeys = { started: 0, submitted: 0 };
  const loadBefore = os.loadavg();
  // Time 0 of every sample is the end of the warm-up; what is sent before it is not kept.
  const start = performance.now() + warmupMs;
  const deadline = start + spec.minutes * 60_000;
  const running = () => performance.now() < deadline;

  /** One request, timed and judged; undefined when it failed (the user then starts over). */
  async function request(kind: string, req: RequestSpec, keepBody = false): Promise<Answer | undefined> {
    const expected = (req.method ?? 'GET') === 'GET' ? 200 : 303;
    try {
      const answer = await client.send(req, keepBody);
      const ok = answer.status === expected;
      if (answer.sentAt < start) return ok ? answer : undefined;
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      samples.push({ at: answer.sentAt - start, ms: answer.ms, kind, ok });
      if (!ok && errorSamples.length < 10) errorSamples.push(`${answer.status} ${req.method ?? 'GET'} ${req.path}`);
      return ok ? answer : undefined;
    } catch (error) {
      if (performance.now() < start) return undefined;
      samples.push({ at: performance.now() - start, ms: 0, kind, ok: false });
      statuses.network = (statuses.network ?? 0) + 1;
      if (errorSamples.length < 10) errorSamples.push(`${(error as Error).message} ${req.path}`);
      return undefined;
    }
  }

  let address = 0;
  async function journey(tenant: string): Promise<void> {
    journeys.started++;
    address++;
    const forwarded = `10.${100 + ((address >> 16) & 127)}.${(address >> 8) & 255}.${address & 255}`;
    const base = `/${tenant}/antrag/${formSlug}`;
    const jar: Record<string, string> = {};
    const page = await request('form page (GET)', { path: base, headers: { 'x-forwarded-for': forwarded } }, true);
    if (!page) return;
    storeCookies(page, jar);
    let csrf: string;
    try {
      csrf = csrfTokenIn(page.body);
    } catch {
      samples.push({ at: page.sentAt - start, ms: page.ms, kind: 'form page (GET)', ok: false });
      if (errorSamples.length < 10) errorSamples.push(`no CSRF token on ${base}`);
      return;
    }
    const post = async (path: string, fields: Record<string, string>, kind: string): Promise<boolean> => {
      if (!running()) return false;
      await think();
      const answer = await request(kind, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar), 'x-forwarded-for': forwarded },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
      if (!answer) return false;
      storeCookies(answer, jar);
      const location = answer.headers.location;
      if (!location) return true;
      await think();
      const target = new URL(location, app.baseUrl);
      const next = await request('form page (GET)', { path: `${target.pathname}${target.search}`, headers: { cookie: cookieHeader(jar), 'x-forwarded-for': forwarded } });
      return next !== undefined;
    };
    if (!(await post(base, {}, 'form step (POST)'))) return;
    for (const [stepId, fields] of walk!.steps) if (!(await post(`${base}/schritt/${stepId}`, fields, 'form step (POST)'))) return;
    if (await post(`${base}/absenden`, { erklaerung: 'ja', bestaetigungEmail: '' }, 'absenden (POST)')) journeys.submitted++;
  }

  async function citizen(index: number): Promise<void> {
    let round = index;
    while (running()) {
      if (round++ % journeyEvery === 0) await journey(tenants[round % tenants.length]!);
      else await request('anonymous read', reads.next());
      await think();
    }
  }

  async function caseworker(): Promise<void> {
    const headers = { cookie: staffCookie };
    let inbox = '/verwaltung/vorgaenge';
    let depth = 0;
    while (running()) {
      const page = await request('inbox page', { path: inbox, headers }, true);
      const ids = page ? [...page.body.matchAll(/href="\/verwaltung\/vorgaenge\/([0-9a-f-]{36})"/g)].map((m) => m[1]!) : [];
      const next = page?.body.match(/rel="next" href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
      // On through the pages for a while, then back to the first, as someone working a queue.
      [inbox, depth] = next && depth < 5 && Math.random() < 0.5 ? [next, depth + 1] : ['/verwaltung/vorgaenge', 0];
      await think();
      if (ids.length > 0 && running()) {
        await request('case page', { path: `/verwaltung/vorgaenge/${ids[Math.floor(Math.random() * ids.length)]}`, headers });
        await think();
      }
    }
  }

  const sampler = setInterval(() => {
    const at = performance.now() - start;
    if (at < 0) return;
    const mb = rssMb(app.pid);
    if (mb !== undefined) rss.push({ at, mb });
    loads.push({ at, load: os.loadavg()[0] ?? 0 });
  }, 5000);
  let reported = 0;
  const progress = setInterval(() => {
    const minute = Math.floor((performance.now() - start) / 60_000);
    if (minute <= reported) return;
    const inMinute = samples.filter((s) => s.at >= reported * 60_000 && s.at < minute * 60_000);
    const latency = latencyOf(inMinute.map((s) => s.ms));
    spec.log(`  soak minute ${minute}: ${inMinute.length.toLocaleString('en')} requests, p50 ${latency.p50} ms, p99 ${latency.p99} ms, errors ${inMinute.filter((s) => !s.ok).length}, app RSS ${rss.at(-1)?.mb.toFixed(0) ?? '?'} MiB`);
    reported = minute;
  }, 1000);
  try {
    await Promise.all([
      ...Array.from({ length: soakCitizens }, (_, index) => citizen(index)),
      ...Array.from({ length: soakCaseworkers }, () => caseworker()),
    ]);
  } finally {
    clearInterval(sampler);
    clearInterval(progress);
    client.close();
  }

  const perMinute: SoakMinute[] = [];
  for (let minute = 0; minute < spec.minutes; minute++) {
    const from = minute * 60_000;
    const to = from + 60_000;
    // Requests that left in the last moment belong to the last minute.
    const inMinute = samples.filter((s) => s.at >= from && (s.at < to || minute === spec.minutes - 1));
    const latency = latencyOf(inMinute.filter((s) => s.ok).map((s) => s.ms));
    const mbs = rss.filter((r) => r.at >= from && r.at < to).map((r) => r.mb);
    const minuteLoads = loads.filter((l) => l.at >= from && l.at < to).map((l) => l.load);
    perMinute.push({
      minute: minute + 1,
      requests: inMinute.length,
      errors: inMinute.filter((s) => !s.ok).length,
      p50: latency.p50,
      p95: latency.p95,
      p99: latency.p99,
      rssMb: mbs.length ? mbs.reduce((a, b) => a + b, 0) / mbs.length : undefined,
      load: minuteLoads.length ? Math.round(Math.max(...minuteLoads) * 10) / 10 : 0,
    });
  }
  const windowMinutes = Math.min(5, spec.minutes / 3);
  const windowMs = windowMinutes * 60_000;
  const totalMs = spec.minutes * 60_000;
  const window = (from: number, to: number) => {
    const mbs = rss.filter((r) => r.at >= from && r.at < to).map((r) => r.mb);
    return {
      p99: latencyOf(samples.filter((s) => s.ok && s.at >= from && s.at < to).map((s) => s.ms)).p99,
      rssMb: mbs.length ? mbs.reduce((a, b) => a + b, 0) / mbs.length : undefined,
    };
  };
  const firstWindow = window(0, windowMs);
  const lastWindow = window(totalMs - windowMs, totalMs + 60_000);
  const byKind: Record<string, Latency> = {};
  for (const kind of [...new Set(samples.map((s) => s.kind))].sort()) byKind[kind] = latencyOf(samples.filter((s) => s.kind === kind && s.ok).map((s) => s.ms));
  const errors = samples.filter((s) => !s.ok).length;
  const growth = firstWindow.rssMb && lastWindow.rssMb ? lastWindow.rssMb / firstWindow.rssMb - 1 : undefined;
  const drift = lastWindow.p99 / Math.max(firstWindow.p99, 0.001);
  const minuteP99s = perMinute.map((m) => m.p99);
  const w = windowMinutes >= 1 ? `${windowMinutes} min` : `${Math.round(windowMinutes * 60)} s`;
  const casesAfter = (await pool.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]?.n ?? 0;
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    minutes: spec.minutes,
    warmupSeconds: warmupMs / 1000,
    citizens: soakCitizens,
    caseworkers: soakCaseworkers,
    thinkMs,
    requests: samples.length,
    errors,
    statuses,
    errorSamples,
    byKind,
    perMinute,
    windowMinutes: Math.round(windowMinutes * 100) / 100,
    firstWindow,
    lastWindow,
    journeys,
    casesCreated: casesAfter - casesBefore,
    checks: [
      { target: 'zero errors', measured: `${errors} of ${samples.length.toLocaleString('en')} requests`, met: errors === 0 },
      {
        target: `p99 stable (last ${w} ≤ 1.5 × first ${w})`,
        measured: `${firstWindow.p99} ms → ${lastWindow.p99} ms (${drift.toFixed(2)} ×); per minute ${Math.min(...minuteP99s)}–${Math.max(...minuteP99s)} ms`,
        met: drift <= 1.5,
      },
      {
        target: `app RSS growth < 10% (first ${w} → last ${w})`,
        measured: growth === undefined ? 'not measured (no /proc)' : `${firstWindow.rssMb!.toFixed(0)} → ${lastWindow.rssMb!.toFixed(0)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%)`,
        met: growth !== undefined && growth < 0.1,
      },
    ],
    machine: { cpus: os.cpus().length, node: process.version, postgres: spec.postgres, loadBefore, loadAfter: os.loadavg() },
  };
}
