/**
 * The busy-day workloads of issue 10 against PostgreSQL: the mixed-read sweep, the overload at
 * twice the sustainable rate and tenant fairness, each measured twice: straight to the app
 * process, and through the nginx edge of the scale-out topology (src/platform/edge), which bounds
 * anonymous reads in all and per municipality before a request reaches Node. Both figures go into
 * the report; the edge is what docs/scaling.md recommends for a busy day.
 */
import type pg from 'pg';
import { defaultEdgeOptions } from '../../src/platform/edge/nginx-config.ts';
import { startNginx } from '../../src/platform/edge/nginx-process.ts';
import { startApp, type AppProcess, type StartOptions } from './app-process.ts';
import { freePort } from '../../src/platform/testing/free-port.ts';
import { fairnessWorkload, floodConnections, tenantA, tenantARate, tenantB, type FairnessResults } from './fairness.ts';
import { mixedReadsWorkload, mixedRequests, sustainableP99Ms, type MixedResults } from './mixed-reads.ts';
import { wants, type BenchOptions } from './options.ts';
import { overloadFactor, overloadSockets, overloadWorkload, type OverloadResults } from './overload.ts';
import type { Comparison } from './report.ts';
import type { Measurement } from './stats.ts';

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

function reportOverload(ctx: BusyDaysContext, overload: OverloadResults, mixed: MixedResults, via: string): void {
  const suffix = via ? `, ${via}` : '';
  ctx.keep(overload.ok);
  if (overload.shed.latency.n > 0) ctx.keep(overload.shed);
  ctx.details[via ? 'overloadThroughNginx' : 'overload'] = {
    offeredPerSecond: overload.offeredPerSecond, sent: overload.sent, statuses: overload.statuses, shedWithRetryAfter: overload.shedWithRetryAfter,
    errors: overload.errors, lagMs: overload.lagMs, goodputFraction: round(overload.goodputFraction, 3),
  };
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
        target: 'shed answers (503/429 with Retry-After) within 10 ms',
        measured: shed.n > 0
          ? `${shed.n.toLocaleString('en')} shed (${overload.shedWithRetryAfter.toLocaleString('en')} with Retry-After), p50 ${shed.p50} ms, p99 ${shed.p99} ms`
          : 'nothing was shed',
        met: shed.n > 0 && shed.p99 <= 10 && overload.shedWithRetryAfter === shed.n,
      },
    ],
  });
  ctx.notes.push(`Overload${suffix}: ${overload.offeredPerSecond}/s offered open loop (evenly spaced arrivals, scripts/bench/open-loop.ts) on up to ${overloadSockets} sockets for ${ctx.options.durationSeconds} s; answers ${Object.entries(overload.statuses).map(([status, n]) => `${status}: ${n.toLocaleString('en')}`).join(', ')}${overload.errors ? `, ${overload.errors} errors (other statuses or no answer)` : ''}. 200s took p50 ${overload.ok.latency.p50} ms, p99 ${overload.ok.latency.p99} ms${via ? '' : ' (admitted requests wait in the line up to ADMISSION_MAX_WAIT_MS)'}. Requests left the generator late against their schedule by p50 ${overload.lagMs.p50} ms, p99 ${overload.lagMs.p99} ms (all sockets busy or the generator short of CPU on the shared cores).`);
}

