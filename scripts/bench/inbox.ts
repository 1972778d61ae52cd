/**
 * Inbox workload: a caseworker of the Kreis (the tenant with the most cases) opens
 * /verwaltung/vorgaenge, the first page and a page far back (keyset cursor at 90% of the tenant's
 * cases), logged in over HTTP like a browser. Baseline: the same page query, taken from
 * src/modules/cases/inbox-query.ts itself, run under EXPLAIN ANALYZE in the caseworker's RLS scope:
 * its execution time is the cost of the index scan alone, without HTTP, session, rendering.
 *
 * Inbox search (issue 5): the same caseworker searches /verwaltung/vorgaenge?q=… in turn by an
 * applicant's name, a reference number, a word of the answers (the number in a case's remark,
 * one case) and a common word of the answers (a street, a twelfth of the cases). Baseline: the
 * page query of each search, captured from inbox-query.ts (candidates through the GIN index,
 * migration 0023, then the page under RLS), under EXPLAIN ANALYZE, all four in one distribution.
 */
import type pg from 'pg';
import type { Queryable } from '../../src/platform/db/database.ts';
import type { SqlFragment } from '../../src/platform/db/sql.ts';
import { decodeCursor, inboxPage, statusCounts } from '../../src/modules/cases/inbox-query.ts';
import { inboxExtras, postRequiredCount } from '../../src/modules/cases/inbox-extras.ts';
import type { AppProcess } from './app-process.ts';
import { benchCaseworker } from './generate.ts';
import { cycle, runLoad } from './http-load.ts';
import { latencyOf, type Latency, type Measurement } from './stats.ts';

function cookiesOf(response: Response): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...rest] = (pair ?? '').split('=');
    if (name) jar[name.trim()] = rest.join('=');
  }
  return jar;
}

export const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).map(([name, value]) => `${name}=${value}`).join('; ');

export function csrfTokenIn(page: string): string {
  const match = page.match(/name="_csrf" value="([^"]+)"/);
  if (!match?.[1]) throw new Error('No CSRF token on the page');
  return match[1];
}

/** Logs the bench caseworker in over HTTP; returns the cookies of the signed-in browser. */
export async function logIn(baseUrl: string): Promise<Record<string, string>> {
  const form = await fetch(`${baseUrl}/anmelden`);
  const jar = cookiesOf(form);
  const body = new URLSearchParams({ _csrf: csrfTokenIn(await form.text()), email: benchCaseworker.email, password: benchCaseworker.password });
  const response = await fetch(`${baseUrl}/anmelden`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar), 'x-forwarded-for': '10.255.0.1' },
    body: body.toString(),
  });
  await response.arrayBuffer();
  if (response.status !== 303) throw new Error(`Login of the bench caseworker answered ${response.status}`);
  return { ...jar, ...cookiesOf(response) };
}

type Context = { tenantId: string; userId: string; tenantCases: number; cursor: string; cursorRow: { receivedAt: string; id: string }; searches: Search[] };

/** A search of the workload: the words, and what its first page must show (a reference, a name). */
type Search = { kind: string; query: string; finds: string };

async function contextOf(pool: pg.Pool): Promise<Context> {
  const { rows: [user] } = await pool.query<{ tenant_id: string; user_id: string }>(`
    select m.tenant_id, u.id as user_id from users u join tenant_memberships m on m.user_id = u.id
    join tenants t on t.id = m.tenant_id where lower(u.email) = $1 and t.slug = $2`, [benchCaseworker.email, benchCaseworker.tenantSlug]);
  if (!user) throw new Error('Bench caseworker missing: run the generator');
  const { rows: [count] } = await pool.query<{ n: number }>('select count(*)::int as n from cases where tenant_id = $1', [user.tenant_id]);
  const tenantCases = count?.n ?? 0;
  const { rows: [row] } = await pool.query<{ key: string; id: string }>(`
    select to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as key, id from cases where tenant_id = $1
    order by received_at desc, id desc offset $2 limit 1`, [user.tenant_id, Math.floor(tenantCases * 0.9)]);
  if (!row) throw new Error('No cases in the caseworker\'s tenant');
  // The cursor format of inbox-query.ts (receivedAt|id, base64url); checked with its own decoder.
  const cursor = Buffer.from(`${row.key}|${row.id}`).toString('base64url');
  const decoded = decodeCursor(cursor);
  if (!decoded || decoded.id !== row.id) throw new Error('Cursor format of inbox-query.ts changed: update scripts/bench/inbox.ts');
  return { tenantId: user.tenant_id, userId: user.user_id, tenantCases, cursor, cursorRow: decoded, searches: await searchesOf(pool, user.tenant_id, tenantCases) };
}

