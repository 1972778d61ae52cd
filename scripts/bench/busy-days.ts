/**
 * The busy-day workloads of issue 10 against PostgreSQL: the mixed-read sweep, the overload at
 * twice the sustainable rate and tenant fairness, each measured three ways: straight to the app
 * process; through the nginx edge of the scale-out topology (src/platform/edge), which bounds
 * anonymous reads in all and per municipality before a request reaches Node; and through the
 * same edge with its page cache, which answers the pages the app marks public itself. All go
 * into the report; the edge with its cache is what docs/scaling.md recommends for a busy day.
 * The edge's overload and fairness run three times each and report the median run (the others in
 * the notes), and every open-loop phase says where the CPU went (cpu-usage.ts): the generators
 * share the two cores.
 */
import type pg from 'pg';
import { defaultEdgeOptions } from '../../src/platform/edge/nginx-config.ts';
import { startNginx } from '../../src/platform/edge/nginx-process.ts';
import { startApp, type AppProcess, type StartOptions } from './app-process.ts';
import { freePort } from '../../src/platform/testing/free-port.ts';
import { fairnessWorkload, tenantA, tenantARate, tenantB, type FairnessResults } from './fairness.ts';
import { startRefusingNginx } from './refusing-nginx.ts';
import { describeCpu } from './cpu-usage.ts';
import { mixedReadsWorkload, mixedRequests, sustainableP99Ms, warmMixedReads, type MixedResults } from './mixed-reads.ts';
import { wants, type BenchOptions } from './options.ts';
import { overloadFactor, overloadSockets, overloadWorkload, shedInTime, shedWithinMs, type OverloadResults } from './overload.ts';
import type { Comparison } from './report.ts';
import { medianRun, type Latency, type Measurement } from './stats.ts';

export type BusyDaysContext = {
  options: BenchOptions;
  pool: pg.Pool;
  serverOptions: Omit<StartOptions, 'runWorker'>;
  log: (line: string) => void;
  keep: <T extends Measurement>(m: T) => T;
  comparisons: Comparison[];
  details: Record<string, unknown>;
  notes: string[];
};

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const viaEdge = 'through nginx';
const viaCachingEdge = 'through nginx with its page cache';

/** The key of a workload's details in benchmarks.json: straight, through nginx, through nginx's cache. */
function detailsKey(workload: string, via: string): string {
  return via === viaCachingEdge ? `${workload}ThroughNginxCache` : via ? `${workload}ThroughNginx` : workload;
}

function reportMixed(ctx: BusyDaysContext, mixed: MixedResults): void {
  for (const step of mixed.steps) ctx.keep(step);
  ctx.details.mixedReads = { services: mixed.services, queries: mixed.queries, sustainableConnections: mixed.sustainable?.connections };
  const best = mixed.sustainable;
  ctx.comparisons.push({
    workload: `mixed anonymous reads (home/search/service 20/40/40), max sustainable rate (issue 10)`,
    database: 'PostgreSQL',
    measured: best ?? mixed.saturation,
    baseline: mixed.saturation,
    baselineLabel: `saturation: the same mix at ${mixed.saturation.connections} connections`,
    ratio: best ? round(best.throughput / Math.max(mixed.saturation.throughput, 0.001), 2) : undefined,
    ratioMeaning: 'of the saturation throughput',
    checks: [{
      target: `≥ 2,500 requests/s with p99 < ${sustainableP99Ms} ms`,
      measured: best
        ? `${best.throughput}/s at ${best.connections} connections, p99 ${best.latency.p99} ms (saturation ${mixed.saturation.throughput}/s, p99 ${mixed.saturation.latency.p99} ms)`
        : `no step of the sweep stayed under p99 ${sustainableP99Ms} ms (saturation ${mixed.saturation.throughput}/s, p99 ${mixed.saturation.latency.p99} ms)`,
      met: best !== undefined && best.throughput >= 2500,
    }],
  });
}

/**
 * `refusalFloors`: the refusal times of a bare nginx that refused the same rate on the same cores
 * (the fairness control's flood, refusing-nginx.ts), one per run: what the generators and nginx
 * alone leave of the 10 ms on this machine, beside what the edge in front of the app achieved.
 */
