import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../db/database.ts';
import { openPglite } from '../db/pglite-driver.ts';
import { openPostgres } from '../db/postgres-driver.ts';
import { migrate } from '../db/migrate.ts';
import { seedDistrict } from '../../modules/tenants/index.ts';

/**
 * Test databases. A template (migrated, district seeded) is built once per test run by
 * `scripts/run-tests.ts`; each test file gets a fresh copy: PGlite loads the template's dump,
 * PostgreSQL clones it with `create database ... template`. Initdb is paid once, not per file.
 */
export const repositoryRoot = path.resolve(import.meta.dirname, '..', '..', '..');
/**
 * Each test run names its own templates (KP_TEST_RUN, set by `scripts/run-tests.ts`), so two runs
 * on one machine never rebuild a template the other is copying from.
 */
const testRun = process.env.KP_TEST_RUN || 'default';
export const pgliteTemplateFile = path.join(repositoryRoot, '.cache', `test-template-pglite-${testRun}.tar.gz`);
export const postgresTemplateName = `kreisportal_test_template_${testRun.replace(/[^a-z0-9_]/g, '_')}`;
export const defaultDistrictFile = path.join(repositoryRoot, 'seeds', 'kreis-lippe.json');

export type TestDatabaseKind = 'pglite' | 'postgres';

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.KP_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** The server URL of the tests' PostgreSQL (its maintenance database). */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Builds the template of the chosen kind (called once per run). */
export async function buildTemplate(kind: TestDatabaseKind): Promise<void> {
  if (kind === 'pglite') {
    const db = await openPglite({});
    await migrate(db);
    await seedDistrict(db, defaultDistrictFile);
    const dump = await db.pglite.dumpDataDir('gzip');
    fs.mkdirSync(path.dirname(pgliteTemplateFile), { recursive: true });
    // Written under another name and renamed: a reader never sees half a template.
    fs.writeFileSync(`${pgliteTemplateFile}.partial`, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(`${pgliteTemplateFile}.partial`, pgliteTemplateFile);
    await db.close();
    return;
  }
  await adminQuery(`drop database if exists ${postgresTemplateName} with (force)`);
  await adminQuery(`create database ${postgresTemplateName}`);
  const db = await openPostgres(withDatabase(testServerUrl(), postgresTemplateName), 2);
  await migrate(db);
  await seedDistrict(db, defaultDistrictFile);
  await db.close();
}

/** Removes this run's template (called once at the end of a run). */
export async function dropTemplate(kind: TestDatabaseKind): Promise<void> {
  if (kind === 'pglite') fs.rmSync(pgliteTemplateFile, { force: true });
  else await adminQuery(`drop database if exists ${postgresTemplateName} with (force)`);
}

/** A new PostgreSQL database (optionally a copy of a template) that drops itself on `close()`. */
async function scratchPostgres(template?: string): Promise<Database> {
  const name = `kreisportal_test_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}${template ? ` template ${template}` : ''}`);
  const db = await openPostgres(withDatabase(testServerUrl(), name), 5);
  return {
    ...db,
    async close() {
      await db.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** A fresh database for one test file, dropped again by `close()`. */
export async function openTestDatabase(kind: TestDatabaseKind = testDatabaseKind()): Promise<Database> {
  if (kind === 'pglite') return openPglite({ loadDataDir: new Blob([fs.readFileSync(pgliteTemplateFile)]) });
  return scratchPostgres(postgresTemplateName);
}

/** Opens an empty, unmigrated database (for migration and seed tests). */
export async function openEmptyDatabase(kind: TestDatabaseKind = testDatabaseKind()): Promise<Database> {
  if (kind === 'pglite') return openPglite({});
  return scratchPostgres();
}
