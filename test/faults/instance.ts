/**
 * A real Kreisportal instance for fault tests: its own data directory (and, for PostgreSQL, its own
 * database), prepared in this process, then served by `node src/main.ts serve` as a child process
 * that the test may kill with SIGKILL and start again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/platform/db/database.ts';
import { sql } from '../../src/platform/db/sql.ts';
import { openDatabase } from '../../src/platform/db/open-database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { seedDistrict } from '../../src/modules/tenants/index.ts';
import { addStaffUser } from '../../src/modules/accounts/index.ts';
import { createForm, publishDraft } from '../../src/modules/forms/store/index.ts';
import type { FormDefinition } from '../../src/modules/forms/definition/types.ts';
import { defaultDistrictFile, repositoryRoot, testServerUrl, type TestDatabaseKind } from '../../src/platform/testing/test-database.ts';
import { freePort } from '../../src/platform/testing/free-port.ts';

export const faultFormSlug = 'nachweis-einreichen';

/** A two-step form with a required file: every submission carries an attachment. */
const faultForm: FormDefinition = {
  formatVersion: 1,
  id: faultFormSlug,
  title: { de: 'Nachweis einreichen', en: 'Send a document' },
  steps: [
    {
      id: 'person',
      title: { de: 'Wer sind Sie?', en: 'Who are you?' },
      fields: [
        { id: 'vorname', type: 'text', label: { de: 'Vorname', en: 'First name' }, required: true, autocomplete: 'given-name' },
        { id: 'nachname', type: 'text', label: { de: 'Nachname', en: 'Last name' }, required: true, autocomplete: 'family-name' },
      ],
    },
    {
      id: 'datei',
      title: { de: 'Ihr Nachweis', en: 'Your document' },
      fields: [{ id: 'nachweis', type: 'file', label: { de: 'Nachweis', en: 'Document' }, required: true, accept: ['application/pdf'], maxSizeMb: 1, maxFiles: 1 }],
    },
  ],
  declaration: { text: { de: 'Die Angaben sind richtig.', en: 'The answers are correct.' }, confirmLabel: { de: 'Ich bestätige das.', en: 'I confirm this.' } },
};

export type Instance = {
  kind: TestDatabaseKind;
  dataDir: string;
  databaseUrl: string | undefined;
  port: number;
  env: Record<string, string>;
  /** Opens the instance's database in this process (PGlite: only while no server runs). */
  open(): Promise<Database>;
  remove(): Promise<void>;
};

async function admin(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** `serverUrl`: the PostgreSQL server's maintenance database (default: the tests' server). */
export async function prepareInstance(kind: TestDatabaseKind, serverUrl = testServerUrl()): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-fault-'));
  let databaseUrl: string | undefined;
  let databaseName: string | undefined;
  if (kind === 'postgres') {
    databaseName = `kreisportal_fault_${crypto.randomBytes(5).toString('hex')}`;
    await admin(serverUrl, `create database ${databaseName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
  }
  const open = () => openDatabase({ databaseUrl, dataDir, poolSize: 5 });
  const db = await open();
  try {
    await migrate(db);
    await seedDistrict(db, defaultDistrictFile);
    const [tenant] = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'detmold'`));
    if (!tenant) throw new Error('no tenant detmold');
    const userId = await addStaffUser(db, { email: 'fault@staff.test', displayName: 'Fault', password: 'Passwort der Verwaltung 1', tenantId: tenant.id, roles: ['coordinator'] });
    const scope = { tenantId: tenant.id, userId };
    const form = await createForm(db, scope, faultForm);
    await publishDraft(db, scope, form.formId);
  } finally {
    await db.close();
  }
  const port = await freePort();
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'error',
    // Fixed, so the CSRF tokens of pages served before a crash are still valid after it.
    SESSION_SECRET: 'fault-test-secret-that-is-long-enough-0123456789',
    SEED_DEMO: 'false',
    // All clients come from 127.0.0.1: the per-address limits would throttle the load itself.
    RATE_LIMIT_POSTS_PER_MINUTE: '1000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '20' } : {}),
  };
  return {
    kind,
    dataDir,
    databaseUrl,
    port,
    env,
    open,
    async remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (databaseName) await admin(serverUrl, `drop database if exists ${databaseName} with (force)`).catch(() => {});
    },
  };
}

/** The server's process, its standard error, and the error lines of its log (why a request got a 500). */
export type Server = { process: ChildProcess; stderr: () => string; loggedErrors: () => string[] };

/** Starts `kreisportal serve` on the instance and resolves once /readyz answers 200. */
export async function startServer(instance: Instance, extraEnv: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [path.join(repositoryRoot, 'src', 'main.ts'), 'serve'], {
    env: { ...process.env, ...instance.env, ...extraEnv, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // LOG_LEVEL is 'error': every line of the log is one; the last few are kept for the assertion messages.
  const loggedErrors: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    loggedErrors.push(...lines.filter((line) => line.trim() !== ''));
    loggedErrors.splice(0, Math.max(0, loggedErrors.length - 20));
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`http://127.0.0.1:${instance.port}/readyz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not ready within 60 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { process: child, stderr: () => stderr, loggedErrors: () => [...loggedErrors] };
}

export async function stopServer(server: Server, signal: NodeJS.Signals): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill(signal);
  await exited;
}