/** Four searches about cases at a third, a half and two thirds of the tenant, newest first. */
async function searchesOf(pool: pg.Pool, tenantId: string, tenantCases: number): Promise<Search[]> {
  const at = async (share: number) => {
    const { rows: [row] } = await pool.query<{ reference: string; applicant_name: string }>(`
      select reference, applicant_name from cases where tenant_id = $1 order by received_at desc, id desc offset $2 limit 1`, [tenantId, Math.floor(tenantCases * share)]);
    if (!row) throw new Error('No cases in the caseworker\'s tenant');
    return row;
  };
  const [byName, byReference, byWord] = [await at(1 / 3), await at(1 / 2), await at(2 / 3)];
  // The generator writes "Antrag Nummer <n> über das Portal" into each case's remark, n from its reference (BEN-<n>).
  const number = String(Number(byWord.reference.replace(/^BEN-/, '')));
  const { rows: [common] } = await pool.query<{ reference: string }>(`
    select reference from cases where tenant_id = $1 and search @@ to_tsquery('german', 'kirchstraße') order by received_at desc, id desc limit 1`, [tenantId]);
  return [
    { kind: 'applicant name', query: byName.applicant_name, finds: byName.applicant_name },
    { kind: 'reference', query: byReference.reference, finds: byReference.reference },
    { kind: 'a word of the answers (one case)', query: number, finds: byWord.reference },
    { kind: 'a common word of the answers', query: 'Kirchstraße', finds: common?.reference ?? 'BEN-' },
  ];
}

/** The SQL a store function sends, captured instead of run. */
async function capture(work: (tx: Queryable) => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  const queries: { text: string; values: unknown[] }[] = [];
  const recorder: Queryable = {
    query: async <Row>(query: SqlFragment) => {
      queries.push(query.toQuery());
      return [] as Row[];
    },
  };
  await work(recorder);
  return queries;
}

export type ExplainResult = { execution: Latency; planning: Latency; plan: string };

/** EXPLAIN ANALYZE of captured queries in the caseworker's scope, each `rounds` times, in one distribution. */
async function explain(pool: pg.Pool, context: Context, queries: { text: string; values: unknown[] } | { text: string; values: unknown[] }[], rounds: number): Promise<ExplainResult> {
  const client = await pool.connect();
  const execution: number[] = [];
  const planning: number[] = [];
  const plans: string[] = [];
  try {
    for (const query of Array.isArray(queries) ? queries : [queries]) {
      let plan = '';
      for (let round = 0; round < rounds + 3; round++) {
        await client.query('begin');
        await client.query('set local role kreisportal_app');
        await client.query(`select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`, [context.tenantId, context.userId]);
        const { rows } = await client.query<{ 'QUERY PLAN': [{ 'Execution Time': number; 'Planning Time': number; Plan: PlanNode }] }>(
          `explain (analyze, buffers, format json) ${query.text}`, query.values);
        await client.query('rollback');
        const result = rows[0]?.['QUERY PLAN'][0];
        if (!result || round < 3) continue; // three warm-up rounds
        execution.push(result['Execution Time']);
        planning.push(result['Planning Time']);
        plan = describePlan(result.Plan);
      }
      plans.push(plan);
    }
  } finally {
    client.release();
  }
  return { execution: latencyOf(execution), planning: latencyOf(planning), plan: plans.join(' | ') };
}

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Actual Rows'?: number; Plans?: PlanNode[] };

function describePlan(node: PlanNode): string {
  const self = `${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''} (${node['Actual Rows'] ?? '?'} rows)`;
  return node.Plans?.length ? `${self} ← ${node.Plans.map(describePlan).join(', ')}` : self;
}

export type InboxResults = {
  tenantCases: number;
  first: Measurement;
  deep: Measurement;
  firstThroughput: Measurement;
  explainFirst: ExplainResult;
  explainDeep: ExplainResult;
  explainCounts: ExplainResult;
  /** The other statements of the page (assigned to me, overdue per status, post list), summed per round. */
  explainExtras: ExplainResult & { statements: number };
  /** Searches (name, reference, a rare and a common word of the answers) in turn, first page. */
  search: Measurement;
  explainSearch: ExplainResult;
  /** The tab counts of the same searches (at most searchCountCap + 1 matches each). */
  explainSearchCounts: ExplainResult;
  searches: { kind: string; query: string }[];
};

