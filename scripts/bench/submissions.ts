/**
 * Durable form submission. One citizen journey goes through the whole HTTP path once per run
 * (start page, "Antrag starten", every step of the Hundeanmeldung walk of
 * src/modules/forms/web/demo-form-walks.ts, "absenden"): it proves the path and yields a valid
 * answer set. That answer set is then stored as N open drafts across the 16 municipalities
 * (each with its own browser token), and the burst sends "absenden" for all of them at 64
 * concurrent clients: recheck of the answers, then one transaction with the submission, the
 * closed draft, the outbox job and the audit entry (src/modules/submissions/submit.ts).
 * Every client request carries its own X-Forwarded-For address (the app trusts the proxy header),
 * as 64 citizens behind a reverse proxy would: the per-address POST rate limit stays in force.
 *
 * Baseline: single-row INSERT with autocommit (one durable commit, one round trip) through the
 * same driver at the same concurrency, into a table of the benchmark's own.
 * Case creation (the outbox consumer, src/modules/cases/create-case.ts) is measured apart: the
 * burst runs with the worker off, then an app process with the worker drains the queued jobs.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { walks } from '../../src/modules/forms/web/demo-form-walks.ts';
import type { AppProcess } from './app-process.ts';
import { cookieHeader, csrfTokenIn } from './inbox.ts';
import { runLoad } from './http-load.ts';
import { latencyOf, type Measurement } from './stats.ts';

export const burstConnections = 64;
export const formSlug = 'hundeanmeldung';
const walk = walks.find((candidate) => candidate.form === formSlug);

export type Journey = { answers: unknown; anonCookie: string; csrf: string; milliseconds: number; requests: number };

function setCookies(response: Response, jar: Record<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...rest] = (pair ?? '').split('=');
    if (name) jar[name.trim()] = rest.join('=');
  }
}

/** The full HTTP path once; returns the answers as the draft stored them and the browser's CSRF pair. */
export async function walkOnce(app: AppProcess, tenantSlug: string, readAnswers: (tokenHash: string) => Promise<unknown>): Promise<Journey> {
  if (!walk) throw new Error(`No walk for ${formSlug} in demo-form-walks.ts`);
  const base = `${app.baseUrl}/${tenantSlug}/antrag/${formSlug}`;
  const jar: Record<string, string> = {};
  const forwarded = `10.254.${crypto.randomInt(255)}.${crypto.randomInt(255)}`;
  let requests = 0;
  const started = performance.now();
  const start = await fetch(base);
  requests++;
  setCookies(start, jar);
  const csrf = csrfTokenIn(await start.text());
  async function post(url: string, fields: Record<string, string>): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar), 'x-forwarded-for': forwarded },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
    requests++;
    setCookies(response, jar);
    const text = await response.text();
    if (response.status !== 303) throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    // Follow the redirect as a browser does (the next step page is part of the journey).
    const location = response.headers.get('location');
    if (location) {
      const page = await fetch(new URL(location, app.baseUrl), { headers: { cookie: cookieHeader(jar) } });
      requests++;
      await page.arrayBuffer();
    }
  }
  await post(base, {});
  for (const [stepId, fields] of walk.steps) await post(`${base}/schritt/${stepId}`, fields);
  const token = jar.kp_antrag;
  if (!token) throw new Error('No draft cookie after "Antrag starten"');
  const answers = await readAnswers(crypto.createHash('sha256').update(token).digest('hex'));
  await post(`${base}/absenden`, { erklaerung: 'ja', bestaetigungEmail: '' });
  return { answers, anonCookie: jar.kp_anon ?? '', csrf, milliseconds: performance.now() - started, requests };
}

export type PreparedDraft = { tenantSlug: string; token: string };

/** Draft tokens and their rows (one per draft, round robin over the tenants), as the app would store them. */
export function draftRows(count: number, tenants: readonly { slug: string; id: string; formId: string; version: number }[], runTag: string) {
  const drafts: PreparedDraft[] = [];
  const rows: { tenantId: string; formId: string; version: number; tokenHash: string }[] = [];
  for (let i = 0; i < count; i++) {
    const tenant = tenants[i % tenants.length]!;
    // 32 base64url characters, as newDraftToken() makes; derived from the run, so no two runs collide.
    const token = crypto.createHash('sha256').update(`${runTag}-${i}`).digest('base64url').slice(0, 32);
    drafts.push({ tenantSlug: tenant.slug, token });
    rows.push({ tenantId: tenant.id, formId: tenant.formId, version: tenant.version, tokenHash: crypto.createHash('sha256').update(token).digest('hex') });
  }
  return { drafts, rows };
}

/** The published Hundeanmeldung of every tenant that has one. */
export const formTenantsSql = `
  select t.slug, t.id, f.id as "formId", max(v.version)::int as version
  from forms f join tenants t on t.id = f.tenant_id
  join form_versions v on v.tenant_id = f.tenant_id and v.form_id = f.id and v.status = 'published'
  where f.slug = $1 group by t.slug, t.id, f.id order by t.slug`;

