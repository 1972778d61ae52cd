/**
 * `npm run test:security`: the attacks of test/security/ against the real app (issue 9), on the
 * embedded database (PGlite) and again on a PostgreSQL server, like `npm test` (templates built
 * once per run). Tests that do not touch the database differently per kind — the browser XSS
 * test, the importer fuzzing, the dependency audit — run in the PGlite pass only.
 *   --only pglite|postgres   run one pass;   file arguments run only those files
 */
import fs from 'node:fs';
import path from 'node:path';

process.env.KP_TEST_RUN ||= `s${process.pid}`;
const { databaseKinds, runPass } = await import('./test-passes.ts');

const given = process.argv.filter((arg) => arg.endsWith('.security.test.ts'));
const directory = path.join(import.meta.dirname, '..', 'test', 'security');
const allFiles = given.length > 0 ? given : fs.readdirSync(directory).filter((name) => name.endsWith('.security.test.ts')).sort().map((name) => path.join('test', 'security', name));
/** Files whose attack does not depend on the database kind: once, on PGlite. */
const oncePerRun = /(xss-browser|importer-fuzz|dependency-audit)\.security\.test\.ts$/;

let failed = 0;
for (const kind of await databaseKinds('attack it too')) {
  const files = kind === 'pglite' ? allFiles : allFiles.filter((file) => !oncePerRun.test(file));
  if (files.length === 0) continue;
  if (!(await runPass(kind, `Security suite on ${kind} (${files.length} files)`, files, 600_000))) failed++;
}
process.exit(failed === 0 ? 0 : 1);
