import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../app.ts';
import { loadConfig, type Config } from '../../config.ts';
import type { Database } from '../db/database.ts';
import { OutboxWorker } from '../jobs/worker.ts';
import { registerMailJobs } from '../mail/mail-jobs.ts';
import { registerCaseJobs } from '../../modules/cases/index.ts';
import { registerRecordJobs } from '../../modules/records/index.ts';
import type { Mail, Mailer } from '../mail/mailer.ts';
import { openTestDatabase } from './test-database.ts';

export type TestApp = {
  app: FastifyInstance;
  db: Database;
  config: Config;
  /** Mails the worker delivered (through the real outbox) since the start. */
  mails: Mail[];
  /** Runs every due outbox job now. */
  drainOutbox(): Promise<number>;
  close(): Promise<void>;
};

/** The app on a fresh copy of the test database, with mails captured after the outbox. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://portal.test', LOG_LEVEL: 'silent', ...env });
  const db = await openTestDatabase();
  const app = await buildApp({ config, db, logger: false, rateLimits: { postPerMinute: 10_000, loginPerMinute: 10_000 } });
  const mails: Mail[] = [];
  const mailer: Mailer = { send: async (mail) => void mails.push(mail), close: () => {} };
  const worker = new OutboxWorker(db);
  registerMailJobs(worker, mailer);
  registerCaseJobs(worker, db);
  registerRecordJobs(worker, db, config);
  return {
    app,
    db,
    config,
    mails,
    drainOutbox: () => worker.drain(),
    async close() {
      await app.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser-like client for `app.inject()`: keeps cookies, reads the CSRF token from the last
 * page, and posts forms urlencoded as a browser does.
 */
export class TestClient {
  private readonly cookies = new Map<string, string>();
  private lastCsrf: string | undefined;
  readonly app: FastifyInstance;

  constructor(app: FastifyInstance) {
    this.app = app;
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match) this.lastCsrf = match[1];
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(response);
    return response;
  }

  /** Posts a form; the CSRF token of the last page is added unless the fields name one. */
  async post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams({ ...(this.lastCsrf ? { _csrf: this.lastCsrf } : {}), ...fields }).toString();
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...headers },
    });
    this.remember(response);
    return response;
  }

  /**
   * Posts a multipart/form-data form as a browser does: the CSRF token of the last page first
   * (unless the fields name one), then the fields, then the files.
   */
  async postMultipart(url: string, fields: Record<string, string>, files: { field: string; name: string; data: Buffer }[] = []): Promise<LightMyRequestResponse> {
    const form = new FormData();
    const all = { ...(this.lastCsrf ? { _csrf: this.lastCsrf } : {}), ...fields };
    if (all._csrf !== undefined) form.append('_csrf', all._csrf);
    for (const [name, value] of Object.entries(all)) if (name !== '_csrf') form.append(name, value);
    for (const file of files) form.append(file.field, new Blob([new Uint8Array(file.data)]), file.name);
    const request = new Request('http://portal.test/', { method: 'POST', body: form });
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { 'content-type': request.headers.get('content-type') ?? '', cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }
}
