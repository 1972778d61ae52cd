import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { createTestApp, TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { seedDemoAccounts } from '../../cli/demo.ts';
import { importCatalog } from '../catalog/index.ts';
import { createForm } from '../forms/store/index.ts';
import { fixture, staffOf } from '../forms/store/test-support.ts';
import { seedDemoOffers } from './seed-demo-offers.ts';
import { defaultDemoFormsDir, demoSeedAccount, ensureDemoSeedAccount, readDemoForms, seedDemoForms } from './seed-demo-forms.ts';

let t: TestApp;
const municipalities = 16;
const forms = readDemoForms();
const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

before(async () => {
  t = await createTestApp();
  await importCatalog(t.db);
  await seedDemoOffers(t.db);
});
after(() => t.close());

test('the five demo forms name real LeiKa keys of the catalog, one service each', async () => {
  assert.deepEqual(forms.map((form) => form.id).sort(), ['bewohnerparkausweis', 'gewerbeanmeldung', 'hundeanmeldung', 'meldebescheinigung', 'sperrmuell-abholung']);
  const keys = forms.flatMap((form) => form.serviceKeys ?? []);
  const known = await owner<{ key: string }>(sql`select key from services where key in (${sql.join(keys)})`);
  assert.equal(known.length, keys.length, `unknown keys among ${keys.join(', ')}`);
});

test('the system account cannot sign in and does not stop the demo staff accounts from being created', async () => {
  // Runs before any other staff account exists in this database, as on a fresh `start`.
  const id = await ensureDemoSeedAccount(t.db);
  assert.equal(await ensureDemoSeedAccount(t.db), id, 'created once');
  const [account] = await owner<{ disabled: boolean; roles: number }>(sql`
    select u.disabled_at is not null as disabled, (select count(*)::int from tenant_memberships m where m.user_id = u.id) as roles
    from users u where u.email = ${demoSeedAccount.email}`);
  assert.deepEqual(account, { disabled: true, roles: 0 });
  const client = new TestClient(t.app);
  await client.get('/anmelden');
  const login = await client.post('/anmelden', { email: demoSeedAccount.email, password: '!' });
  assert.notEqual(login.statusCode, 303, 'no session for the system account');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-logins-'));
  const logins = await seedDemoAccounts(t.db, dataDir);
  assert.equal(logins?.length, 5);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a broken demo form stops the seed before anything is written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-forms-'));
  fs.writeFileSync(path.join(dir, 'kaputt.json'), JSON.stringify({ ...fixture('sperrmuell'), steps: [] }));
  await assert.rejects(seedDemoForms(t.db, dir), /kaputt\.json is not a valid form definition/);
  assert.deepEqual(await owner(sql`select 1 from forms`), []);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('every municipality gets the five forms published and its offers linked; a form staff started is left alone', async () => {
  // Lage's staff have started their own Meldebescheinigung form: the seed must not publish or replace it.
  const lage = await staffOf(t.db, 'lage');
  await createForm(t.db, lage, fixture('meldebescheinigung'));

  const result = await seedDemoForms(t.db);
  assert.deepEqual(result, { published: 5 * municipalities - 1, linked: 5 * municipalities - 1 });

  const published = await owner<{ slug: string; forms: string[] }>(sql`
    select t.slug, array_agg(f.slug order by f.slug) as forms
    from forms f join tenants t on t.id = f.tenant_id
    join form_versions v on v.tenant_id = f.tenant_id and v.form_id = f.id and v.status = 'published'
    join users u on u.id = v.published_by and u.email = ${demoSeedAccount.email}
    group by t.slug order by t.slug`);
  assert.equal(published.length, municipalities, 'the Kreis offers none of these services');
  for (const row of published) {
    const expected = ['bewohnerparkausweis', 'gewerbeanmeldung', 'hundeanmeldung', 'meldebescheinigung', 'sperrmuell-abholung'].filter((slug) => row.slug !== 'lage' || slug !== 'meldebescheinigung');
    assert.deepEqual(row.forms, expected, row.slug);
  }
  const lageDraft = await owner<{ status: string; created_by: string }>(sql`
    select v.status, v.created_by from form_versions v join forms f on f.tenant_id = v.tenant_id and f.id = v.form_id
    where f.tenant_id = ${lage.tenantId} and f.slug = 'meldebescheinigung'`);
  assert.deepEqual(lageDraft, [{ status: 'draft', created_by: lage.userId }]);

  const offers = await owner<{ slug: string; service_key: string; online_available: boolean; online_url: string | null }>(sql`
    select t.slug, o.service_key, o.online_available, o.online_url from offers o join tenants t on t.id = o.tenant_id
    where o.service_key in (${sql.join(forms.flatMap((form) => form.serviceKeys ?? []))})`);
  assert.equal(offers.length, 5 * municipalities);
  for (const offer of offers) {
    const form = forms.find((candidate) => candidate.serviceKeys?.includes(offer.service_key));
    if (offer.slug === 'lage' && form?.id === 'meldebescheinigung') {
      assert.deepEqual([offer.online_available, offer.online_url], [false, null], 'no link to an unpublished form');
    } else {
      assert.deepEqual([offer.online_available, offer.online_url], [true, `/${offer.slug}/antrag/${form?.id}`], `${offer.slug} ${offer.service_key}`);
    }
  }
  const linkAudits = await owner<{ n: number }>(sql`select count(*)::int as n from audit_log a join users u on u.id = a.actor_id
    where a.action = 'offer.demo_form_linked' and u.email = ${demoSeedAccount.email}`);
  assert.equal(linkAudits[0]?.n, 5 * municipalities - 1);
});

test('the service page’s “Jetzt online beantragen” leads to the form’s start page; API and JSON-LD give the absolute address', async () => {
  const client = new TestClient(t.app);
  for (const form of forms) {
    const key = form.serviceKeys?.[0] ?? '';
    const [service] = await owner<{ slug: string }>(sql`select slug from services where key = ${key}`);
    const page = await client.get(`/lemgo/leistungen/${service?.slug}`);
    assert.equal(page.statusCode, 200, form.id);
    const link = /<a class="kern-btn kern-btn--primary" href="([^"]+)"><span class="kern-label">Jetzt online beantragen</.exec(page.body)?.[1];
    assert.equal(link, `/lemgo/antrag/${form.id}`, form.id);
    assert.ok(page.body.includes(`"serviceUrl":"http://portal.test/lemgo/antrag/${form.id}"`), `${form.id}: JSON-LD serviceUrl`);
    const start = await client.get(link);
    assert.equal(start.statusCode, 200, `${form.id}: start page`);
    assert.ok(start.body.includes(form.title.de.replace('(', '').slice(0, 12)), `${form.id}: title on the start page`);
    const started = await client.post(link, {});
    assert.equal(started.statusCode, 303);
    assert.equal(started.headers.location, `${link}/schritt/${form.steps[0]?.id}`);

    const api = await client.get(`/api/v1/services/${key}/offers`);
    const entries = JSON.parse(api.body) as { tenant: { slug: string }; offer: { onlineUrl: string | null } }[];
    assert.equal(entries.find((entry) => entry.tenant.slug === 'lemgo')?.offer.onlineUrl, `http://portal.test/lemgo/antrag/${form.id}`);
  }
});

test('seeding again changes nothing; a link staff changed on a demo offer survives', async () => {
  const snapshot = () => owner(sql`select (select count(*)::int from form_versions) as versions, (select count(*)::int from audit_log) as audit,
    (select json_agg(o order by o.tenant_id, o.service_key) from (select tenant_id, service_key, online_url, updated_at from offers) o) as offers`);
  const before = JSON.stringify(await snapshot());
  assert.deepEqual(await seedDemoForms(t.db), { published: 0, linked: 0 });
  assert.equal(JSON.stringify(await snapshot()), before);

  await owner(sql`update offers set online_url = 'https://antrag.example.org/gewerbe' where service_key = '99050012104000' and tenant_id = (select id from tenants where slug = 'detmold')`);
  assert.deepEqual(await seedDemoForms(t.db), { published: 0, linked: 0 });
  const [kept] = await owner<{ online_url: string }>(sql`select online_url from offers where service_key = '99050012104000' and tenant_id = (select id from tenants where slug = 'detmold')`);
  assert.equal(kept?.online_url, 'https://antrag.example.org/gewerbe');
  assert.equal((await verifyAudit(t.db)).problems.length, 0);
});

test('the demo forms directory holds exactly the forms the README describes', () => {
  const readme = fs.readFileSync(path.join(defaultDemoFormsDir, 'README.md'), 'utf8');
  for (const file of fs.readdirSync(defaultDemoFormsDir).filter((name) => name.endsWith('.json'))) assert.ok(readme.includes(file), file);
});
