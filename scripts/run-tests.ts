/**
 * `npm test`: builds the test template database once, then runs the whole suite with Node's test
 * runner on the embedded database (PGlite) and again on a PostgreSQL server. PostgreSQL comes
 * from TEST_DATABASE_URL (default: postgres://postgres@127.0.0.1:5432/postgres); when it cannot be
 * reached the PostgreSQL pass fails under CI and is reported as not run elsewhere.
 *   --only pglite|postgres   run one pass
 */
import type { TestDatabaseKind } from './test-passes.ts';

// Set before the test-database module is read: this run's templates carry its own name.
process.env.KP_TEST_RUN ||= `r${process.pid}`;
const { databaseKinds, runPass } = await import('./test-passes.ts');

const files = process.argv.filter((arg) => arg.endsWith('.test.ts'));

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

let failed = 0;
for (const kind of await databaseKinds('test on it')) {
  const patterns = testPatterns(kind);
  if (patterns.length === 0) {
    process.stdout.write(`\nNo ${kind} tests among the given files (browser tests run on pglite only).\n`);
    continue;
  }
  // A hang guard, not a speed check: browser journeys with axe on every page take minutes on a busy 2-core machine.
  if (!(await runPass(kind, `Test suite on ${kind}`, patterns, 360_000))) failed++;
}
process.exit(failed === 0 ? 0 : 1);
