/**
 * `npm run test:security`: the attacks of test/security/ against the real app (issue 9), on the
 * embedded database (PGlite) and again on a PostgreSQL server, like `npm test` (templates built
 * once per run). Tests that do not touch the database differently per kind — the browser XSS
 * test, the importer fuzzing, the dependency audit — run in the PGlite pass only.
 *   --only pglite|postgres   run one pass;   file arguments run only those files
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

process.env.KP_TEST_RUN ||= `s${process.pid}`;
const { buildTemplate, dropTemplate, testServerUrl } = await import('../src/platform/testing/test-database.ts');
type Kind = 'pglite' | 'postgres';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const given = process.argv.filter((arg) => arg.endsWith('.security.test.ts'));
const directory = path.join(import.meta.dirname, '..', 'test', 'security');
const allFiles = given.length > 0 ? given : fs.readdirSync(directory).filter((name) => name.endsWith('.security.test.ts')).sort().map((name) => path.join('test', 'security', name));
/** Files whose attack does not depend on the database kind: once, on PGlite. */
const oncePerRun = /(xss-browser|importer-fuzz|dependency-audit)\.security\.test\.ts$/;

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testServerUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const kinds: Kind[] = [];
if (only !== 'postgres') kinds.push('pglite');
if (only !== 'pglite') {
  if (await postgresReachable()) kinds.push('postgres');
  else if (process.env.CI) {
    process.stderr.write(`PostgreSQL at ${testServerUrl()} is not reachable, but CI must attack it too.\n`);
    process.exit(1);
  } else {
    process.stdout.write(`PostgreSQL at ${testServerUrl()} is not reachable: the PostgreSQL pass does NOT run (set TEST_DATABASE_URL).\n`);
  }
}

let failed = 0;
for (const kind of kinds) {
  const files = kind === 'pglite' ? allFiles : allFiles.filter((file) => !oncePerRun.test(file));
  if (files.length === 0) continue;
  process.stdout.write(`\n=== Security suite on ${kind} (${files.length} files) ===\n`);
  await buildTemplate(kind);
  const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=600000', ...files], {
    stdio: 'inherit',
    env: { ...process.env, KP_TEST_DB: kind, NODE_ENV: 'test' },
  });
  if (result.status !== 0) failed++;
  await dropTemplate(kind);
}
process.exit(failed === 0 ? 0 : 1);