function reportOverload(ctx: BusyDaysContext, overload: OverloadResults, mixed: MixedResults, via: string, refusalFloors: Latency[] = []): void {
  const suffix = via ? `, ${via}` : '';
  ctx.keep(overload.ok);
  if (overload.shed.latency.n > 0) ctx.keep(overload.shed);
  ctx.details[detailsKey('overload', via)] = {
    offeredPerSecond: overload.offeredPerSecond, sent: overload.sent, statuses: overload.statuses, shedWithRetryAfter: overload.shedWithRetryAfter,
    errors: overload.errors, lagMs: overload.lagMs, goodputFraction: round(overload.goodputFraction, 3), cpu: overload.cpu,
    ...(refusalFloors.length > 0 ? { bareNginxRefusalsP99Ms: refusalFloors.map((floor) => floor.p99) } : {}),
  };
  const floor = refusalFloors.length > 0
    ? `; a bare nginx refusing the same rate on these cores (the fairness control): p99 ${refusalFloors.map((latency) => latency.p99).join(', ')} ms`
    : '';
  const shed = overload.shed.latency;
  ctx.comparisons.push({
    workload: `overload: mixed reads offered at ${overloadFactor} × the sustainable rate, open loop${suffix} (issue 10)`,
    database: 'PostgreSQL',
    measured: overload.ok,
    baseline: mixed.sustainable ?? mixed.saturation,
    baselineLabel: mixed.sustainable ? 'max sustainable rate (above, straight to the app)' : 'saturation throughput (above)',
    ratio: round(overload.goodputFraction, 2),
    ratioMeaning: 'goodput (200s/s) of that rate',
    checks: [
      { target: 'goodput ≥ 0.9 × max', measured: `${overload.ok.throughput}/s of ${overload.maxPerSecond}/s = ${overload.goodputFraction.toFixed(2)} × (${overload.offeredPerSecond}/s offered)`, met: overload.goodputFraction >= 0.9 },
      {
        target: `shed answers (503/429 with Retry-After) within ${shedWithinMs} ms`,
        measured: shed.n > 0
          ? `${shed.n.toLocaleString('en')} shed (${overload.shedWithRetryAfter.toLocaleString('en')} with Retry-After), p50 ${shed.p50} ms, p95 ${shed.p95} ms, p99 ${shed.p99} ms${floor}`
          : `nothing was shed: all ${overload.ok.latency.n.toLocaleString('en')} requests answered with a page, p99 ${overload.ok.latency.p99} ms${overload.errors ? `, ${overload.errors} errors` : ''}${floor}`,
        met: shedInTime(overload),
      },
    ],
  });
  ctx.notes.push(`Overload${suffix}: ${overload.offeredPerSecond}/s offered open loop (evenly spaced arrivals, scripts/bench/open-loop.ts) on up to ${overloadSockets} sockets for ${ctx.options.durationSeconds} s; answers ${Object.entries(overload.statuses).map(([status, n]) => `${status}: ${n.toLocaleString('en')}`).join(', ')}${overload.errors ? `, ${overload.errors} errors (other statuses or no answer)` : ''}. 200s took p50 ${overload.ok.latency.p50} ms, p99 ${overload.ok.latency.p99} ms${via ? '' : ' (admitted requests wait in the line up to ADMISSION_MAX_WAIT_MS)'}. Requests left the generator late against their schedule by p50 ${overload.lagMs.p50} ms, p99 ${overload.lagMs.p99} ms (all sockets busy or the generator short of CPU on the shared cores). ${describeCpu(overload.cpu)}.`);
}

/** Which layer refused A's requests under the flood: the app's admission control counts them by municipality (/metrics). */
function shedBy(fair: FairnessResults, via: string): string {
  const shed = fair.underFlood.shed.latency.n;
  if (shed === 0 || fair.shedByApp === undefined) return '';
  return via ? ` (${fair.shedByApp} by the app's admission control, ${Math.max(0, shed - fair.shedByApp)} by the edge)` : ` (${fair.shedByApp} by the app's admission control)`;
}

