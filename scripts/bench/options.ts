/**
 * Settings of `npm run bench`, from the command line (README "Benchmarks"):
 *   --cases N          cases to generate across the 17 tenants (default 1,000,000)
 *   --documents N      records documents (with text) to generate across the 17 tenants (default 1,000,000)
 *   --duration S       seconds per measured load phase (default 10)
 *   --drafts N         prepared drafts sent in the measured submission burst (default 16,000, about 20 s;
 *                      512 more go first as an unmeasured warm-up)
 *   --only LIST        comma list of workloads: catalog,service,inbox,records,submit,cold,bytes,
 *                      mixed,overload,fairness (default all of these), soak (only when named:
 *                      30 minutes on its own, `npm run bench:soak`)
 *   --soak-minutes N   minutes of the soak (default 30; the first and last 5 are compared)
 *   --skip-pglite      leave out the embedded-database subset
 *   --generate-only    generate (or complete) the data and stop
 * BENCH_DEBUG_SLOW=MS prints every measured response slower than MS ms, with when it was sent
 * (how the first requests into a just-started process were found to make the submission p99).
 * BENCH_APP_ENV='{"ADMISSION_CITIZEN_SLOTS":"0"}' adds settings to every app process the run starts
 * (for experiments; the table then no longer shows the defaults).
 * PostgreSQL comes from BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kreisportal_bench);
 * the database is created when missing and kept between runs (the generator resumes).
 */
import os from 'node:os';
import path from 'node:path';

export type BenchOptions = {
  cases: number;
  documents: number;
  durationSeconds: number;
  drafts: number;
  soakMinutes: number;
  only: Set<string> | undefined;
  pglite: boolean;
  generateOnly: boolean;
  databaseUrl: string;
  /** Where the embedded database of the PGlite subset lives (kept between runs). */
  pgliteDir: string;
  outputJson: string;
  outputMarkdown: string;
};

export const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');

function value(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

function count(argv: string[], name: string, fallback: number): number {
  const raw = value(argv, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} needs a whole number, got ${raw}`);
  return parsed;
}

export function readOptions(argv: string[] = process.argv.slice(2)): BenchOptions {
  const only = value(argv, '--only');
  return {
    cases: count(argv, '--cases', 1_000_000),
    documents: count(argv, '--documents', 1_000_000),
    durationSeconds: count(argv, '--duration', 10),
    drafts: count(argv, '--drafts', 16_000),
    soakMinutes: count(argv, '--soak-minutes', 30),
    only: only ? new Set(only.split(',')) : undefined,
    pglite: !argv.includes('--skip-pglite'),
    generateOnly: argv.includes('--generate-only'),
    databaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kreisportal_bench',
    pgliteDir: process.env.BENCH_PGLITE_DIR || path.join(os.tmpdir(), 'kreisportal-bench-pglite'),
    outputJson: path.join(repositoryRoot, 'docs', 'benchmarks.json'),
    outputMarkdown: path.join(repositoryRoot, 'docs', 'benchmarks.md'),
  };
}

/** Workloads left out of a run without --only: the soak alone takes longer than the rest together. */
const onlyWhenNamed = new Set(['soak']);

export function wants(options: BenchOptions, workload: string): boolean {
  return options.only ? options.only.has(workload) : !onlyWhenNamed.has(workload);
}

/** A run of the soak alone: it leaves docs/benchmarks.json as it is and renders the report anew. */
export function soakOnly(options: BenchOptions): boolean {
  return options.only !== undefined && options.only.size > 0 && [...options.only].every((workload) => workload === 'soak');
}