function reportFairness(ctx: BusyDaysContext, fair: FairnessResults, via: string): void {
  const suffix = via ? ` (${via})` : '';
  ctx.keep(fair.alone.ok);
  ctx.keep(fair.underFlood.ok);
  if (fair.underFlood.shed.latency.n > 0) ctx.keep(fair.underFlood.shed);
  const flooded = fair.flood;
  ctx.keep({
    label: `fairness: ${tenantB} flood (own process)${suffix}`,
    latency: { n: flooded.requests, p50: flooded.p50, p95: flooded.p97_5, p99: flooded.p99, max: flooded.max, mean: 0 },
    throughput: round((flooded.statuses['200'] ?? 0) / Math.max(flooded.seconds, 0.001), 1),
    connections: floodConnections,
    seconds: flooded.seconds,
    errors: flooded.errors,
    statuses: flooded.statuses,
    note: `closed loop, ${fair.pagesB} pages of ${tenantB}; answers ${Object.entries(flooded.statuses).map(([status, n]) => `${status}: ${n.toLocaleString('en')}`).join(', ')} (autocannon's latencies, to whole ms; the p95 column shows its p97.5)`,
  });
  ctx.details[via ? 'fairnessThroughNginx' : 'fairness'] = {
    tenantA, tenantB, pagesA: fair.pagesA, pagesB: fair.pagesB, rateA: tenantARate, floodConnections, flood: flooded,
    statusesAlone: fair.alone.statuses, statusesUnderFlood: fair.underFlood.statuses, ratio: round(fair.ratio, 2),
  };
  ctx.comparisons.push({
    workload: `fairness: ${tenantA}'s pages at ${tenantARate}/s while ${tenantB} floods with ${floodConnections} connections${via ? `, ${via}` : ''} (issue 10)`,
    database: 'PostgreSQL',
    measured: fair.underFlood.ok,
    baseline: fair.alone.ok,
    baselineLabel: `${tenantA}'s pages alone, same rate${via ? `, ${via}` : ''}`,
    ratio: round(fair.ratio, 2),
    ratioMeaning: `× ${tenantA}'s p99 alone`,
    checks: [{
      target: `p99 under the flood ≤ 1.5 × alone`,
      measured: `${fair.alone.ok.latency.p99} ms alone, ${fair.underFlood.ok.latency.p99} ms under the flood (${fair.ratio.toFixed(2)} ×); ${tenantA} shed ${fair.underFlood.shed.latency.n} of ${fair.underFlood.sent}`,
      met: fair.ratio <= 1.5 && fair.underFlood.errors === 0,
    }],
  });
}

/** The same app process behind nginx with the production edge configuration (one upstream). */
async function behindEdge<T>(ctx: BusyDaysContext, app: AppProcess, run: (edgeApp: AppProcess) => Promise<T>): Promise<T> {
  const slugs = (await ctx.pool.query<{ slug: string }>('select slug from tenants order by slug')).rows.map((row) => row.slug);
  const nginx = await startNginx({ ...defaultEdgeOptions, upstreams: [new URL(app.baseUrl).host], tenantSlugs: slugs }, await freePort());
  try {
    return await run({ ...app, baseUrl: nginx.origin });
  } finally {
    await nginx.stop();
  }
}

export async function busyDaysPhase(ctx: BusyDaysContext): Promise<void> {
  const { options, pool, log } = ctx;
  log('PostgreSQL: mixed reads, overload, fairness (fresh app, worker off, default admission settings; then the same through nginx)');
  const app = await startApp({ ...ctx.serverOptions, runWorker: false });
  try {
    let mixed: MixedResults | undefined;
    // Overload is offered twice the sustainable rate, so it needs the sweep even when run alone.
    if (wants(options, 'mixed') || wants(options, 'overload')) {
      mixed = await mixedReadsWorkload(app, pool, options.durationSeconds);
      reportMixed(ctx, mixed);
    }
    const max = mixed ? (mixed.sustainable?.throughput ?? mixed.saturation.throughput) : 0;
    if (mixed && !mixed.sustainable && wants(options, 'overload')) {
      ctx.notes.push(`Overload: no step of the mixed-read sweep kept p99 under ${sustainableP99Ms} ms, so the overload was offered twice the saturation throughput (${mixed.saturation.throughput}/s) instead.`);
    }
    if (wants(options, 'overload') && mixed) {
      const { next } = await mixedRequests(pool);
      reportOverload(ctx, await overloadWorkload(app, next, max, options.durationSeconds), mixed, '');
    }
    if (wants(options, 'fairness')) reportFairness(ctx, await fairnessWorkload(app, pool, options.durationSeconds), '');
    await behindEdge(ctx, app, async (edgeApp) => {
      if (wants(options, 'overload') && mixed) {
        const { next } = await mixedRequests(pool);
        reportOverload(ctx, await overloadWorkload(edgeApp, next, max, options.durationSeconds, viaEdge), mixed, viaEdge);
      }
      if (wants(options, 'fairness')) reportFairness(ctx, await fairnessWorkload(edgeApp, pool, options.durationSeconds, viaEdge), viaEdge);
    });
  } finally {
    await app.stop();
  }
}