function reportFairness(ctx: BusyDaysContext, fair: FairnessResults, via: string): void {
  ctx.keep(fair.alone.ok);
  ctx.keep(fair.underFlood.ok);
  if (fair.control) ctx.keep(fair.control.ok);
  if (fair.underFlood.shed.latency.n > 0) ctx.keep(fair.underFlood.shed);
  // B's flood: its 200s and its shed answers, as the generator measured them.
  ctx.keep({ ...fair.flood.ok, note: `${fair.flood.ok.note}; ${fair.pagesB} pages of ${tenantB}` });
  if (fair.flood.shed.latency.n > 0) ctx.keep(fair.flood.shed);
  const controlRatio = fair.control ? fair.control.ok.latency.p99 / Math.max(fair.alone.ok.latency.p99, 0.001) : undefined;
  ctx.details[detailsKey('fairness', via)] = {
    tenantA, tenantB, pagesA: fair.pagesA, pagesB: fair.pagesB, rateA: tenantARate, floodRate: fair.floodRate,
    floodStatuses: fair.flood.statuses, floodLagMs: fair.flood.lagMs,
    statusesAlone: fair.alone.statuses, statusesUnderFlood: fair.underFlood.statuses, shedByAppUnderFlood: fair.shedByApp, ratio: round(fair.ratio, 2),
    cpuUnderFlood: fair.underFlood.cpu, cpuFlood: fair.flood.cpu,
    ...(fair.control && controlRatio !== undefined ? { controlP99Ms: fair.control.ok.latency.p99, controlRatio: round(controlRatio, 2), cpuControl: fair.control.cpu } : {}),
  };
  const control = fair.control && controlRatio !== undefined
    ? `; control, the same flood to an nginx of its own that refuses all (sharing only the cores): ${fair.control.ok.latency.p99} ms (${controlRatio.toFixed(2)} × alone)`
    : '';
  ctx.comparisons.push({
    workload: `fairness: ${tenantA}'s pages at ${tenantARate}/s while ${tenantB} floods at ${overloadFactor} × the sustainable rate${via ? `, ${via}` : ''} (issue 10)`,
    database: 'PostgreSQL',
    measured: fair.underFlood.ok,
    baseline: fair.alone.ok,
    baselineLabel: `${tenantA}'s pages alone, same rate${via ? `, ${via}` : ''}`,
    ratio: round(fair.ratio, 2),
    ratioMeaning: `× ${tenantA}'s p99 alone`,
    checks: [{
      target: `p99 under the flood ≤ 1.5 × alone`,
      measured: `${fair.alone.ok.latency.p99} ms alone, ${fair.underFlood.ok.latency.p99} ms under the flood (${fair.ratio.toFixed(2)} ×); ${tenantA} shed ${fair.underFlood.shed.latency.n} of ${fair.underFlood.sent}${shedBy(fair, via)}${control}`,
      met: fair.ratio <= 1.5 && fair.underFlood.errors === 0,
    }],
  });
}

/** The same app process behind nginx with the production edge configuration (one upstream), with or without its page cache. */
async function behindEdge<T>(ctx: BusyDaysContext, app: AppProcess, pageCache: boolean, run: (edgeApp: AppProcess) => Promise<T>): Promise<T> {
  const slugs = (await ctx.pool.query<{ slug: string }>('select slug from tenants order by slug')).rows.map((row) => row.slug);
  const nginx = await startNginx({ ...defaultEdgeOptions, upstreams: [new URL(app.baseUrl).host], tenantSlugs: slugs, pageCache }, await freePort());
  try {
    return await run({ ...app, baseUrl: nginx.origin, directUrl: app.baseUrl });
  } finally {
    await nginx.stop();
  }
}

/**
 * Seconds of unmeasured mixed reads for the fresh process the edge measurements run on: about as
 * many requests as the sweep sent before its saturation step, so caches and plans are as warm.
 */
const edgeWarmUpSeconds = 20;

/** Runs of each edge measurement; the report takes the median (medianRun). */
const edgeRuns = 3;

