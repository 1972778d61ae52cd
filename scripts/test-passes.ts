/**
 * What `npm test` and `npm run test:security` share: which database passes run (PGlite, and
 * PostgreSQL when reachable — required under CI), and one pass of Node's test runner on a
 * template built for this run. The run's name (KP_TEST_RUN) must be set before this module loads
 * the test-database module, so each run builds and drops its own templates.
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const { buildTemplate, dropTemplate, testServerUrl } = await import('../src/platform/testing/test-database.ts');

export type TestDatabaseKind = 'pglite' | 'postgres';

export const onlyKind = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

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

/** The passes to run; exits when CI needs PostgreSQL and cannot reach it. */
export async function databaseKinds(purpose: string): Promise<TestDatabaseKind[]> {
  const kinds: TestDatabaseKind[] = [];
  if (onlyKind !== 'postgres') kinds.push('pglite');
  if (onlyKind !== 'pglite') {
    if (await postgresReachable()) kinds.push('postgres');
    else if (process.env.CI) {
      process.stderr.write(`PostgreSQL at ${testServerUrl()} is not reachable, but CI must ${purpose}.\n`);
      process.exit(1);
    } else {
      process.stdout.write(`PostgreSQL at ${testServerUrl()} is not reachable: the PostgreSQL pass does NOT run (set TEST_DATABASE_URL).\n`);
    }
  }
  return kinds;
}

/** One pass: the template, Node's test runner over `patterns`, the template dropped; true when it passed. */
export async function runPass(kind: TestDatabaseKind, heading: string, patterns: string[], timeoutMs: number): Promise<boolean> {
  process.stdout.write(`\n=== ${heading} ===\n`);
  await buildTemplate(kind);
  const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', `--test-timeout=${timeoutMs}`, ...patterns], {
    stdio: 'inherit',
    env: { ...process.env, KP_TEST_DB: kind, NODE_ENV: 'test' },
  });
  await dropTemplate(kind);
  return result.status === 0;
}
