import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { signedInCitizen, signedInStaff } from '../../platform/testing/signed-in.ts';
import { TestClient } from '../../platform/testing/test-app.ts';
import { seedDemoHub } from './seed-demo-hub.ts';
import { coordinator, createHubTestApp, type HubTestApp } from './test-support.ts';

let t: HubTestApp;
let ids: Record<string, string>;
before(async () => {
  t = await createHubTestApp();
  await seedDemoHub(t.db);
  const first = (query: ReturnType<typeof sql>) => t.db.ownerTransaction(async (tx) => (await tx.query<{ id: string }>(query))[0]!.id);
  ids = {
    project: await first(sql`select id from hub_projects limit 1`),
    idea: await first(sql`select id from hub_ideas limit 1`),
    event: await first(sql`select id from hub_events limit 1`),
    procurement: await first(sql`select id from hub_procurements limit 1`),
    article: await first(sql`select id from hub_articles limit 1`),
  };
});
after(() => t.close());

const pages = () => [
  '/kooperation', '/kooperation/mitglieder', '/kooperation/profil', '/kooperation/projekte', '/kooperation/projekte/neu', `/kooperation/projekte/${ids.project}`,
  '/kooperation/ideen', `/kooperation/ideen/${ids.idea}`, '/kooperation/termine', `/kooperation/termine/${ids.event}`, '/kooperation/beschaffung',
  `/kooperation/beschaffung/${ids.procurement}`, `/kooperation/beschaffung/${ids.procurement}/bedarf.csv`, '/kooperation/wissen', `/kooperation/wissen/${ids.article}`,
];

test('coordinators of the Kreis and of any municipality see every hub page, including other municipalities\' entries', async () => {
  for (const slug of ['kreis-lippe', 'schlangen']) {
    const { client } = await coordinator(t, slug);
    for (const url of pages()) assert.equal((await client.get(url)).statusCode, 200, `${slug} ${url}`);
    const projects = await client.get('/kooperation/projekte');
    assert.match(projects.body, /Gemeinsames Serviceportal/);
    assert.match(projects.body, /E-Akte in allen Verwaltungen/);
    assert.match(projects.body, /OZG-Umsetzung/);
    assert.match(projects.body, /kern-badge--warning">Beispieldaten/);
  }
});

test('caseworkers, records managers, readers, admins and citizens get 403; signed-out visitors are sent to log in', async () => {
  for (const role of ['caseworker', 'records_manager', 'reader', 'admin'] as const) {
    const { client } = await signedInStaff(t, 'detmold', [role]);
    for (const url of pages()) assert.equal((await client.get(url)).statusCode, 403, `${role} ${url}`);
    await client.get('/');
    assert.equal((await client.post('/kooperation/ideen/neu', { title: 'x', body: 'y' })).statusCode, 403, role);
  }
  const citizen = (await signedInCitizen(t)).client;
  for (const url of pages()) assert.equal((await citizen.get(url)).statusCode, 403, url);
  const anonymous = new TestClient(t.app);
  for (const url of pages()) {
    const response = await anonymous.get(url);
    assert.equal(response.statusCode, 303, url);
    assert.equal(response.headers.location, `/anmelden?zurueck=${encodeURIComponent(url)}`);
  }
  assert.equal((await t.db.ownerTransaction((tx) => tx.query(sql`select 1 from hub_ideas where title = 'x'`))).length, 0);
});

test('the database shows hub rows only to coordinators of the district, whatever the query asks', async () => {
  const count = async (scope: { tenantId: string | null; userId: string | null }) =>
    t.db.transaction(scope, async (tx) => (await tx.query<{ n: number }>(sql`select count(*)::int as n from hub_projects`))[0]!.n);
  const lemgo = await coordinator(t, 'lemgo');
  assert.equal(await count({ tenantId: lemgo.tenantId, userId: lemgo.userId }), 3);
  const caseworker = await signedInStaff(t, 'lemgo', ['caseworker']);
  assert.equal(await count({ tenantId: caseworker.tenantId, userId: caseworker.userId }), 0);
  assert.equal(await count({ tenantId: null, userId: null }), 0);

  // A coordinator of another district (a second Kreis in the same database) sees none of Lippe's rows.
  const otherKreis = await t.db.ownerTransaction(async (tx) => (await tx.query<{ id: string }>(sql`
    insert into tenants (slug, kind, name, official_name, ags) values ('kreis-anderswo', 'kreis', 'Kreis Anderswo', 'Kreis Anderswo', '09999') returning id`))[0]!.id);
  const stranger = await signedInStaff(t, 'kreis-anderswo', ['coordinator']);
  assert.equal(await count({ tenantId: otherKreis, userId: stranger.userId }), 0);
  const projects = await stranger.client.get('/kooperation/projekte');
  assert.equal(projects.statusCode, 200);
  assert.doesNotMatch(projects.body, /Gemeinsames Serviceportal/);
  assert.equal((await stranger.client.get(`/kooperation/projekte/${ids.project}`)).statusCode, 404);
});

test('a coordinator whose role is revoked loses the hub at once', async () => {
  const { client, userId, tenantId } = await coordinator(t, 'barntrup');
  await t.db.ownerTransaction((tx) => tx.query(sql`delete from tenant_memberships where user_id = ${userId} and tenant_id = ${tenantId}`));
  assert.equal((await client.get('/kooperation')).statusCode, 403);
});

test('the back-office home page links the hub for coordinators only', async () => {
  const member = await coordinator(t, 'lage');
  assert.match((await member.client.get('/verwaltung')).body, /href="\/kooperation">Kooperation der Digitalisierungsbeauftragten/);
  const caseworker = await signedInStaff(t, 'lage', ['caseworker']);
  assert.doesNotMatch((await caseworker.client.get('/verwaltung')).body, /href="\/kooperation"/);
});
