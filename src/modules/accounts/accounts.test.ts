import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { createTestApp, TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { addStaffUser } from './service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

function linkIn(text: string, path: string): string {
  const match = new RegExp(`http://portal\\.test(${path}\\?token=[A-Za-z0-9_-]+)`).exec(text);
  assert.ok(match, `no ${path} link in: ${text}`);
  return match[1]!;
}

async function register(client: TestClient, email: string, password = 'ein langes Passwort 1') {
  await client.get('/registrieren');
  return client.post('/registrieren', { displayName: 'Erika Mustermann', email, password });
}

test('registration with e-mail verification, login, account page and logout', async () => {
  const client = new TestClient(t.app);
  const registered = await register(client, 'erika@example.org');
  assert.equal(registered.statusCode, 303);
  assert.match(registered.headers.location as string, /^\/registrieren\/gesendet/);

  // Not yet verified: login is refused and a new link is sent.
  await client.get('/anmelden');
  const early = await client.post('/anmelden', { email: 'erika@example.org', password: 'ein langes Passwort 1' });
  assert.equal(early.statusCode, 422);
  assert.match(early.body, /bestätigen Sie zuerst/);

  await t.drainOutbox();
  const mail = t.mails.find((m) => m.to === 'erika@example.org');
  assert.ok(mail);
  assert.doesNotMatch(mail.text, /Erika|Mustermann/, 'no personal data in the mail body');
  const confirmPage = await client.get(linkIn(mail.text, '/konto/bestaetigen'));
  assert.equal(confirmPage.statusCode, 200);
  const token = /name="token" value="([^"]+)"/.exec(confirmPage.body)![1]!;
  const confirmed = await client.post('/konto/bestaetigen', { token });
  assert.equal(confirmed.statusCode, 303);
  assert.equal(confirmed.headers.location, '/anmelden?hinweis=bestaetigt');

  await client.get('/anmelden');
  const login = await client.post('/anmelden', { email: 'ERIKA@example.org', password: 'ein langes Passwort 1' });
  assert.equal(login.statusCode, 303);
  assert.equal(login.headers.location, '/konto');
  const cookie = login.cookies.find((c) => c.name === 'kp_session') as { httpOnly?: boolean; sameSite?: string } | undefined;
  assert.equal(cookie?.httpOnly, true);
  assert.equal(cookie?.sameSite, 'Lax');

  const account = await client.get('/konto');
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /Erika Mustermann/);
  assert.match(account.body, /bestätigt/);

  const logout = await client.post('/abmelden', {});
  assert.equal(logout.statusCode, 303);
  const afterLogout = await client.get('/konto');
  assert.equal(afterLogout.statusCode, 303);
  assert.match(afterLogout.headers.location as string, /^\/anmelden\?zurueck=/);

  const actions = await t.db.ownerTransaction((tx) => tx.query<{ action: string }>(sql`select action from audit_log where chain = 'global' and action like 'account.%' order by seq`));
  assert.deepEqual(actions.map((a) => a.action), ['account.registered', 'account.email_verified', 'account.logged_in', 'account.logged_out']);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('a verification link works once', async () => {
  const client = new TestClient(t.app);
  await register(client, 'once@example.org');
  await t.drainOutbox();
  const mail = t.mails.find((m) => m.to === 'once@example.org')!;
  const page = await client.get(linkIn(mail.text, '/konto/bestaetigen'));
  const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
  assert.equal((await client.post('/konto/bestaetigen', { token })).statusCode, 303);
  const again = await client.post('/konto/bestaetigen', { token });
  assert.equal(again.statusCode, 410);
  assert.match(again.body, /nicht mehr gültig/);
});

