/**
 * Benchmark of the catalog search (not a test: numbers depend on the machine). Imports the
 * catalog into a fresh in-memory PGlite and, when reachable, into a scratch database on the
 * PostgreSQL server (created and dropped again), then runs the relevance queries
 * (test/relevance/catalog-queries.json) and every prefix of at least three characters — what the
 * search field asks while someone types — several rounds, and prints latency percentiles of
 *   search   searchServices() in its own transaction, as a route calls it
 *   page     GET /leistungen?q=… through the whole app (app.inject: routing, session lookup, rendering)
 *
 *   node scripts/bench-search.ts [--rounds 3] [--only pglite|postgres] [--analyze]
 * --analyze runs ANALYZE after the import (a server's autovacuum does this soon after an import;
 * PGlite has no autovacuum). PostgreSQL comes from BENCH_DATABASE_URL, by default
 * postgres://postgres@127.0.0.1:5432/postgres.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import { noScope } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPglite } from '../src/platform/db/pglite-driver.ts';
import { openPostgres } from '../src/platform/db/postgres-driver.ts';
import { defaultDistrictFile, repositoryRoot } from '../src/platform/testing/test-database.ts';
import { seedDistrict } from '../src/modules/tenants/index.ts';
import { importCatalog, searchServices } from '../src/modules/catalog/index.ts';

const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const rounds = Number(argument('--rounds') ?? 3);
const only = argument('--only');
const analyze = process.argv.includes('--analyze');
const serverUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const set = JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'test', 'relevance', 'catalog-queries.json'), 'utf8')) as { queries: { query: string }[] };
const fullQueries = set.queries.map((q) => q.query);
const typed = new Set<string>();
for (const query of fullQueries) for (let length = 3; length <= query.length; length++) typed.add(query.slice(0, length));
const queries = [...typed];

type Stats = { n: number; mean: number; p50: number; p95: number; p99: number; max: number };

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { n: sorted.length, mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

const format = (s: Stats) =>
  `n=${s.n}  p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  max ${s.max.toFixed(1)} ms  mean ${s.mean.toFixed(1)} ms`;

async function prepare(db: Database): Promise<void> {
  await migrate(db);
  await seedDistrict(db, defaultDistrictFile);
  const started = performance.now();
  await importCatalog(db);
  process.stdout.write(`  catalog imported in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  if (analyze) await db.execScript('analyze');
}

async function measure(label: string, db: Database): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-bench-'));
  const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://bench.test', LOG_LEVEL: 'silent' }), db, logger: false });
  try {
    // One warm-up round: dictionaries, plans, the JIT of Node itself.
    for (const query of queries) await db.transaction(noScope, (tx) => searchServices(tx, query, { limit: 20 }));
    const search: number[] = [];
    const page: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const query of queries) {
        let started = performance.now();
        await db.transaction(noScope, (tx) => searchServices(tx, query, { limit: 20 }));
        search.push(performance.now() - started);
        started = performance.now();
        const response = await app.inject({ method: 'GET', url: `/leistungen?q=${encodeURIComponent(query)}` });
        page.push(performance.now() - started);
        if (response.statusCode !== 200) throw new Error(`GET /leistungen?q=${query}: ${response.statusCode}`);
      }
    }
    process.stdout.write(`  ${label} search  ${format(stats(search))}\n`);
    process.stdout.write(`  ${label} page    ${format(stats(page))}\n`);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function serverReachable(): Promise<boolean> {
  try {
    await adminQuery('select 1');
    return true;
  } catch {
    return false;
  }
}

process.stdout.write(
  `${queries.length} queries (${fullQueries.length} relevance queries and their prefixes of 3+ characters), ${rounds} rounds after one warm-up${analyze ? ', after ANALYZE' : ''}; node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]?.toFixed(1)}\n`,
);

if (only !== 'postgres') {
  process.stdout.write('PGlite (in memory)\n');
  const db = await openPglite({});
  try {
    await prepare(db);
    await measure('pglite  ', db);
  } finally {
    await db.close();
  }
}

if (only !== 'pglite') {
  if (!(await serverReachable())) {
    process.stdout.write(`PostgreSQL at ${serverUrl} is not reachable: skipped.\n`);
  } else {
    const name = `kreisportal_bench_${crypto.randomBytes(6).toString('hex')}`;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    process.stdout.write(`PostgreSQL (scratch database ${name})\n`);
    await adminQuery(`create database ${name}`);
    try {
      const db = await openPostgres(url.toString(), 5);
      try {
        await prepare(db);
        await measure('postgres', db);
      } finally {
        await db.close();
      }
    } finally {
      await adminQuery(`drop database if exists ${name} with (force)`);
    }
  }
}