export const insertDraftsSql = `
  insert into form_drafts (tenant_id, form_id, version, answers, token_hash, expires_at)
  select d.tenant_id, d.form_id, d.version, $5::jsonb, d.token_hash, now() + interval '1 day'
  from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[]) as d (tenant_id, form_id, version, token_hash)`;

/** The burst: "absenden" for every prepared draft, 64 clients at a time. */
export async function submitBurst(app: AppProcess, journey: Journey, drafts: PreparedDraft[], label: string): Promise<Measurement> {
  const queue = [...drafts];
  let address = 0;
  const body = new URLSearchParams({ _csrf: journey.csrf, erklaerung: 'ja', bestaetigungEmail: '' }).toString();
  return runLoad({
    label,
    app,
    connections: burstConnections,
    // autocannon builds one request per client ahead: leave those drafts unsent rather than reuse one.
    amount: Math.max(1, drafts.length - burstConnections),
    expectStatus: 303,
    next: () => {
      const draft = queue.shift() ?? drafts[0]!;
      address++;
      return {
        method: 'POST',
        path: `/${draft.tenantSlug}/antrag/${formSlug}/absenden`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `kp_anon=${journey.anonCookie}; kp_antrag=${draft.token}`,
          'x-forwarded-for': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
        },
        body,
      };
    },
  });
}

/** Drafts sent before the measured burst, unmeasured: as many as 8 rounds of the 64 clients. */
export const warmUpDrafts = burstConnections * 8;

/**
 * The burst after a warm-up burst on fresh connections: the first requests into a just-started
 * process (compiling, pool connections, prepared statements, caches) took 160–285 ms on
 * PostgreSQL and up to 5 s on the embedded database, and with 4,000 drafts they alone made the
 * p99. The warm-up takes the first `warmUpDrafts` of `drafts`; a production process has served
 * requests before its busy hour.
 */
export async function warmBurst(app: AppProcess, journey: Journey, drafts: PreparedDraft[], label: (measured: number) => string, log: (line: string) => void): Promise<Measurement> {
  const warmUp = await submitBurst(app, journey, drafts.slice(0, warmUpDrafts), 'absenden, warm-up');
  log(`  (warm-up before it: ${warmUp.connections} clients, p99 ${warmUp.latency.p99.toFixed(0)} ms, not counted)`);
  const measured = drafts.slice(warmUpDrafts);
  return submitBurst(app, journey, measured, label(measured.length));
}

/** `workers` loops run `insertOnce` back to back for `seconds`; latency of each, throughput of all. */
export async function closedLoop(label: string, workers: number, seconds: number, insertOnce: (i: number) => Promise<void>, note?: string): Promise<Measurement> {
  const samples: number[] = [];
  let errors = 0;
  let counter = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await insertOnce(counter++);
        samples.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  return { label, latency: latencyOf(samples), throughput: Math.round((samples.length / elapsed) * 10) / 10, connections: workers, seconds: Math.round(elapsed * 10) / 10, errors, load: Math.round((os.loadavg()[0] ?? 0) * 10) / 10, ...(note ? { note } : {}) };
}

export const rawTableSql = `create table if not exists bench_raw_insert (id bigserial primary key, payload jsonb not null, created_at timestamptz not null default now())`;

/** Raw INSERT + COMMIT through pg at the burst's concurrency (a pool of as many connections). */
export async function rawInsertBaseline(url: string, seconds: number): Promise<Measurement> {
  const pool = new pg.Pool({ connectionString: url, max: burstConnections });
  try {
    await pool.query(rawTableSql);
    return await closedLoop('raw INSERT+COMMIT (pg)', burstConnections, seconds, async (i) => {
      await pool.query('insert into bench_raw_insert (payload) values ($1)', [JSON.stringify({ i, at: Date.now() })]);
    }, `${burstConnections} connections, autocommit`);
  } finally {
    await pool.end();
  }
}

/** How fast the outbox worker turns queued submissions into cases: drained jobs per second. */
export async function drainRate(pool: pg.Pool, startWorker: () => Promise<AppProcess>, timeoutSeconds = 600): Promise<{ measurement: Measurement; app: AppProcess }> {
  const pendingSql = `select count(*)::int as n from outbox where topic = 'submission.received' and done_at is null`;
  const before = (await pool.query<{ n: number }>(pendingSql)).rows[0]?.n ?? 0;
  const casesBefore = (await pool.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]?.n ?? 0;
  const started = performance.now();
  const app = await startWorker();
  app.resetPeakRss();
  let pending = before;
  while (pending > 0 && performance.now() - started < timeoutSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    pending = (await pool.query<{ n: number }>(pendingSql)).rows[0]?.n ?? 0;
  }
  const seconds = (performance.now() - started - app.startupMs) / 1000;
  const created = ((await pool.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]?.n ?? 0) - casesBefore;
  return {
    app,
    measurement: {
      label: 'case creation (outbox worker)',
      latency: latencyOf([]),
      throughput: Math.round((created / Math.max(seconds, 0.001)) * 10) / 10,
      connections: 1,
      seconds: Math.round(seconds * 10) / 10,
      errors: pending,
      peakRssMb: app.peakRssMb(),
      note: `${created} cases from ${before} queued submissions, one worker in the app process`,
    },
  };
}
