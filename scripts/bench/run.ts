/**
 * `npm run bench` (issue 8): generates the data (resumable), starts the app as a separate process
 * against PostgreSQL, drives load on loopback from this process, repeats the submission and
 * cold-start workloads on the embedded database, and writes docs/benchmarks.json and .md.
 * Options: scripts/bench/options.ts. Not part of `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite } from '../../src/platform/db/pglite-driver.ts';
import { startApp, type AppProcess } from './app-process.ts';
import { fastifyMaxParamLength, firstVisitBytes, searchWorkload, serviceWorkload, staticBaseline, type FirstVisit, type PagePair } from './catalog.ts';
import { coldStartWorkload } from './cold-start.ts';
import { busyDaysPhase } from './busy-days.ts';
import { generate } from './generate.ts';
import { inboxWorkload, type InboxResults } from './inbox.ts';
import { readOptions, repositoryRoot, soakOnly, wants } from './options.ts';
import { generateRecords, recordsWorkload } from './records.ts';
import { rerenderReport, writeReport, type BenchReport, type Comparison } from './report.ts';
import { readSoak, soakJsonPath, writeSoak } from './soak-report.ts';
import { soakWorkload } from './soak.ts';
import type { Measurement } from './stats.ts';
import {
  burstConnections, closedLoop, draftRows, drainRate, formSlug, formTenantsSql, insertDraftsSql, rawInsertBaseline, rawTableSql, walkOnce, warmBurst, warmUpDrafts, type Journey,
} from './submissions.ts';

const options = readOptions();
const runStarted = performance.now();
const log = (line: string) => process.stdout.write(`${line}\n`);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-bench-run-'));
const logFile = path.join(workDir, 'app.log');
const measurements: Measurement[] = [];
const comparisons: Comparison[] = [];
const details: Record<string, unknown> = {};
const notes: string[] = [];
const loadBefore = os.loadavg();
const keep = <T extends Measurement>(m: T): T => {
  measurements.push(m);
  log(`  ${m.label.padEnd(44)} c=${String(m.connections).padStart(2)}  p50 ${m.latency.p50} ms  p95 ${m.latency.p95} ms  p99 ${m.latency.p99} ms  ${m.throughput}/s  errors ${m.errors}${m.peakRssMb ? `  rss ${m.peakRssMb.toFixed(0)} MiB` : ''}`);
  return m;
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

log(`Kreisportal benchmark: ${options.cases.toLocaleString('en')} cases, ${options.durationSeconds} s per phase, ${options.drafts} drafts per burst; app log ${logFile}`);
log('Generating data (PostgreSQL)');
const generation = await generate(options.databaseUrl, options.cases);
log(`  ${generation.cases.toLocaleString('en')} cases (${generation.generatedNow.toLocaleString('en')} generated now in ${generation.seconds.toFixed(0)} s)`);
const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
let recordDocuments = 0;
if (wants(options, 'records') && options.documents > 0) {
  const records = await generateRecords(pool, options.documents);
  recordDocuments = records.documents;
  log(`  ${records.documents.toLocaleString('en')} records documents (${records.generatedNow.toLocaleString('en')} generated now in ${records.seconds.toFixed(0)} s)`);
}
if (options.generateOnly) {
  await pool.end();
  process.exit(0);
}

const postgresVersion = (await pool.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '?';
const catalogServices = (await pool.query<{ n: number }>('select count(*)::int as n from services')).rows[0]?.n ?? 0;
const serverDataDir = path.join(workDir, 'server-data');
const serverOptions = { databaseUrl: options.databaseUrl, dataDir: serverDataDir, logFile };

function searchComparisons(name: string, pair: PagePair, baseline: PagePair, targets: boolean): void {
  const ratio = pair.throughput.throughput / baseline.throughput.throughput;
  comparisons.push({
    workload: name,
    database: 'PostgreSQL',
    measured: { ...pair.latency, throughput: pair.throughput.throughput, peakRssMb: Math.max(pair.latency.peakRssMb ?? 0, pair.throughput.peakRssMb ?? 0) },
    baseline: { ...baseline.latency, throughput: baseline.throughput.throughput },
    baselineLabel: 'GET /healthz, same server',
    ratio: round(ratio, 3),
    ratioMeaning: 'of the static rate',
    checks: targets
      ? [
          { target: 'p95 < 10 ms', measured: `${pair.latency.latency.p95} ms`, met: pair.latency.latency.p95 < 10 },
          { target: 'throughput ≥ 0.3 × static', measured: `${ratio.toFixed(2)} ×`, met: ratio >= 0.3 },
        ]
      : [],
  });
}

// ---------------------------------------------------------------- PostgreSQL
let journey: Journey | undefined;
{
  log('PostgreSQL: starting the app (worker off)');
  let app: AppProcess = await startApp({ ...serverOptions, runWorker: false });
  try {
    if (wants(options, 'catalog') || wants(options, 'service')) {
      const baseline = staticBaseline(app, options.durationSeconds);
      const staticPair = await baseline;
      keep(staticPair.latency);
      keep(staticPair.throughput);
      if (wants(options, 'catalog')) {
        const search = await searchWorkload(app, options.durationSeconds);
        keep(search.latency);
        keep(search.throughput);
        searchComparisons('catalog search page (full catalog)', search, staticPair, true);
      }
      if (wants(options, 'service')) {
        const service = await serviceWorkload(app, pool, options.durationSeconds);
        details.serviceSlugs = { total: service.total, longerThanMaxParamLength: service.unreachable, statusOfSuchAPage: service.longSlugStatus };
        if (service.unreachable > 0) {
          notes.push(`Bug found: ${service.unreachable.toLocaleString('en')} of ${service.total.toLocaleString('en')} service pages answer ${service.longSlugStatus ?? 'an error'} instead of the page: their slug is longer than ${fastifyMaxParamLength} characters, Fastify's maxParamLength in src/app.ts. The measured mix leaves them out.`);
        }
        keep(service.latency);
        keep(service.throughput);
        searchComparisons('service page render', service, staticPair, false);
      }
    }
    if (wants(options, 'bytes')) {
      const visit: FirstVisit = await firstVisitBytes(app);
      details.firstVisit = visit;
      const kb = visit.gzipBytes / 1024;
      comparisons.push({
        workload: 'first visit: home page + CSS + fonts',
        database: 'PostgreSQL',
        measured: { label: 'first visit bytes', latency: { n: visit.files.length, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 }, throughput: 0, connections: 1, seconds: 0, errors: 0 },
        baseline: undefined,
        baselineLabel: '–',
        ratio: undefined,
        ratioMeaning: '',
        checks: [
          { target: '≤ 80 KB compressed', measured: `${kb.toFixed(1)} KB with gzip, ${(visit.gzipBytesWithoutFonts / 1024).toFixed(1)} KB of it not fonts (${(visit.bytes / 1024).toFixed(1)} KB as the app sends it)`, met: kb <= 80 },
        ],
      });
      log(`  first visit: ${visit.files.length} files, ${(visit.bytes / 1024).toFixed(1)} KB sent, ${kb.toFixed(1)} KB gzip`);
      notes.push(`First visit of the home page: ${visit.files.map((f) => `${f.path.replace(/\?.*$/, '')} ${(f.bytes / 1024).toFixed(0)} KB (${(Math.min(f.bytes, f.gzipBytes) / 1024).toFixed(0)} KB gzip)`).join(', ')}. The page loads ${visit.scripts} deferred script (search suggestions, progressive enhancement); whether the pages work without JavaScript is checked by the browser tests with JavaScript off, not here.`);
    }
    if (wants(options, 'inbox')) {
      const inbox: InboxResults = await inboxWorkload(app, pool, options.durationSeconds);
      keep(inbox.first);
      keep(inbox.deep);
      keep(inbox.firstThroughput);
      details.inbox = { tenantCases: inbox.tenantCases, explainFirst: inbox.explainFirst, explainDeep: inbox.explainDeep, explainCounts: inbox.explainCounts };
      for (const [name, page, plan] of [
        ['inbox first page', inbox.first, inbox.explainFirst],
        ['inbox deep page (cursor at 90%)', inbox.deep, inbox.explainDeep],
      ] as const) {
        const baseline: Measurement = { label: `EXPLAIN ANALYZE ${name}`, latency: plan.execution, throughput: 0, connections: 1, seconds: 0, errors: 0, note: plan.plan };
        keep(baseline);
        comparisons.push({
          workload: `${name}, ${inbox.tenantCases.toLocaleString('en')} cases in the tenant`,
          database: 'PostgreSQL',
          measured: page,
          baseline,
          baselineLabel: 'the page query alone (EXPLAIN ANALYZE execution)',
          ratio: round(page.latency.p50 / Math.max(plan.execution.p50, 0.001), 1),
          ratioMeaning: '× the index scan (p50)',
          checks: [{ target: 'p95 < 15 ms', measured: `${page.latency.p95} ms`, met: page.latency.p95 < 15 }],
        });
      }
      keep({ label: 'EXPLAIN ANALYZE status counts (inbox tabs)', latency: inbox.explainCounts.execution, throughput: 0, connections: 1, seconds: 0, errors: 0, note: inbox.explainCounts.plan });
      keep({ label: `EXPLAIN ANALYZE inbox extras (${inbox.explainExtras.statements} statements, summed)`, latency: inbox.explainExtras.execution, throughput: 0, connections: 1, seconds: 0, errors: 0, note: 'src/modules/cases/inbox-extras.ts: assigned to me, overdue per open status (capped), post list' });
      // Issue 5: the inbox's full-text search (scripts/bench/inbox.ts, migration 0023).
      keep(inbox.search);
      const searchBaseline: Measurement = { label: 'EXPLAIN ANALYZE inbox search page', latency: inbox.explainSearch.execution, throughput: 0, connections: 1, seconds: 0, errors: 0, note: inbox.explainSearch.plan };
      keep(searchBaseline);
      keep({ label: 'EXPLAIN ANALYZE inbox search tab counts', latency: inbox.explainSearchCounts.execution, throughput: 0, connections: 1, seconds: 0, errors: 0, note: inbox.explainSearchCounts.plan });
      details.inboxSearch = { searches: inbox.searches, explainSearch: inbox.explainSearch, explainSearchCounts: inbox.explainSearchCounts };
      comparisons.push({
        workload: `inbox search (${inbox.searches.map((search) => search.kind).join(' / ')}), ${inbox.tenantCases.toLocaleString('en')} cases in the tenant (issue 5)`,
        database: 'PostgreSQL',
        measured: inbox.search,
        baseline: searchBaseline,
        baselineLabel: 'the page query alone (EXPLAIN ANALYZE execution)',
        ratio: round(inbox.search.latency.p50 / Math.max(inbox.explainSearch.execution.p50, 0.001), 1),
        ratioMeaning: '× the index scan (p50)',
        checks: [{ target: 'p95 < 15 ms', measured: `${inbox.search.latency.p95} ms`, met: inbox.search.latency.p95 < 15 }],
      });
    }
    if (wants(options, 'records') && recordDocuments > 0) {
      log('PostgreSQL: records full-text search');
      const records = await recordsWorkload(pool, options.databaseUrl, options.durationSeconds);
      keep(records.search);
      keep(records.bare);
      details.records = { tenantDocuments: records.tenantDocuments, hitsPerQuery: records.hits };
      comparisons.push({
        workload: `records full-text search, ${records.tenantDocuments.toLocaleString('en')} documents in the tenant`,
        database: 'PostgreSQL',
        measured: records.search,
        baseline: records.bare,
        baselineLabel: 'the same tsquery on the bare text table (record_texts, GIN)',
        ratio: round(records.search.latency.p50 / Math.max(records.bare.latency.p50, 0.001), 1),
        ratioMeaning: '× the bare tsquery (p50)',
        checks: [],
      });
    }
    if (wants(options, 'submit')) {
      // A fresh process: the peak RSS of the burst is then its own, not the inbox's.
      await app.stop();
      app = await startApp({ ...serverOptions, runWorker: false });
      const tenants = (await pool.query<{ slug: string; id: string; formId: string; version: number }>(formTenantsSql, [formSlug])).rows;
      if (tenants.length === 0) throw new Error(`No tenant publishes ${formSlug}`);
      journey = await walkOnce(app, tenants[0]!.slug, async (tokenHash) =>
        (await pool.query<{ answers: unknown }>('select answers from form_drafts where token_hash = $1 and submitted_at is null', [tokenHash])).rows[0]?.answers);
      details.journey = { requests: journey.requests, milliseconds: round(journey.milliseconds, 1) };
      log(`  one full journey (${journey.requests} requests, start to receipt): ${journey.milliseconds.toFixed(0)} ms`);
      const { drafts, rows } = draftRows(options.drafts + warmUpDrafts, tenants, `pg-${Date.now()}`);
      await pool.query(insertDraftsSql, [rows.map((r) => r.tenantId), rows.map((r) => r.formId), rows.map((r) => r.version), rows.map((r) => r.tokenHash), JSON.stringify(journey.answers)]);
      const burst = keep(await warmBurst(app, journey, drafts, (measured) => `absenden, ${measured} drafts, ${tenants.length} tenants`, log));
      await app.stop();
      const raw = keep(await rawInsertBaseline(options.databaseUrl, options.durationSeconds));
      const ratio = burst.throughput / raw.throughput;
      comparisons.push({
        workload: `durable submission ("absenden", ${burstConnections} clients)`,
        database: 'PostgreSQL',
        measured: burst,
        baseline: raw,
        baselineLabel: `raw INSERT+COMMIT, pg, ${burstConnections} connections`,
        ratio: round(ratio, 3),
        ratioMeaning: 'of the raw rate',
        checks: [
          { target: '≥ 500/s', measured: `${burst.throughput}/s`, met: burst.throughput >= 500 },
          { target: 'p99 < 100 ms', measured: `${burst.latency.p99} ms`, met: burst.latency.p99 < 100 },
          { target: '≥ 0.5 × raw INSERT+COMMIT', measured: `${ratio.toFixed(2)} ×`, met: ratio >= 0.5 },
        ],
      });
      log('PostgreSQL: app with the outbox worker drains the queued submissions into cases');
      const drain = await drainRate(pool, () => startApp({ ...serverOptions, runWorker: true }));
      app = drain.app;
      keep(drain.measurement);
      comparisons.push({
        workload: 'case creation from the outbox (submission → case)',
        database: 'PostgreSQL',
        measured: drain.measurement,
        baseline: raw,
        baselineLabel: 'raw INSERT+COMMIT (as above)',
        ratio: round(drain.measurement.throughput / raw.throughput, 3),
        ratioMeaning: 'of the raw rate',
        checks: [],
      });
    }
  } finally {
    await app.stop();
  }
  if (wants(options, 'cold')) {
    log('PostgreSQL: cold starts');
    const cold = await coldStartWorkload('cold start to first 200 (PostgreSQL)', serverOptions);
    keep(cold.baseline);
    keep(cold.app);
    comparisons.push({
      workload: 'cold start to first 200',
      database: 'PostgreSQL',
      measured: cold.app,
      baseline: cold.baseline,
      baselineLabel: '`node -e` HTTP server, same runtime',
      ratio: round(cold.app.latency.p50 / cold.baseline.latency.p50, 1),
      ratioMeaning: '× the bare runtime (median)',
      checks: [{ target: '< 3 s (median)', measured: `${(cold.app.latency.p50 / 1000).toFixed(2)} s median, ${(cold.app.latency.max / 1000).toFixed(2)} s slowest`, met: cold.app.latency.p50 < 3000 }],
    });
  }
}

// ---------------------------------------------------------------- PostgreSQL: busy days (issue 10)
if (wants(options, 'mixed') || wants(options, 'overload') || wants(options, 'fairness')) {
  await busyDaysPhase({ options, pool, serverOptions, log, keep, comparisons, details, notes });
}

// ---------------------------------------------------------------- PostgreSQL: soak (issue 9), only when named
if (wants(options, 'soak')) {
  const minutes = Math.max(1, options.soakMinutes);
  log(`PostgreSQL: soak, ${minutes} minutes (app with the outbox worker)`);
  const app = await startApp({ ...serverOptions, runWorker: true });
  try {
    const soak = await soakWorkload({ app, pool, minutes, postgres: postgresVersion, log });
    writeSoak(soak);
    for (const check of soak.checks) log(`  ${check.met ? 'met' : 'MISSED'}: ${check.target}: ${check.measured}`);
    log(`  written ${path.relative(repositoryRoot, soakJsonPath)}`);
  } finally {
    await app.stop();
  }
}

// ---------------------------------------------------------------- PGlite (embedded) subset
const pgliteVersion = JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version as string;
if (options.pglite && (wants(options, 'submit') || wants(options, 'cold'))) {
  const dataDir = options.pgliteDir;
  const embedded = { dataDir, logFile };
  if (!fs.existsSync(path.join(dataDir, 'db'))) {
    log(`PGlite: creating the embedded database in ${dataDir} (kreisportal start: migrate, district, catalog, demo data)`);
    const first = await startApp({ ...embedded, runWorker: false, command: 'start', env: { SEED_DEMO: 'true' }, timeoutMs: 600_000 });
    await first.stop();
  }
  if (wants(options, 'cold')) {
    log('PGlite: cold starts');
    const cold = await coldStartWorkload('cold start to first 200 (PGlite)', embedded);
    keep(cold.baseline);
    keep(cold.app);
    comparisons.push({
      workload: 'cold start to first 200',
      database: 'PGlite',
      measured: cold.app,
      baseline: cold.baseline,
      baselineLabel: '`node -e` HTTP server, same runtime',
      ratio: round(cold.app.latency.p50 / cold.baseline.latency.p50, 1),
      ratioMeaning: '× the bare runtime (median)',
      checks: [{ target: '< 3 s (median)', measured: `${(cold.app.latency.p50 / 1000).toFixed(2)} s median, ${(cold.app.latency.max / 1000).toFixed(2)} s slowest`, met: cold.app.latency.p50 < 3000 }],
    });
  }
  if (wants(options, 'submit')) {
    log('PGlite: submissions');
    // The embedded database belongs to one process at a time: walk with the app, then prepare
    // drafts with the app stopped, then the burst, then the raw baseline with the app stopped.
    let app = await startApp({ ...embedded, runWorker: false });
    const db = { current: undefined as Awaited<ReturnType<typeof openPglite>> | undefined };
    let pgliteJourney: Journey;
    try {
      pgliteJourney = await walkOnce(app, 'detmold', async () => journey?.answers);
    } finally {
      await app.stop();
    }
    const drafts = Math.min(options.drafts, 2000);
    let prepared: ReturnType<typeof draftRows>['drafts'];
    db.current = await openPglite({ dataDir: path.join(dataDir, 'db') });
    try {
      const tenants = (await db.current.pglite.query<{ slug: string; id: string; formId: string; version: number }>(formTenantsSql, [formSlug])).rows;
      let answers = journey?.answers;
      if (!answers) {
        const { rows } = await db.current.pglite.query<{ answers: unknown }>(`select answers from submissions order by submitted_at desc limit 1`);
        answers = rows[0]?.answers;
      }
      const made = draftRows(drafts + warmUpDrafts, tenants, `pglite-${Date.now()}`);
      prepared = made.drafts;
      await db.current.pglite.query(insertDraftsSql, [made.rows.map((r) => r.tenantId), made.rows.map((r) => r.formId), made.rows.map((r) => r.version), made.rows.map((r) => r.tokenHash), JSON.stringify(answers)]);
    } finally {
      await db.current.close();
    }
    app = await startApp({ ...embedded, runWorker: false });
    let burst: Measurement;
    try {
      burst = keep(await warmBurst(app, pgliteJourney, prepared, (measured) => `absenden on PGlite, ${measured} drafts`, log));
    } finally {
      await app.stop();
    }
    db.current = await openPglite({ dataDir: path.join(dataDir, 'db') });
    let raw: Measurement;
    try {
      const lite = db.current.pglite;
      await lite.query(rawTableSql);
      raw = keep(await closedLoop('raw INSERT+COMMIT (PGlite)', burstConnections, options.durationSeconds, async (i) => {
        await lite.query('insert into bench_raw_insert (payload) values ($1)', [JSON.stringify({ i, at: Date.now() })]);
      }, `${burstConnections} concurrent callers of one embedded database, autocommit`));
    } finally {
      await db.current.close();
    }
    const ratio = burst.throughput / raw.throughput;
    comparisons.push({
      workload: `durable submission ("absenden", ${burstConnections} clients)`,
      database: 'PGlite',
      measured: burst,
      baseline: raw,
      baselineLabel: `raw INSERT+COMMIT, PGlite, ${burstConnections} callers`,
      ratio: round(ratio, 3),
      ratioMeaning: 'of the raw rate',
      checks: [
        { target: '≥ 500/s', measured: `${burst.throughput}/s`, met: burst.throughput >= 500 },
        { target: 'p99 < 100 ms', measured: `${burst.latency.p99} ms`, met: burst.latency.p99 < 100 },
        { target: '≥ 0.5 × raw INSERT+COMMIT', measured: `${ratio.toFixed(2)} ×`, met: ratio >= 0.5 },
      ],
    });
  }
}

// ---------------------------------------------------------------- report
const casesTotal = (await pool.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]?.n ?? 0;
const submissionsTotal = (await pool.query<{ n: number }>('select count(*)::int as n from submissions')).rows[0]?.n ?? 0;
await pool.end();
const report: BenchReport = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? '?',
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    postgres: postgresVersion,
    pglite: pgliteVersion,
    os: `${os.type()} ${os.release()}`,
    loadBefore,
    loadAfter: os.loadavg(),
  },
  sizes: {
    'cases (generated, all tenants)': generation.cases,
    'records documents with text (generated, all tenants)': recordDocuments,
    'cases in the database after the run': casesTotal,
    'submissions in the database after the run': submissionsTotal,
    'catalog services': catalogServices,
    'tenants': 17,
    'seconds per load phase': options.durationSeconds,
  },
  comparisons,
  measurements,
  details,
  notes: [
    'The machine\'s other work shows in the load averages above and in the load column per phase: absolute numbers move with it from run to run (a phase at load 2 or more on 2 cores is slowed); the ratios, measured minutes apart in one run, are what to compare.',
    `The app ran as its own process (\`node src/main.ts serve\`, defaults: LOG_LEVEL=${process.env.BENCH_LOG_LEVEL || 'info'} with JSON log lines per request, DATABASE_POOL_SIZE=${process.env.BENCH_POOL_SIZE || '10'}); autocannon drove the closed-loop workloads from the benchmark process over loopback, on the same two cores; the open-loop ones (overload, fairness) came from generator processes of their own on raw keep-alive connections, all connected before the clock started (scripts/bench/open-loop.ts).`,
    'Latency of the page workloads is taken at 1 client (what one visitor waits), throughput at 16 clients (saturation); the static route is measured the same way.',
    'The submission burst sends "absenden" for drafts prepared from one walked journey; every client request carries its own X-Forwarded-For address, as citizens behind a reverse proxy would (the per-address POST rate limit of 60/min stays in force).',
    `Each submission burst follows an unmeasured warm-up burst of ${warmUpDrafts} drafts into the same process: the first requests into a just-started process took 160–300 ms on PostgreSQL and up to 2–5 s on PGlite (statements planned and caches filled for the first time), and in a burst of 4,000 they alone made the p99. The warm-up's p99 is in the log of the run.`,
    'The baseline of the inbox is the page query of src/modules/cases/inbox-query.ts captured from the module and run under EXPLAIN ANALYZE as kreisportal_app in the caseworker\'s tenant (RLS on); the page also runs the status counts of the tabs, listed separately.',
    `The caseworker belongs to the Kreis (40% of the generated cases) and has no office membership, so the inbox spans the whole tenant.`,
    'First-visit bytes: as the app sends them to a browser that accepts br and gzip (pages compressed per response, stylesheets and scripts compressed once on their first request, fonts as they are); the gzip column is what gzip level 6 would give each file, fonts counted once each as named by the stylesheets (an upper bound: browsers load only the faces a page uses).',
    'The catalog search keeps recent results in the app process while the data version stays, a minute at most (src/platform/cache/content-cache.ts); the measured query list repeats, so after the warm-up pass the search page measures the cache and the page rendering, as a popular query does in production. The uncached cost of a search is the statement time listed in the analysis.',
    ...notes,
  ],
  missing: [
    'Records search over HTTP (/verwaltung/akten/suche, with its page and session): the records workload measures the module query through the app driver only.',
    'The full citizen journey under load (start, every step, absenden at 64 clients): measured once per run for correctness and time only; the burst measures the durable step with prepared drafts.',
  ],
  durationSeconds: (performance.now() - runStarted) / 1000,
};
if (soakOnly(options)) {
  // The soak alone: the last full run's benchmarks.json stays, the Markdown gets the new Soak section.
  rerenderReport(options.outputJson, options.outputMarkdown, readSoak());
  log(`Written ${path.relative(repositoryRoot, options.outputMarkdown)} (benchmarks.json kept) in ${(report.durationSeconds / 60).toFixed(1)} min`);
} else {
  writeReport(report, options.outputJson, options.outputMarkdown, readSoak());
  log(`Written ${path.relative(repositoryRoot, options.outputMarkdown)} and ${path.relative(repositoryRoot, options.outputJson)} in ${(report.durationSeconds / 60).toFixed(1)} min`);
}
fs.rmSync(serverDataDir, { recursive: true, force: true });
