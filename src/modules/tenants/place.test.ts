import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { noScope } from '../../platform/db/database.ts';
import { createTestApp, TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { resolvePlace } from './place.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  // A postcode shared by two municipalities, as happens at municipal borders.
  await t.db.ownerTransaction((tx) => tx.query(sql`insert into postcodes (postcode, ags, place) values ('32657', '05766024', 'Dörentrup-Spork')`));
});
after(() => t.close());

const resolve = (input: string) => t.db.transaction(noScope, (tx) => resolvePlace(tx, input));

test('postcodes, names and places resolve to their municipality, umlauts written either way', async () => {
  const cases: [string, string][] = [
    ['32756', 'detmold'],
    ['32108', 'bad-salzuflen'],
    ['Lügde', 'luegde'],
    ['luegde', 'luegde'],
    ['  HORN-BAD MEINBERG ', 'horn-bad-meinberg'],
    ['Lemgo, Stadt', 'lemgo'],
    ['Dörentrup-Spork', 'doerentrup'],
  ];
  for (const [input, slug] of cases) {
    const result = await resolve(input);
    assert.equal(result.kind === 'found' ? result.tenant.slug : result.kind, slug, input);
  }
});

test('a shared postcode is ambiguous; a foreign postcode is outside; nonsense is unknown', async () => {
  const shared = await resolve('32657');
  assert.equal(shared.kind, 'ambiguous');
  assert.deepEqual(shared.kind === 'ambiguous' ? shared.tenants.map((x) => x.slug).sort() : [], ['doerentrup', 'lemgo']);
  assert.equal((await resolve('10115')).kind, 'outside');
  assert.equal((await resolve('Atlantis')).kind, 'unknown');
});

test('the chosen place is remembered and shown on every page', async () => {
  const client = new TestClient(t.app);
  const form = await client.get('/wohnort?zurueck=/impressum');
  assert.equal(form.statusCode, 200);
  const chosen = await client.post('/wohnort?zurueck=/impressum', { ort: '32756', gemeinde: '' });
  assert.equal(chosen.statusCode, 303);
  assert.equal(chosen.headers.location, '/impressum');
  const page = await client.get('/impressum');
  assert.match(page.body, /Ihr Wohnort: <strong>Detmold<\/strong>/);
  const listed = await client.post('/wohnort', { ort: '', gemeinde: 'schlangen' });
  assert.equal(listed.statusCode, 303);
  assert.match((await client.get('/')).body, /Ihr Wohnort: <strong>Schlangen<\/strong>/);
});

test('an ambiguous postcode asks which municipality, and insists on an answer', async () => {
  const client = new TestClient(t.app);
  await client.get('/wohnort');
  const asked = await client.post('/wohnort', { ort: '32657', gemeinde: '' });
  assert.equal(asked.statusCode, 200);
  assert.match(asked.body, /gehört zu mehreren Gemeinden/);
  assert.match(asked.body, /type="radio"[^>]*value="doerentrup"/);
  const unanswered = await client.post('/wohnort', { ort: '32657', nachfrage: '1' });
  assert.equal(unanswered.statusCode, 422);
  assert.match(unanswered.body, /href="#f-gemeinde">Bitte wählen Sie Ihre Gemeinde/);
  const answered = await client.post('/wohnort', { ort: '32657', nachfrage: '1', gemeinde: 'doerentrup' });
  assert.equal(answered.statusCode, 303);
  assert.match((await client.get('/')).body, /Ihr Wohnort: <strong>Dörentrup<\/strong>/);
});

test('unknown or foreign input is a 422 with a clear message; a forged choice is not accepted', async () => {
  const client = new TestClient(t.app);
  await client.get('/wohnort');
  const unknown = await client.post('/wohnort', { ort: 'Atlantis' });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /Diesen Ort kennen wir nicht/);
  const outside = await client.post('/wohnort', { ort: '10115' });
  assert.equal(outside.statusCode, 422);
  assert.match(outside.body, /gehört nicht zum Kreis Lippe/);
  const forged = await client.post('/wohnort', { ort: '', gemeinde: 'atlantis' });
  assert.equal(forged.statusCode, 422);
  const cookieForged = await t.app.inject({ method: 'GET', url: '/', cookies: { kp_ort: 'atlantis' } });
  assert.match(cookieForged.body, /Wohnort wählen/);
});
