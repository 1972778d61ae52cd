/**
 * Mixed anonymous reads (issue 10): what a busy day's visitors ask for, in a fixed interleaving
 * of 2 home pages, 4 catalog searches and 4 service pages in every 10 requests. Searches cycle
 * through the relevance test set's 102 queries (catalog.ts), service pages through every service
 * of the catalog whose page is reachable (about 5,000, in md5 order, every other one with a chosen
 * place from the 16 municipalities), so neither the search cache nor the database's buffers see
 * only a handful of pages. Every request accepts brotli and gzip as a browser's does.
 *
 * The closed-loop sweep at 4, 8, 16 and 32 connections gives the saturation throughput (32) and
 * the maximum sustainable rate: the highest throughput of a step whose p99 stays under 50 ms.
 * Overload (overload.ts) offers twice that rate.
 */
import type pg from 'pg';
import type { AppProcess } from './app-process.ts';
import { fastifyMaxParamLength, searchPaths } from './catalog.ts';
import { browserHeaders, runLoad, type RequestSpec } from './http-load.ts';
import type { Measurement } from './stats.ts';

export const sweepConnections = [4, 8, 16, 32] as const;
export const sustainableP99Ms = 50;
const pattern = ['home', 'search', 'service', 'search', 'service', 'home', 'search', 'service', 'search', 'service'] as const;

export type MixedResults = {
  steps: Measurement[];
  saturation: Measurement;
  /** The step with the highest throughput at p99 < 50 ms, if any step stayed under it. */
  sustainable: Measurement | undefined;
  services: number;
  queries: number;
};

/** The request source of the mix (a new one per load phase: each starts at the same place). */
export async function mixedRequests(pool: pg.Pool): Promise<{ next: () => RequestSpec; services: number; queries: number }> {
  const { rows } = await pool.query<{ slug: string }>(
    `select slug from services where retired_at is null and length(slug) <= $1 order by md5(key)`, [fastifyMaxParamLength]);
  const { rows: places } = await pool.query<{ slug: string }>(`select slug from tenants where kind <> 'kreis' order by slug`);
  const services = rows.map((row, index): RequestSpec => {
    const place = places[index % Math.max(1, places.length)]?.slug;
    return { path: `/leistungen/${row.slug}`, headers: index % 2 === 0 && place ? { ...browserHeaders, cookie: `kp_ort=${place}` } : browserHeaders };
  });
  const searches = searchPaths().map((path): RequestSpec => ({ path, headers: browserHeaders }));
  const home: RequestSpec = { path: '/', headers: browserHeaders };
  if (services.length === 0) throw new Error('No services in the catalog: run the generator');
  let position = 0;
  let search = 0;
  let service = 0;
  const next = (): RequestSpec => {
    const kind = pattern[position++ % pattern.length];
    if (kind === 'home') return home;
    if (kind === 'search') return searches[search++ % searches.length]!;
    return services[service++ % services.length]!;
  };
  return { next, services: services.length, queries: searches.length };
}

/** Unrecorded mixed reads: search dictionaries, plans, the search cache and service pages warm up. */
export async function warmMixedReads(app: AppProcess, pool: pg.Pool, seconds: number): Promise<void> {
  const { next } = await mixedRequests(pool);
  await runLoad({ label: 'warm-up', app, connections: 16, durationSeconds: seconds, next });
}

export async function mixedReadsWorkload(app: AppProcess, pool: pg.Pool, durationSeconds: number): Promise<MixedResults> {
  const source = await mixedRequests(pool);
  await warmMixedReads(app, pool, Math.min(5, Math.max(2, durationSeconds)));
  const steps: Measurement[] = [];
  for (const connections of sweepConnections) {
    const { next } = await mixedRequests(pool);
    steps.push(await runLoad({
      label: 'mixed anonymous reads (20/40/40)',
      app,
      connections,
      durationSeconds,
      next,
      note: `home / search / service page 2:4:4, ${source.queries} queries, ${source.services.toLocaleString('en')} service pages`,
    }));
  }
  const under = steps.filter((step) => step.latency.p99 < sustainableP99Ms && step.errors === 0);
  const sustainable = under.reduce<Measurement | undefined>((best, step) => (!best || step.throughput > best.throughput ? step : best), undefined);
  return { steps, saturation: steps.at(-1)!, sustainable, services: source.services, queries: source.queries };
}
