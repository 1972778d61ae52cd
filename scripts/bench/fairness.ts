/**
 * Tenant fairness (issue 10): the pages of one municipality (A, Lemgo) while another (B, Detmold)
 * floods its own. Both sets are anonymous reads keyed to their tenant by the fair gate
 * (admission.ts `tenantOf`: the first path segment, or the second of /gemeinden/:slug): the
 * municipality page and the municipality's published offer pages /:tenant/leistungen/:service.
 * B may hold at most ADMISSION_TENANT_SHARE_PERCENT (default 50%) of the read slots and of the
 * line; A's requests should find a slot at once.
 *
 * A is offered the same fixed rate both times (open loop, open-loop.ts), so its p99 alone and
 * under the flood compare like for like. B floods open loop too, from a generator process of its
 * own, at twice the maximum sustainable rate of the whole mix (the overload of overload.ts, all of
 * it one municipality's): more than the process can serve, at a rate the run states. A closed
 * loop as fast as the connections are answered would instead measure how much CPU a load
 * generator on the same two cores takes from the server: every refusal it got back at once
 * became its next request. Target: A's p99 under the flood ≤ 1.5 × A's p99 alone.
 *
 * The control (with `refusing`): A's pages once more while the same flood goes to an nginx of its
 * own that refuses everything (refusing-nginx.ts). The flood then shares nothing with A but the
 * two cores, so A's p99 there is what the generator and the refusals alone do to it; what the
 * flood adds beyond that, it adds through the app or the edge.
 */
import type pg from 'pg';
import type { AppProcess } from './app-process.ts';
import { browserHeaders, cycle, type RequestSpec } from './http-load.ts';
import { openLoop, type OpenLoopResult } from './open-loop.ts';
import { overloadFactor, overloadSockets } from './overload.ts';

export const tenantA = 'lemgo';
export const tenantB = 'detmold';
export const tenantARate = 50;
/** Seconds the flood runs before A's phase starts (its sockets connect, B's requests fill the bounds). */
const floodLeadSeconds = 2;

export type FairnessResults = {
  alone: OpenLoopResult;
  underFlood: OpenLoopResult;
  flood: OpenLoopResult;
  /** B's offered rate (overloadFactor × the maximum sustainable rate). */
  floodRate: number;
  /** A's p99 under the flood ÷ A's p99 alone. */
  ratio: number;
  /** A while the same flood went to an nginx of its own that refused everything (when asked for). */
  control?: OpenLoopResult;
  /**
   * That flood itself, as the bare nginx refused all of it: how fast a refusal can come back on
   * these cores at this rate when nothing but the generators and nginx run (the floor under the
   * edge's refusal times).
   */
  controlFlood?: OpenLoopResult;
  pagesA: number;
  pagesB: number;
  /**
   * Of A's requests under the flood, how many the app's admission control refused (its /metrics
   * count A's refusals by municipality); through an edge, the rest of A's 503s came from nginx.
   * Undefined when /metrics could not be read.
   */
  shedByApp?: number;
};

/** The app's refusals of one municipality's requests since it started, summed over classes and reasons. */
export async function appShedCount(appUrl: string, tenant: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${appUrl}/metrics`, { signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    if (response.status !== 200) return undefined;
    const series = new RegExp(`^kreisportal_admission_shed_total\\{[^}]*tenant="${tenant}"[^}]*\\} (\\d+)$`, 'gm');
    return [...text.matchAll(series)].reduce((sum, match) => sum + Number(match[1]), 0);
  } catch {
    return undefined;
  }
}

/** The municipality page and every published offer page of a tenant that answers 200. */
async function tenantPaths(app: AppProcess, pool: pg.Pool, tenant: string): Promise<string[]> {
  const { rows } = await pool.query<{ slug: string }>(`
    select s.slug from offers o join tenants t on t.id = o.tenant_id join services s on s.key = o.service_key
    where t.slug = $1 and o.published order by s.slug`, [tenant]);
  const candidates = [`/gemeinden/${tenant}`, ...rows.map((row) => `/${tenant}/leistungen/${row.slug}`)];
  const paths: string[] = [];
  for (const path of candidates) {
    const response = await fetch(`${app.baseUrl}${path}`);
    await response.arrayBuffer();
    if (response.status === 200) paths.push(path);
  }
  if (paths.length === 0) throw new Error(`No page of ${tenant} answers 200`);
  return paths;
}

/** `via` names the path the requests take when it is not straight to the app (e.g. "through nginx"). */
export async function fairnessWorkload(app: AppProcess, pool: pg.Pool, maxPerSecond: number, durationSeconds: number, via = '', refusing?: { origin: string }): Promise<FairnessResults> {
  const suffix = via ? ` (${via})` : '';
  const pathsA = await tenantPaths(app, pool, tenantA);
  const pathsB = await tenantPaths(app, pool, tenantB);
  const specsA: RequestSpec[] = pathsA.map((path) => ({ path, headers: browserHeaders }));
  // Sockets enough for A's rate even at seconds per answer, so A stays open loop under the flood.
  // Twice the run's duration: of 500 answers (50/s for 10 s) the p99 is the fifth-slowest, and one
  // scheduler hiccup on the shared cores moves it; 1,000 answers steady it.
  const seconds = 2 * durationSeconds;
  const measureA = (label: string) => openLoop({ label, app, ratePerSecond: tenantARate, seconds, sockets: 64, next: cycle(specsA) });
  const alone = await measureA(`fairness: ${tenantA} alone${suffix}`);
  const floodRate = Math.max(1, Math.round(maxPerSecond * overloadFactor));
  /** B's flood to `target`, started early and ending after A's phase, with A measured under it. */
  const underFloodTo = async (target: AppProcess, label: string) => {
    // A's refusals by the app are counted from before the flood to after it: A sends nothing else
    // then, and no request for the count goes to the app while it floods.
    const shedBefore = await appShedCount(appUrl, tenantA);
    const flooding = openLoop({
      label: `fairness: ${tenantB} floods at ${overloadFactor} × ${Math.round(maxPerSecond)}/s${label}`,
      app: target, ratePerSecond: floodRate, seconds: seconds + 2 * floodLeadSeconds + 1, sockets: overloadSockets, next: cycle(pathsB.map((path) => ({ path, headers: browserHeaders }))),
    });
    await new Promise((resolve) => setTimeout(resolve, floodLeadSeconds * 1000));
    const measured = await measureA(`fairness: ${tenantA} while ${tenantB} floods${label}`);
    const flood = await flooding;
    const shedAfter = await appShedCount(appUrl, tenantA);
    const shedByApp = shedBefore === undefined || shedAfter === undefined ? undefined : shedAfter - shedBefore;
    return { measured, flood, shedByApp };
  };
  const appUrl = app.directUrl ?? app.baseUrl;
  const { measured: underFlood, flood: floodResult, shedByApp } = await underFloodTo(app, suffix);
  const control = refusing ? await underFloodTo({ ...app, baseUrl: refusing.origin }, ` (control: the flood to an nginx that refuses all${via ? `, ${tenantA} ${via}` : ''})`) : undefined;
  return {
    alone,
    underFlood,
    flood: floodResult,
    floodRate,
    ratio: underFlood.ok.latency.p99 / Math.max(alone.ok.latency.p99, 0.001),
    pagesA: pathsA.length,
    pagesB: pathsB.length,
    shedByApp,
    ...(control ? { control: control.measured, controlFlood: control.flood } : {}),
  };
}