test('invalid registration input re-renders with 422, an error summary linking to the fields and the values kept', async () => {
  const client = new TestClient(t.app);
  await client.get('/registrieren');
  const response = await client.post('/registrieren', { displayName: '', email: 'not-an-address', password: 'short' });
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /<title>Fehler: /);
  assert.match(response.body, /Es gibt ein Problem/);
  assert.match(response.body, /href="#f-displayName">Bitte geben Sie Ihren Namen ein\./);
  assert.match(response.body, /href="#f-email">Bitte geben Sie eine E-Mail-Adresse/);
  assert.match(response.body, /href="#f-password">Das Passwort muss mindestens 12 Zeichen/);
  assert.match(response.body, /value="not-an-address"/);
  assert.match(response.body, /aria-invalid="true"/);
  assert.doesNotMatch(response.body, /value="short"/, 'passwords are never echoed');
});

test('messages follow the chosen language', async () => {
  const client = new TestClient(t.app);
  const switched = await client.get('/sprache/en?zurueck=/registrieren');
  assert.equal(switched.statusCode, 303);
  assert.equal(switched.headers.location, '/registrieren');
  await client.get('/registrieren');
  const response = await client.post('/registrieren', { displayName: '', email: '', password: '' });
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /<html lang="en">/);
  assert.match(response.body, /There is a problem/);
  assert.match(response.body, /Enter your email address\./);
});

test('registering an existing address looks the same and mails the owner instead', async () => {
  const client = new TestClient(t.app);
  await register(client, 'twice@example.org');
  const second = await register(client, 'twice@example.org', 'ein anderes Passwort 2');
  assert.equal(second.statusCode, 303);
  const users = await t.db.ownerTransaction((tx) => tx.query(sql`select 1 from users where email = 'twice@example.org'`));
  assert.equal(users.length, 1);
  await t.drainOutbox();
  assert.ok(t.mails.some((m) => m.to === 'twice@example.org' && /schon ein Konto/.test(m.text)));
});

test('a wrong password and an unknown address fail alike', async () => {
  const client = new TestClient(t.app);
  await client.get('/anmelden');
  const wrong = await client.post('/anmelden', { email: 'erika@example.org', password: 'falsches Passwort!!' });
  const unknown = await client.post('/anmelden', { email: 'nobody@example.org', password: 'falsches Passwort!!' });
  for (const response of [wrong, unknown]) {
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /E-Mail-Adresse oder Passwort ist falsch/);
  }
});

test('password reset sets a new password, ends old sessions and works once', async () => {
  const client = new TestClient(t.app);
  await register(client, 'reset@example.org', 'altes Passwort 123');
  await t.drainOutbox();
  const verify = await client.get(linkIn(t.mails.find((m) => m.to === 'reset@example.org')!.text, '/konto/bestaetigen'));
  await client.post('/konto/bestaetigen', { token: /name="token" value="([^"]+)"/.exec(verify.body)![1]! });
  await client.get('/anmelden');
  await client.post('/anmelden', { email: 'reset@example.org', password: 'altes Passwort 123' });
  assert.equal((await client.get('/konto')).statusCode, 200);

  const other = new TestClient(t.app);
  await other.get('/passwort-vergessen');
  const requested = await other.post('/passwort-vergessen', { email: 'reset@example.org' });
  assert.equal(requested.statusCode, 303);
  await t.drainOutbox();
  const mail = t.mails.filter((m) => m.to === 'reset@example.org').at(-1)!;
  const link = linkIn(mail.text, '/passwort-zuruecksetzen');
  await other.get(link);
  const token = new URL(link, 'http://x').searchParams.get('token')!;
  const tooShort = await other.post('/passwort-zuruecksetzen', { token, password: 'kurz' });
  assert.equal(tooShort.statusCode, 422);
  const done = await other.post('/passwort-zuruecksetzen', { token, password: 'neues Passwort 456' });
  assert.equal(done.statusCode, 303);
  assert.equal((await other.post('/passwort-zuruecksetzen', { token, password: 'noch ein Passwort 7' })).statusCode, 410);

  assert.equal((await client.get('/konto')).statusCode, 303, 'the old session ended');
  await other.get('/anmelden');
  assert.equal((await other.post('/anmelden', { email: 'reset@example.org', password: 'altes Passwort 123' })).statusCode, 422);
  assert.equal((await other.post('/anmelden', { email: 'reset@example.org', password: 'neues Passwort 456' })).statusCode, 303);
});