export async function inboxWorkload(app: AppProcess, pool: pg.Pool, durationSeconds: number): Promise<InboxResults> {
  const context = await contextOf(pool);
  const jar = await logIn(app.baseUrl);
  const headers = { cookie: cookieHeader(jar) };
  const firstPath = '/verwaltung/vorgaenge';
  const deepPath = `/verwaltung/vorgaenge?nach=${context.cursor}`;
  // Both pages must render rows (a deep cursor past the end would be cheap and prove nothing).
  for (const target of [firstPath, deepPath]) {
    const response = await fetch(`${app.baseUrl}${target}`, { headers });
    const page = await response.text();
    if (response.status !== 200 || !page.includes('BEN-')) throw new Error(`${target} answered ${response.status} without cases`);
  }
  const searchPaths = context.searches.map((search) => `/verwaltung/vorgaenge?q=${encodeURIComponent(search.query)}`);
  // Each search must find its case on the first page.
  for (const [index, search] of context.searches.entries()) {
    const response = await fetch(`${app.baseUrl}${searchPaths[index]}`, { headers });
    const page = await response.text();
    if (response.status !== 200 || !page.includes(search.finds)) throw new Error(`Search by ${search.kind} (${search.query}) answered ${response.status} without ${search.finds}`);
  }
  const first = await runLoad({ label: 'inbox first page', app, connections: 1, durationSeconds, next: () => ({ path: firstPath, headers }) });
  const deep = await runLoad({ label: 'inbox deep page', app, connections: 1, durationSeconds, next: () => ({ path: deepPath, headers }) });
  const search = await runLoad({ label: 'inbox search (name / reference / rare / common word of the answers)', app, connections: 1, durationSeconds, next: cycle(searchPaths.map((path) => ({ path, headers }))) });
  const firstThroughput = await runLoad({ label: 'inbox pages, 8 caseworkers', app, connections: 8, durationSeconds, next: cycle([{ path: firstPath, headers }, { path: deepPath, headers }]) });

  const [firstQuery] = await capture((tx) => inboxPage(tx, context.tenantId, {}, 'all', 'newest'));
  const [deepQuery] = await capture((tx) => inboxPage(tx, context.tenantId, {}, 'all', 'newest', context.cursor));
  const [countsQuery] = await capture((tx) => statusCounts(tx, context.tenantId, {}, 'all'));
  if (!firstQuery || !deepQuery || !countsQuery) throw new Error('inbox-query.ts sent no query');
  const searchQueries = [];
  const searchCountQueries = [];
  for (const { query } of context.searches) {
    searchQueries.push(...(await capture((tx) => inboxPage(tx, context.tenantId, { query }, 'all', 'newest'))));
    searchCountQueries.push(...(await capture((tx) => statusCounts(tx, context.tenantId, { query }, 'all'))));
  }
  const extrasQueries = [
    ...(await capture((tx) => inboxExtras(tx, context.tenantId, context.userId, 'all'))),
    ...(await capture((tx) => postRequiredCount(tx, context.tenantId, 'all'))),
  ];
  const rounds = 100;
  const extras = await (async () => {
    const results: ExplainResult[] = [];
    for (const query of extrasQueries) results.push(await explain(pool, context, query, 10));
    const sum = (pick: (r: ExplainResult) => number) => Math.round(results.reduce((total, r) => total + pick(r), 0) * 100) / 100;
    return {
      execution: { n: 10, p50: sum((r) => r.execution.p50), p95: sum((r) => r.execution.p95), p99: sum((r) => r.execution.p99), max: sum((r) => r.execution.max), mean: sum((r) => r.execution.mean) },
      planning: { n: 10, p50: sum((r) => r.planning.p50), p95: sum((r) => r.planning.p95), p99: sum((r) => r.planning.p99), max: sum((r) => r.planning.max), mean: sum((r) => r.planning.mean) },
      plan: results.map((r) => r.plan).join(' | '),
      statements: results.length,
    };
  })();
  return {
    tenantCases: context.tenantCases,
    first,
    deep,
    firstThroughput,
    explainFirst: await explain(pool, context, firstQuery, rounds),
    explainDeep: await explain(pool, context, deepQuery, rounds),
    explainCounts: await explain(pool, context, countsQuery, 20),
    explainExtras: extras,
    search,
    explainSearch: await explain(pool, context, searchQueries, 25),
    explainSearchCounts: await explain(pool, context, searchCountQueries, 10),
    searches: context.searches.map(({ kind, query }) => ({ kind, query })),
  };
}
