/**
 * Sessions and credentials under attack: session fixation, expiry, logout (server-side),
 * "logout everywhere", single-use expiring reset tokens, login throttling, account lockout with
 * a clear message, and no user enumeration through login, reset or registration (same status,
 * same page text, similar time).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { sql } from '../../src/platform/db/sql.ts';
import { hashToken } from '../../src/platform/auth/tokens.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { openTestDatabase } from '../../src/platform/testing/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../../src/platform/testing/test-app.ts';
import { signedInCitizen } from '../../src/platform/testing/signed-in.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';

const password = 'Passwort der Bürgerin 1';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const owner = <T,>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<T & Record<string, unknown>>(query));
const sessionsOf = async (userId: string) => Number((await owner<{ n: number }>(sql`select count(*)::int as n from sessions where user_id = ${userId}`))[0]!.n);

async function citizen(email: string): Promise<string> {
  const hash = await hashPassword(password);
  const [row] = await owner<{ id: string }>(sql`
    insert into users (kind, email, password_hash, display_name, email_verified_at) values ('citizen', ${email}, ${hash}, 'Erika', now()) returning id`);
  return row!.id;
}

async function login(client: TestClient, email: string, pass = password): Promise<LightMyRequestResponse> {
  await client.get('/anmelden');
  return client.post('/anmelden', { email, password: pass });
}

/** The visible text of a page's main content, without the per-request CSRF token and ids. */
const mainText = (body: string) => (/<main[\s\S]*<\/main>/.exec(body)?.[0] ?? body).replace(/name="_csrf" value="[^"]+"/g, '').replace(/\s+/g, ' ');

