import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAudit } from '../../../platform/audit/verify-audit.ts';
import { sql } from '../../../platform/db/sql.ts';
import { signedInStaff } from '../../../platform/testing/signed-in.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { publishSperrmuell } from '../test-support.ts';

let t: TestApp;
let detmold: { tenantId: string; officeId: string | undefined };

before(async () => {
  t = await createTestApp();
  detmold = await publishSperrmuell(t, 'detmold', 'Abfallberatung');
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));
const tokenOf = (body: string) => /<code class="api-token">(kpc_[A-Za-z0-9_-]{43})<\/code>/.exec(body)?.[1];

test('an administrator creates an API client (token shown once, only its hash stored, audited) and revokes it (at once)', async () => {
  const admin = await signedInStaff(t, 'detmold', ['admin']);
  const page = await admin.client.get('/verwaltung/api-zugaenge');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="kern-heading-x-large">API-Zugänge<\/h1>/);
  assert.match(page.body, /Es gibt noch keinen API-Zugang/);
  assert.match(page.body, /name="offices" value="[0-9a-f-]{36}"/, 'the offices to choose from');

  const missing = await admin.client.post('/verwaltung/api-zugaenge', { name: '', access: '' });
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /href="#f-name">Geben Sie einen Namen ein/);
  assert.match(missing.body, /href="#f-access">Wählen Sie aus, was der Zugang darf/);
  const badOffice = await admin.client.post('/verwaltung/api-zugaenge', { name: 'X', access: 'act', offices: '00000000-0000-4000-8000-000000000000' });
  assert.equal(badOffice.statusCode, 422);

  const created = await admin.client.post('/verwaltung/api-zugaenge', { name: 'Fachverfahren Abfall', access: 'act', offices: detmold.officeId ?? '' });
  assert.equal(created.statusCode, 200, created.body.slice(0, 500));
  assert.equal(created.headers['cache-control'], 'private, no-store');
  const token = tokenOf(created.body);
  assert.ok(token, 'the token is shown');
  assert.match(created.body, /Der Zugang „Fachverfahren Abfall“ ist angelegt/);
  const [row] = await owner<{ id: string; token_hash: string; access: string; user_id: string }>(sql`select id, token_hash, access, user_id from case_api_clients where name = 'Fachverfahren Abfall'`);
  assert.ok(row);
  assert.equal(row.access, 'act');
  assert.match(row.token_hash, /^[0-9a-f]{64}$/);
  const dump = JSON.stringify(await owner(sql`select * from case_api_clients`)) + JSON.stringify(await owner(sql`select * from audit_log`));
  assert.ok(!dump.includes(token.slice(4)), 'the token itself is stored nowhere');
  const [membership] = await owner<{ role: string }>(sql`select role from tenant_memberships where user_id = ${row.user_id}`);
  assert.equal(membership?.role, 'caseworker');
  assert.equal((await owner(sql`select 1 from office_members where user_id = ${row.user_id} and office_id = ${detmold.officeId}`)).length, 1);

  // Shown once: the list afterwards has the client but no token.
  const list = await admin.client.get('/verwaltung/api-zugaenge');
  assert.match(list.body, /Fachverfahren Abfall/);
  assert.match(list.body, /lesen und bearbeiten/);
  assert.equal(tokenOf(list.body), undefined);

  // The technical user cannot sign in through the login page.
  const [user] = await owner<{ email: string }>(sql`select email from users where id = ${row.user_id}`);
  const browser = new TestClient(t.app);
  await browser.get('/anmelden');
  const login = await browser.post('/anmelden', { email: user?.email ?? '', password: '!api-client' });
  assert.notEqual(login.statusCode, 303, 'no session for the technical user');

  const works = await t.app.inject({ url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` } });
  assert.equal(works.statusCode, 200);

  // Another tenant's administrator cannot revoke it (404), a caseworker may not manage clients (403).
  const lemgoAdmin = await signedInStaff(t, 'lemgo', ['admin']);
  await lemgoAdmin.client.get('/verwaltung/api-zugaenge');
  assert.equal((await lemgoAdmin.client.post(`/verwaltung/api-zugaenge/${row.id}/widerrufen`, {})).statusCode, 404);
  assert.ok(!(await lemgoAdmin.client.get('/verwaltung/api-zugaenge')).body.includes('Fachverfahren Abfall'));
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  assert.equal((await worker.client.get('/verwaltung/api-zugaenge')).statusCode, 403);
  await worker.client.get('/konto');
  assert.equal((await worker.client.post(`/verwaltung/api-zugaenge/${row.id}/widerrufen`, {})).statusCode, 403);
  assert.equal((await new TestClient(t.app).get('/verwaltung/api-zugaenge')).statusCode, 303, 'signed out: to the login');

  const revoked = await admin.client.post(`/verwaltung/api-zugaenge/${row.id}/widerrufen`, {});
  assert.equal(revoked.statusCode, 303);
  assert.equal(revoked.headers.location, '/verwaltung/api-zugaenge?hinweis=widerrufen');
  assert.match((await admin.client.get('/verwaltung/api-zugaenge?hinweis=widerrufen')).body, /widerrufen am/);
  const refused = await t.app.inject({ url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` } });
  assert.equal(refused.statusCode, 401, 'revoked at once');
  assert.equal((await admin.client.post(`/verwaltung/api-zugaenge/${row.id}/widerrufen`, {})).statusCode, 404, 'revoked only once');
  assert.equal((await owner(sql`select 1 from tenant_memberships where user_id = ${row.user_id}`)).length, 0, 'the membership is gone');

  const audit = await owner<{ action: string; actor_id: string }>(sql`select action, actor_id from audit_log where subject_type = 'case_api_client' and subject_id = ${row.id} order by seq`);
  assert.deepEqual(audit.map((entry) => [entry.action, entry.actor_id]), [['case_api_client.created', admin.userId], ['case_api_client.revoked', admin.userId]]);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('a read-only client without offices gets the reader role and sees all offices', async () => {
  const admin = await signedInStaff(t, 'detmold', ['admin']);
  await admin.client.get('/verwaltung/api-zugaenge');
  const created = await admin.client.post('/verwaltung/api-zugaenge', { name: 'Statistik', access: 'read' });
  assert.equal(created.statusCode, 200);
  const [row] = await owner<{ user_id: string }>(sql`select user_id from case_api_clients where name = 'Statistik'`);
  const roles = await owner<{ role: string }>(sql`select role from tenant_memberships where user_id = ${row?.user_id}`);
  assert.deepEqual(roles.map((entry) => entry.role), ['reader']);
  assert.match((await admin.client.get('/verwaltung/api-zugaenge')).body, /nur lesen/);
});