test('an unknown address gets the same reset answer and no mail', async () => {
  const before = t.mails.length;
  const client = new TestClient(t.app);
  await client.get('/passwort-vergessen');
  const response = await client.post('/passwort-vergessen', { email: 'ghost@example.org' });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/passwort-vergessen/gesendet');
  await t.drainOutbox();
  assert.equal(t.mails.length, before);
});

test('staff land in the back office with their roles; citizens may not enter it', async () => {
  const tenant = (await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'detmold'`)))[0]!.id;
  await addStaffUser(t.db, { email: 'sb@detmold.test', displayName: 'Sachbearbeiterin', password: 'Passwort der Verwaltung', tenantId: tenant, roles: ['caseworker'] });
  const staff = new TestClient(t.app);
  await staff.get('/anmelden');
  const login = await staff.post('/anmelden', { email: 'sb@detmold.test', password: 'Passwort der Verwaltung' });
  assert.equal(login.headers.location, '/verwaltung');
  const session = await t.db.ownerTransaction((tx) =>
    tx.query<{ active_tenant_id: string }>(sql`select s.active_tenant_id from sessions s join users u on u.id = s.user_id where u.email = 'sb@detmold.test'`),
  );
  assert.deepEqual(session.map((s) => s.active_tenant_id), [tenant], 'the session starts in the staff member\'s tenant');
  const home = await staff.get('/verwaltung');
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Detmold: Sachbearbeitung/);
  assert.doesNotMatch(home.body, /href="\/verwaltung\/angebote"/, 'caseworkers do not edit offers');
  assert.doesNotMatch(home.body, /href="\/verwaltung\/vorgaenge\/einstellungen"/, 'nor case settings');
  const district = (await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'kreis-lippe'`)))[0]!.id;
  await addStaffUser(t.db, { email: 'cdo@kreis.test', displayName: 'CDO Kreis', password: 'Passwort der Verwaltung', tenantId: district, roles: ['coordinator'] });
  const cdo = new TestClient(t.app);
  await cdo.get('/anmelden');
  await cdo.post('/anmelden', { email: 'cdo@kreis.test', password: 'Passwort der Verwaltung' });
  const cdoHome = await cdo.get('/verwaltung');
  for (const path of ['/verwaltung/angebote', '/verwaltung/dienststellen', '/verwaltung/zustaendigkeiten', '/verwaltung/vorgaenge/einstellungen']) assert.match(cdoHome.body, new RegExp(`href="${path}"`));
  assert.doesNotMatch(cdoHome.body, /href="\/verwaltung\/api-zugaenge"/, 'API clients are for administrators');

  const citizen = new TestClient(t.app);
  await citizen.get('/anmelden');
  await citizen.post('/anmelden', { email: 'erika@example.org', password: 'ein langes Passwort 1' });
  assert.equal((await citizen.get('/verwaltung')).statusCode, 403);
});

test('a form without its CSRF token, or from another site, is refused with 403', async () => {
  const client = new TestClient(t.app);
  await client.get('/anmelden');
  const missing = await client.post('/anmelden', { _csrf: '', email: 'erika@example.org', password: 'ein langes Passwort 1' });
  assert.equal(missing.statusCode, 403);
  assert.match(missing.body, /Das Formular ist abgelaufen/);
  const crossSite = await client.post('/anmelden', { email: 'erika@example.org', password: 'ein langes Passwort 1' }, { origin: 'https://evil.example' });
  assert.equal(crossSite.statusCode, 403);
});

test('after login only local paths are followed (no open redirect)', async () => {
  const client = new TestClient(t.app);
  await client.get('/anmelden?zurueck=//evil.example/x');
  const response = await client.post('/anmelden?zurueck=//evil.example/x', { email: 'erika@example.org', password: 'ein langes Passwort 1' });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/');
});
