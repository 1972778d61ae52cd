/**
 * `npm test`: builds the test template database once, then runs the whole suite with Node's test
 * runner on the embedded database (PGlite) and again on a PostgreSQL server. PostgreSQL comes
 * from TEST_DATABASE_URL (default: postgres://postgres@127.0.0.1:5432/postgres); when it cannot be
 * reached the PostgreSQL pass fails under CI and is reported as not run elsewhere.
 *   --only pglite|postgres   run one pass
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';

// Set before the test-database module reads it: this run's templates carry its own name.
process.env.KP_TEST_RUN ||= `r${process.pid}`;
const { buildTemplate, dropTemplate, testServerUrl } = await import('../src/platform/testing/test-database.ts');
type TestDatabaseKind = 'pglite' | 'postgres';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const files = process.argv.filter((arg) => arg.endsWith('.test.ts'));

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

// Browser tests check pages, not the database, so they run in the PGlite pass only (Node's test
// runner has no exclude option; the extglob skips test/browser/).
const isBrowserTest = (file: string) => /(^|[\\/])test[\\/]browser[\\/]/.test(file);
// Fault tests (test/faults/) kill servers and take minutes: they run in `npm run test:faults`;
// the attacks of test/security/ run in `npm run test:security` (scripts/run-security.ts).
const allTests = ['src/**/*.test.ts', 'test/*.test.ts', 'test/!(faults|security|scale)/**/*.test.ts'];
const databaseTests = ['src/**/*.test.ts', 'test/*.test.ts', 'test/!(browser|faults|security|scale)/**/*.test.ts'];

function testPatterns(kind: TestDatabaseKind): string[] {
  if (kind === 'pglite') return files.length > 0 ? files : allTests;
  return files.length > 0 ? files.filter((file) => !isBrowserTest(file)) : databaseTests;
}

function runSuite(kind: TestDatabaseKind, patterns: string[]): number {
  process.stdout.write(`\n=== Test suite on ${kind} ===\n`);
  const result = spawnSync(
    process.execPath,
    ['--test', '--test-concurrency=2', '--test-timeout=120000', ...patterns],
    { stdio: 'inherit', env: { ...process.env, KP_TEST_DB: kind, NODE_ENV: 'test' } },
  );
  return result.status ?? 1;
}

const kinds: TestDatabaseKind[] = [];
if (only !== 'postgres') kinds.push('pglite');
if (only !== 'pglite') {
  if (await postgresReachable()) kinds.push('postgres');
  else if (process.env.CI) {
    process.stderr.write(`PostgreSQL at ${testServerUrl()} is not reachable, but CI must test on it.\n`);
    process.exit(1);
  } else {
    process.stdout.write(`PostgreSQL at ${testServerUrl()} is not reachable: the PostgreSQL pass does NOT run (set TEST_DATABASE_URL).\n`);
  }
}

let failed = 0;
for (const kind of kinds) {
  const patterns = testPatterns(kind);
  if (patterns.length === 0) {
    process.stdout.write(`\nNo ${kind} tests among the given files (browser tests run on pglite only).\n`);
    continue;
  }
  await buildTemplate(kind);
  if (runSuite(kind, patterns) !== 0) failed++;
  await dropTemplate(kind);
}
process.exit(failed === 0 ? 0 : 1);
