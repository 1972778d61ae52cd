/**
 * Citizen pages: the catalog search page with the relevance test set's queries (what citizens
 * type, test/relevance/catalog-queries.json), a service page of 200 services of the full catalog
 * (every other request with a chosen place, which adds the responsibility panel), each beside the
 * same server's /healthz. Latency at one client (what one citizen waits), throughput at 16.
 * Plus what a first visit transfers: the home page, its stylesheets and the fonts they name,
 * as sent and as gzip would compress them.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type pg from 'pg';
import type { AppProcess } from './app-process.ts';
import { cycle, runLoad, type RequestSpec } from './http-load.ts';
import { repositoryRoot } from './options.ts';
import type { Measurement } from './stats.ts';

export const latencyConnections = 1;
export const throughputConnections = 16;

export function searchPaths(): string[] {
  const set = JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'test', 'relevance', 'catalog-queries.json'), 'utf8')) as { queries: { query: string }[] };
  return set.queries.map((query) => `/leistungen?q=${encodeURIComponent(query.query)}`);
}

/**
 * Fastify refuses a path parameter longer than its maxParamLength with 414; src/app.ts sets 500
 * (the longest LeiKa slug is about 130). Services with longer slugs would be counted apart (and
 * reported as a bug) and left out of the measured mix, which would otherwise time the refusal.
 */
export const fastifyMaxParamLength = 500;

async function servicePaths(pool: pg.Pool): Promise<{ paths: RequestSpec[]; unreachable: number; total: number }> {
  const { rows } = await pool.query<{ slug: string }>(`select slug from services where length(slug) <= $1 order by md5(key) limit 200`, [fastifyMaxParamLength]);
  const { rows: [counts] } = await pool.query<{ unreachable: number; total: number }>(
    `select count(*) filter (where length(slug) > $1)::int as unreachable, count(*)::int as total from services where retired_at is null`, [fastifyMaxParamLength]);
  const paths = rows.map((row, index): RequestSpec => ({ path: `/leistungen/${row.slug}`, headers: index % 2 === 0 ? { cookie: 'kp_ort=detmold' } : {} }));
  return { paths, unreachable: counts?.unreachable ?? 0, total: counts?.total ?? 0 };
}

export type PagePair = { latency: Measurement; throughput: Measurement };

export async function staticBaseline(app: AppProcess, durationSeconds: number): Promise<PagePair> {
  const next = () => ({ path: '/healthz' });
  return {
    latency: await runLoad({ label: 'static route /healthz', app, connections: latencyConnections, durationSeconds, next }),
    throughput: await runLoad({ label: 'static route /healthz', app, connections: throughputConnections, durationSeconds, next }),
  };
}

export async function searchWorkload(app: AppProcess, durationSeconds: number): Promise<PagePair> {
  const paths = searchPaths().map((p) => ({ path: p }));
  // One pass first: the search dictionaries and plans of the app process warm up.
  for (const spec of paths) await (await fetch(`${app.baseUrl}${spec.path}`)).arrayBuffer();
  return {
    latency: await runLoad({ label: 'catalog search page', app, connections: latencyConnections, durationSeconds, next: cycle(paths) }),
    throughput: await runLoad({ label: 'catalog search page', app, connections: throughputConnections, durationSeconds, next: cycle(paths) }),
  };
}

export async function serviceWorkload(app: AppProcess, pool: pg.Pool, durationSeconds: number): Promise<PagePair & { unreachable: number; total: number; longSlugStatus: number | undefined }> {
  const { paths, unreachable, total } = await servicePaths(pool);
  const { rows: [long] } = await pool.query<{ slug: string }>(`select slug from services where length(slug) > $1 limit 1`, [fastifyMaxParamLength]);
  const longSlugStatus = long ? (await fetch(`${app.baseUrl}/leistungen/${long.slug}`).then(async (r) => (await r.arrayBuffer(), r.status))) : undefined;
  for (const spec of paths) await (await fetch(`${app.baseUrl}${spec.path}`, { headers: spec.headers ?? {} })).arrayBuffer();
  return {
    latency: await runLoad({ label: 'service page', app, connections: latencyConnections, durationSeconds, next: cycle(paths) }),
    throughput: await runLoad({ label: 'service page', app, connections: throughputConnections, durationSeconds, next: cycle(paths) }),
    unreachable,
    total,
    longSlugStatus,
  };
}

export type FirstVisit = { files: { path: string; bytes: number; gzipBytes: number; encoding: string }[]; bytes: number; gzipBytes: number; gzipBytesWithoutFonts: number; scripts: number };

/** The home page and everything its stylesheets pull in, as a browser without cache fetches them. */
export async function firstVisitBytes(app: AppProcess): Promise<FirstVisit> {
  const files: FirstVisit['files'] = [];
  const seen = new Set<string>();
  async function take(target: string): Promise<string> {
    seen.add(target);
    const response = await fetch(`${app.baseUrl}${target}`, { headers: { 'accept-encoding': 'gzip, br' } });
    const body = Buffer.from(await response.arrayBuffer());
    const encoding = response.headers.get('content-encoding') ?? 'identity';
    // fetch decodes compressed bodies; what crossed the wire is given by content-length when encoded.
    const wire = encoding === 'identity' ? body.length : Number(response.headers.get('content-length') ?? body.length);
    files.push({ path: target, bytes: wire, gzipBytes: zlib.gzipSync(body, { level: 6 }).length, encoding });
    return body.toString('utf8');
  }
  const home = await take('/');
  // Data blocks (JSON-LD) are not JavaScript.
  const scriptSources = [...home.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]!);
  const scripts = [...home.matchAll(/<script\b(?![^>]*application\/ld\+json)/g)].length;
  for (const src of scriptSources) await take(src);
  const styles = [...home.matchAll(/<link[^>]+rel="stylesheet"[^>]*>/g)].map((tag) => tag[0].match(/href="([^"]+)"/)?.[1]).filter((href): href is string => Boolean(href));
  for (const href of styles) {
    const css = await take(href);
    for (const match of css.matchAll(/url\(["']?([^)"']+\.woff2?)["']?\)/g)) {
      const font = new URL(match[1]!, `${app.baseUrl}${href}`).pathname;
      if (!seen.has(font)) await take(font);
    }
  }
  const compressed = (list: typeof files) => list.reduce((sum, f) => sum + Math.min(f.bytes, f.gzipBytes), 0);
  return { files, bytes: files.reduce((sum, f) => sum + f.bytes, 0), gzipBytes: compressed(files), gzipBytesWithoutFonts: compressed(files.filter((f) => !/\.woff2?$/.test(f.path))), scripts };
}