describe('sessions', () => {
  test('session fixation: a session id planted before login is never the one after login, and never signs in', async () => {
    const email = 'fixation@example.test';
    await citizen(email);
    const planted = 'attacker-chosen-session-id-0123456789';
    const client = new TestClient(t.app);
    await client.get('/anmelden', { cookie: `kp_session=${planted}` });
    const response = await t.app.inject({ method: 'POST', url: '/anmelden', payload: new URLSearchParams({ email, password, _csrf: /name="_csrf" value="([^"]+)"/.exec((await client.get('/anmelden')).body)![1]! }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `kp_session=${planted}; kp_anon=${client.cookie('kp_anon')}` } });
    assert.equal(response.statusCode, 303);
    const issued = response.cookies.find((cookie) => cookie.name === 'kp_session')?.value;
    assert.ok(issued && issued !== planted);
    const withPlanted = await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: `kp_session=${planted}` } });
    assert.equal(withPlanted.statusCode, 303, 'the planted id is not a session');
  });

  test('a session of the same browser before login is replaced (its id ends) at login', async () => {
    const first = await signedInCitizen(t, 'replace@example.test');
    const old = first.client.cookie('kp_session')!;
    const again = await login(first.client, 'replace@example.test');
    assert.equal(again.statusCode, 303);
    assert.notEqual(first.client.cookie('kp_session'), old);
    assert.equal((await owner(sql`select 1 from sessions where token_hash = ${hashToken(old)}`)).length, 0, 'the old session is deleted');
  });

  test('an expired session is not accepted', async () => {
    const { client, userId } = await signedInCitizen(t, 'expiry@example.test');
    assert.equal((await client.get('/konto')).statusCode, 200);
    await owner(sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${userId}`);
    const response = await client.get('/konto');
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers.location), /^\/anmelden/);
  });

  test('sessions end after at most 12 hours (absolute lifetime)', async () => {
    const { userId } = await signedInCitizen(t, 'lifetime@example.test');
    const [row] = await owner<{ hours: number }>(sql`select extract(epoch from (expires_at - created_at)) / 3600 as hours from sessions where user_id = ${userId}`);
    assert.ok(Number(row!.hours) <= 12.01, `session lifetime ${row!.hours} h`);
  });

  test('logout ends the session on the server: the old cookie no longer works', async () => {
    const { client, userId } = await signedInCitizen(t, 'logout@example.test');
    const token = client.cookie('kp_session')!;
    await client.get('/konto');
    assert.equal((await client.post('/abmelden', {})).statusCode, 303);
    assert.equal(await sessionsOf(userId), 0);
    const replayed = await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: `kp_session=${token}` } });
    assert.equal(replayed.statusCode, 303, 'a copied cookie is worthless after logout');
  });

  test('logout everywhere: the button on the account page ends every session of the user, audited', async () => {
    const email = 'everywhere@example.test';
    const userId = await citizen(email);
    const phone = new TestClient(t.app);
    const laptop = new TestClient(t.app);
    assert.equal((await login(phone, email)).statusCode, 303);
    assert.equal((await login(laptop, email)).statusCode, 303);
    const other = await signedInCitizen(t, 'bystander@example.test');
    assert.equal(await sessionsOf(userId), 2);
    const page = await laptop.get('/konto');
    assert.match(page.body, /<form method="post" action="\/konto\/abmelden-ueberall"[\s\S]*?Überall abmelden/);
    const response = await laptop.post('/konto/abmelden-ueberall', {});
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/anmelden?hinweis=ueberall');
    assert.match((await laptop.get('/anmelden?hinweis=ueberall')).body, /auf allen Geräten abgemeldet/);
    assert.equal(await sessionsOf(userId), 0);
    assert.equal((await phone.get('/konto')).statusCode, 303, 'the phone is signed out too');
    assert.equal((await other.client.get('/konto')).statusCode, 200, 'other users stay signed in');
    const audit = await owner<{ data: { sessions: number } }>(sql`select data from audit_log where action = 'account.logged_out_everywhere' and subject_id = ${userId}`);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.data.sessions, 2);
    // Signed out, the route sends to login and ends nothing.
    const anonymous = new TestClient(t.app);
    await anonymous.get('/anmelden');
    assert.equal((await anonymous.post('/konto/abmelden-ueberall', {})).statusCode, 303);
  });
});

describe('password reset tokens', () => {
  async function resetLink(email: string): Promise<string> {
    const client = new TestClient(t.app);
    await client.get('/passwort-vergessen');
    assert.equal((await client.post('/passwort-vergessen', { email })).statusCode, 303);
    await t.drainOutbox();
    const mail = t.mails.filter((m) => m.to === email).at(-1);
    assert.ok(mail, `a reset mail to ${email}`);
    return /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  }

  test('single use: the second use of a link is refused (410), the password stays the first new one', async () => {
    const email = 'reset-once@example.test';
    await citizen(email);
    const token = await resetLink(email);
    const client = new TestClient(t.app);
    await client.get(`/passwort-zuruecksetzen?token=${token}`);
    assert.equal((await client.post('/passwort-zuruecksetzen', { token, password: 'ein ganz neues Passwort' })).statusCode, 303);
    await client.get(`/passwort-zuruecksetzen?token=${token}`);
    const second = await client.post('/passwort-zuruecksetzen', { token, password: 'das Passwort des Angreifers' });
    assert.equal(second.statusCode, 410);
    assert.match(second.body, /abgelaufen oder wurde schon benutzt/);
    assert.equal((await login(new TestClient(t.app), email, 'das Passwort des Angreifers')).statusCode, 422);
    assert.equal((await login(new TestClient(t.app), email, 'ein ganz neues Passwort')).statusCode, 303);
  });

  test('expiring: a link older than its hour is refused (410)', async () => {
    const email = 'reset-late@example.test';
    await citizen(email);
    const token = await resetLink(email);
    await owner(sql`update account_tokens set expires_at = now() - interval '1 second' where token_hash = ${hashToken(token)}`);
    const client = new TestClient(t.app);
    await client.get(`/passwort-zuruecksetzen?token=${token}`);
    assert.equal((await client.post('/passwort-zuruecksetzen', { token, password: 'ein ganz neues Passwort' })).statusCode, 410);
    const [row] = await owner<{ hours: number }>(sql`select extract(epoch from (expires_at - created_at)) / 3600 as hours from account_tokens where purpose = 'reset_password' order by created_at desc limit 1`);
    assert.ok(Number(row!.hours) <= 1.01);
  });

  test('a reset ends every session of the account', async () => {
    const email = 'reset-sessions@example.test';
    const userId = await citizen(email);
    assert.equal((await login(new TestClient(t.app), email)).statusCode, 303);
    const token = await resetLink(email);
    const client = new TestClient(t.app);
    await client.get(`/passwort-zuruecksetzen?token=${token}`);
    assert.equal((await client.post('/passwort-zuruecksetzen', { token, password: 'ein ganz neues Passwort' })).statusCode, 303);
    assert.equal(await sessionsOf(userId), 0);
  });
});

describe('account lockout', () => {
  test('10 failures in 15 minutes lock the address for 15 minutes with a clear message; the right password does not help; the lock ends', async () => {
    const email = 'locked@example.test';
    const userId = await citizen(email);
    const client = new TestClient(t.app);
    for (let i = 1; i <= 9; i++) assert.equal((await login(client, email, `falsches Passwort ${i}`)).statusCode, 422);
    const tenth = await login(client, email, 'falsches Passwort 10');
    assert.equal(tenth.statusCode, 429);
    assert.match(tenth.body, /Zu viele fehlgeschlagene Anmeldeversuche\. Aus Sicherheitsgründen ist die Anmeldung mit dieser E-Mail-Adresse für 15 Minuten gesperrt/);
    assert.equal(tenth.headers['retry-after'], '900');
    const right = await login(client, email);
    assert.equal(right.statusCode, 429, 'locked even with the right password');
    assert.equal(await sessionsOf(userId), 0);
    const audit = await owner(sql`select 1 from audit_log where action = 'account.locked' and subject_id = ${userId}`);
    assert.equal(audit.length, 1);
    // 15 minutes later (the lock moved into the past) the right password works again.
    await owner(sql`update login_locks set locked_until = now() - interval '1 second'`);
    assert.equal((await login(client, email)).statusCode, 303);
  });

  test('failures older than 15 minutes do not count', async () => {
    const email = 'slow@example.test';
    await citizen(email);
    const client = new TestClient(t.app);
    for (let i = 1; i <= 9; i++) await login(client, email, `falsch ${i}`);
    await owner(sql`update login_failures set failed_at = now() - interval '16 minutes'`);
    assert.equal((await login(client, email, 'falsch 10')).statusCode, 422, 'not locked: the earlier nine are outside the window');
  });

  test('an unknown address locks exactly like an account: same status and same text (no enumeration)', async () => {
    const known = 'known-lock@example.test';
    await citizen(known);
    const unknown = 'nobody-lock@example.test';
    const answers: Record<string, LightMyRequestResponse[]> = { known: [], unknown: [] };
    for (const [label, email] of [['known', known], ['unknown', unknown]] as const) {
      const client = new TestClient(t.app);
      for (let i = 1; i <= 11; i++) answers[label]!.push(await login(client, email, `falsch ${i}`));
    }
    for (let i = 0; i < 11; i++) {
      assert.equal(answers.known![i]!.statusCode, answers.unknown![i]!.statusCode, `attempt ${i + 1}`);
      assert.equal(mainText(answers.known![i]!.body).replace(known, 'X'), mainText(answers.unknown![i]!.body).replace(unknown, 'X'), `attempt ${i + 1} text`);
    }
    assert.equal(answers.unknown![10]!.statusCode, 429);
  });

  test('a password reset lifts the lock', async () => {
    const email = 'unlock@example.test';
    await citizen(email);
    const client = new TestClient(t.app);
    for (let i = 1; i <= 10; i++) await login(client, email, `falsch ${i}`);
    assert.equal((await login(client, email)).statusCode, 429);
    const reset = new TestClient(t.app);
    await reset.get('/passwort-vergessen');
    await reset.post('/passwort-vergessen', { email });
    await t.drainOutbox();
    const token = /token=([A-Za-z0-9_-]+)/.exec(t.mails.filter((m) => m.to === email).at(-1)!.text)![1]!;
    await reset.get(`/passwort-zuruecksetzen?token=${token}`);
    assert.equal((await reset.post('/passwort-zuruecksetzen', { token, password: 'ein ganz neues Passwort' })).statusCode, 303);
    assert.equal((await login(client, email, 'ein ganz neues Passwort')).statusCode, 303);
  });
});

describe('no user enumeration', () => {
  async function timed(work: () => Promise<LightMyRequestResponse>): Promise<{ response: LightMyRequestResponse; ms: number }> {
    const start = process.hrtime.bigint();
    const response = await work();
    return { response, ms: Number(process.hrtime.bigint() - start) / 1e6 };
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  async function compare(label: string, attempt: (email: string) => Promise<LightMyRequestResponse>, knownEmail: (i: number) => string, unknownEmail: (i: number) => string) {
    const times = { known: [] as number[], unknown: [] as number[] };
    const seen: Record<'known' | 'unknown', { status: number; text: string; location: string }[]> = { known: [], unknown: [] };
    for (let i = 0; i < 6; i++) {
      for (const kind of ['known', 'unknown'] as const) {
        const email = kind === 'known' ? knownEmail(i) : unknownEmail(i);
        const { response, ms } = await timed(() => attempt(email));
        times[kind].push(ms);
        seen[kind].push({ status: response.statusCode, text: mainText(response.body).replaceAll(email, 'X'), location: String(response.headers.location ?? '').replace(encodeURIComponent(email), 'X') });
      }
    }
    assert.deepEqual(seen.known, seen.unknown, `${label}: same status, page and redirect for a known and an unknown address`);
    const known = median(times.known);
    const unknown = median(times.unknown);
    process.stdout.write(`# ${label}: median ${known.toFixed(1)} ms (account) vs ${unknown.toFixed(1)} ms (no account)\n`);
    assert.ok(Math.abs(known - unknown) < Math.max(40, 0.5 * Math.max(known, unknown)), `${label}: timing differs: ${known} vs ${unknown} ms`);
  }

  test('login: a wrong password and an unknown address look and take the same', async () => {
    for (let i = 0; i < 6; i++) await citizen(`enum-login-${i}@example.test`);
    await compare('login', async (email) => login(new TestClient(t.app), email, 'falsches Passwort'), (i) => `enum-login-${i}@example.test`, (i) => `enum-nobody-${i}@example.test`);
  });

  test('password reset: the same answer whether or not the address has an account', async () => {
    for (let i = 0; i < 6; i++) await citizen(`enum-reset-${i}@example.test`);
    await compare('reset', async (email) => {
      const client = new TestClient(t.app);
      await client.get('/passwort-vergessen');
      return client.post('/passwort-vergessen', { email });
    }, (i) => `enum-reset-${i}@example.test`, (i) => `enum-reset-nobody-${i}@example.test`);
  });

  test('registration: the same answer whether or not the address has an account', async () => {
    for (let i = 0; i < 6; i++) await citizen(`enum-register-${i}@example.test`);
    await compare('registration', async (email) => {
      const client = new TestClient(t.app);
      await client.get('/registrieren');
      return client.post('/registrieren', { displayName: 'Mallory', email, password: 'ein langes Passwort 1' });
    }, (i) => `enum-register-${i}@example.test`, (i) => `enum-register-new-${i}@example.test`);
  });
});

describe('login throttling (the production rate limits)', () => {
  let app: FastifyInstance;
  let db: Database;
  let dataDir: string;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-sec-'));
    db = await openTestDatabase();
    app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://portal.test', LOG_LEVEL: 'silent' }), db, logger: false });
  });
  after(async () => {
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  for (const url of ['/anmelden', '/passwort-vergessen', '/registrieren']) {
    test(`${url}: the 11th credential POST of one client address within a minute is 429 with Retry-After`, async () => {
      const client = new TestClient(app);
      await client.get(url);
      const statuses: number[] = [];
      // A new address each time: this is the per-client throttle, not the per-address lockout.
      for (let i = 0; i < 10; i++) statuses.push((await client.post(url, { email: `throttle${i}@example.test`, password: 'falsches Passwort', displayName: 'X' })).statusCode);
      assert.ok(!statuses.includes(429), `statuses: ${statuses.join(',')}`);
      const last = await client.post(url, { email: 'throttle@example.test', password: 'falsches Passwort', displayName: 'X' });
      assert.equal(last.statusCode, 429);
      assert.ok(Number(last.headers['retry-after']) > 0);
    });
  }
});
