import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { importCatalog } from '../import-catalog.ts';
import { indexLetter } from './browse-store.ts';
import { sql } from '../../../platform/db/sql.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  await importCatalog(t.db);
});
after(() => t.close());

test('topics list every Themenfeld and lead to a Lebenslage with its services', async () => {
  const topics = await t.app.inject({ method: 'GET', url: '/themen' });
  assert.equal(topics.statusCode, 200);
  assert.equal((topics.body.match(/<h2 class="kern-heading-medium">/g) ?? []).length, 14);
  const link = /href="(\/themen\/[a-z0-9-]+)">Abfall &amp; Umweltschutz</.exec(topics.body);
  assert.ok(link, 'Lebenslage "Abfall & Umweltschutz" is listed');
  const lebenslage = await t.app.inject({ method: 'GET', url: link[1]! });
  assert.equal(lebenslage.statusCode, 200);
  assert.match(lebenslage.body, /<h1 class="kern-heading-x-large">Abfall &amp; Umweltschutz<\/h1>/);
  assert.match(lebenslage.body, /href="\/leistungen\/[a-z0-9-]+"/);
  assert.equal((await t.app.inject({ method: 'GET', url: '/themen/gibt-es-nicht' })).statusCode, 404);
});

test('the A–Z index groups services by initial letter, umlauts under their base letter', async () => {
  assert.equal(indexLetter('Überwachung'), 'U');
  assert.equal(indexLetter('ärztliche Bescheinigung'), 'A');
  assert.equal(indexLetter('12-Monats-Frist'), '0-9');
  const index = await t.app.inject({ method: 'GET', url: '/leistungen/a-z' });
  assert.equal(index.statusCode, 200);
  assert.match(index.body, /href="\/leistungen\/a-z\/P"/);
  const p = await t.app.inject({ method: 'GET', url: '/leistungen/a-z/p' });
  assert.equal(p.statusCode, 200);
  assert.match(p.body, /aria-current="page">P</);
  assert.match(p.body, />Personalausweis[^<]*<\/a>/);
  assert.equal((await t.app.inject({ method: 'GET', url: '/leistungen/a-z/%3Cscript%3E' })).statusCode, 404);
});

test('a service page shows the LeiKa key, OZG context and legal basis with links', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/leistungen/abbruchgenehmigung' });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /<h1 class="kern-heading-x-large">Abbruchgenehmigung<\/h1>/);
  assert.match(response.body, /99012001000000/);
  assert.match(response.body, /Wählen Sie Ihren Wohnort/);
  const withLaw = await t.app.inject({ method: 'GET', url: '/leistungen/a-z/A' });
  assert.equal(withLaw.statusCode, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: '/leistungen/gibt-es-nicht' })).statusCode, 404);
});

test('a service page with a chosen place asks the responsibility panel', async () => {
  const client = new TestClient(t.app);
  await client.get('/wohnort');
  await client.post('/wohnort', { ort: 'Detmold' });
  const page = await client.get('/leistungen/abbruchgenehmigung');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Ihr Wohnort: <strong>Detmold<\/strong>/);
});

test('the about-the-data page names source, licence and counts', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/ueber-die-daten' });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /MIT-Lizenz/);
  assert.match(response.body, /14 Themenfelder, 58 Lebenslagen, 557 OZG-Leistungen und 5247 Leistungen/);
  assert.match(response.body, /ODbL/);
});

test('the sitemap lists municipalities, topics and every service with absolute URLs', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
  assert.equal(response.statusCode, 200);
  assert.match(response.headers['content-type'] as string, /application\/xml/);
  const urls = [...response.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  assert.ok(urls.includes('http://portal.test/gemeinden/detmold'));
  assert.ok(urls.includes('http://portal.test/leistungen/abbruchgenehmigung'));
  assert.ok(urls.length > 5247, String(urls.length));
  const robots = await t.app.inject({ method: 'GET', url: '/robots.txt' });
  assert.match(robots.body, /Sitemap: http:\/\/portal\.test\/sitemap\.xml/);
  const page = await t.app.inject({ method: 'GET', url: '/leistungen/abbruchgenehmigung' });
  assert.match(page.body, /<link rel="canonical" href="http:\/\/portal\.test\/leistungen\/abbruchgenehmigung">/);
});

test('a service whose slug is longer than 100 characters has its page (no 414)', async () => {
  const [longest] = await t.db.ownerTransaction((tx) => tx.query<{ slug: string }>(sql`select slug from services order by length(slug) desc limit 1`));
  assert.ok(longest && longest.slug.length > 100, `longest slug: ${longest?.slug.length}`);
  const response = await new TestClient(t.app).get(`/leistungen/${longest.slug}`);
  assert.equal(response.statusCode, 200);
});