export async function busyDaysPhase(ctx: BusyDaysContext): Promise<void> {
  const { options, pool, log } = ctx;
  log('PostgreSQL: mixed reads, overload, fairness (fresh app, worker off, default admission settings; then the same through nginx on a fresh, warmed app)');
  const wantsOverload = wants(options, 'overload');
  const wantsFairness = wants(options, 'fairness');
  let mixed: MixedResults | undefined;
  const app = await startApp({ ...ctx.serverOptions, runWorker: false });
  try {
    // Overload and the flood of the fairness workload are offered twice the sustainable rate, so they need the sweep even when run alone.
    if (wants(options, 'mixed') || wantsOverload || wantsFairness) {
      mixed = await mixedReadsWorkload(app, pool, options.durationSeconds);
      reportMixed(ctx, mixed);
    }
    if (mixed && !mixed.sustainable && (wantsOverload || wantsFairness)) {
      ctx.notes.push(`Overload: no step of the mixed-read sweep kept p99 under ${sustainableP99Ms} ms, so the overload and the flood were offered twice the saturation throughput (${mixed.saturation.throughput}/s) instead.`);
    }
    if (mixed && wantsOverload) reportOverload(ctx, await overloadWorkload(app, (await mixedRequests(pool)).next, maxOf(mixed), options.durationSeconds), mixed, '');
    if (mixed && wantsFairness) reportFairness(ctx, await fairnessWorkload(app, pool, maxOf(mixed), options.durationSeconds), '');
  } finally {
    await app.stop();
  }
  if (!mixed || (!wantsOverload && !wantsFairness)) return;
  // A process that has just been overloaded is still working off what it took in; each edge's
  // figures come from a fresh process, warmed like the first one.
  for (const pageCache of [false, true]) await edgeMeasurements(ctx, mixed, pageCache);
}

/**
 * Overload and fairness through nginx, each run `edgeRuns` times (the median run reported): the
 * edge as it bounds reads alone, and the edge with its page cache (nginx-config.ts), whose
 * hits never reach the app and are never refused.
 */
async function edgeMeasurements(ctx: BusyDaysContext, mixed: MixedResults, pageCache: boolean): Promise<void> {
  const { options, pool } = ctx;
  const via = pageCache ? viaCachingEdge : viaEdge;
  const edgeApp = await startApp({ ...ctx.serverOptions, runWorker: false });
  try {
    await warmMixedReads(edgeApp, pool, edgeWarmUpSeconds);
    const { overloadRuns, fairnessRuns } = await behindEdge(ctx, edgeApp, pageCache, async (throughEdge) => {
      const overloadRuns: OverloadResults[] = [];
      if (wants(options, 'overload')) {
        for (let run = 0; run < edgeRuns; run++) overloadRuns.push(await overloadWorkload(throughEdge, (await mixedRequests(pool)).next, maxOf(mixed), options.durationSeconds, via));
      }
      const fairnessRuns: FairnessResults[] = [];
      if (wants(options, 'fairness')) {
        const refusing = await startRefusingNginx();
        try {
          for (let run = 0; run < edgeRuns; run++) fairnessRuns.push(await fairnessWorkload(throughEdge, pool, maxOf(mixed), options.durationSeconds, via, refusing));
        } finally {
          await refusing.stop();
        }
      }
      return { overloadRuns, fairnessRuns };
    });
    // Reported after both, so that the overload's refusal times stand beside the floor the
    // fairness control measured on the same cores.
    if (overloadRuns.length > 0) {
      const floors = fairnessRuns.flatMap((run) => (run.controlFlood ? [run.controlFlood.shed.latency] : []));
      reportOverload(ctx, medianRun(overloadRuns, (run) => run.goodputFraction), mixed, via, floors);
      ctx.notes.push(`Overload ${via}, ${edgeRuns} runs one after another (the table shows the one with the median goodput): ${overloadRuns.map((run) => `goodput ${run.goodputFraction.toFixed(2)}, refusals p99 ${run.shed.latency.p99} ms`).join('; ')}.`);
    }
    if (fairnessRuns.length > 0) {
      reportFairness(ctx, medianRun(fairnessRuns, (run) => run.ratio), via);
      const p99 = (result: { ok: Measurement } | undefined) => (result ? `${result.ok.latency.p99} ms` : '–');
      ctx.notes.push(`Fairness ${via}, ${edgeRuns} runs one after another (the table shows the one with the median ratio): ${fairnessRuns.map((run) => `${tenantA} alone p99 ${p99(run.alone)}, under the flood ${p99(run.underFlood)} (${run.ratio.toFixed(2)} ×), ${tenantA} shed ${run.underFlood.shed.latency.n}${shedBy(run, via)}, control ${p99(run.control)}, the bare nginx's refusals p99 ${run.controlFlood ? `${run.controlFlood.shed.latency.p99} ms` : '–'}`).join('; ')}.`);
    }
  } finally {
    await edgeApp.stop();
  }
}

/** The rate overload and flood are twice of: the max sustainable rate, or saturation when no step was sustainable. */
function maxOf(mixed: MixedResults): number {
  return mixed.sustainable?.throughput ?? mixed.saturation.throughput;
}
