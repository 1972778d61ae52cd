import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { TestClient } from '../../platform/testing/test-app.ts';
import { createOffersTestApp, type OffersTestApp } from './test-support.ts';

let t: OffersTestApp;
before(async () => {
  t = await createOffersTestApp();
});
after(() => t.close());

async function slugOf(key: string): Promise<string> {
  const rows = await t.db.ownerTransaction((tx) => tx.query<{ slug: string }>(sql`select slug from services where key = ${key}`));
  return rows[0]!.slug;
}

async function clientIn(place: string): Promise<TestClient> {
  const client = new TestClient(t.app);
  await client.get('/wohnort');
  const chosen = await client.post('/wohnort', { ort: place });
  assert.equal(chosen.statusCode, 303);
  return client;
}

test('the service page names the Kreis for a district service and links to the offer page', async () => {
  const client = await clientIn('Augustdorf');
  const slug = await slugOf('99036008007000');
  const page = await client.get(`/leistungen/${slug}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Für Einwohnerinnen und Einwohner von Augustdorf ist zuständig: Kreis Lippe\./);
  const link = new RegExp(`href="/augustdorf/leistungen/[a-z0-9-]+"`).exec(page.body);
  assert.ok(link, 'links to the offer page for Augustdorf');
  const offer = await client.get(link[0].slice(6, -1));
  assert.equal(offer.statusCode, 200);
});

test('the service page names the municipality itself for a municipal service', async () => {
  const client = await clientIn('32756');
  const page = await client.get(`/leistungen/${await slugOf('99008001012000')}`);
  assert.match(page.body, /Für Einwohnerinnen und Einwohner von Detmold ist zuständig: Stadt Detmold\./);
  assert.match(page.body, /Dienststelle: Bürgerbüro, Marktplatz 5, 32756 Detmold/);
});

test('the sitemap lists published offers on their canonical pages', async () => {
  const sitemap = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
  const slug = await slugOf('99036008007000');
  assert.match(sitemap.body, new RegExp(`<loc>http://portal\\.test/kreis-lippe/leistungen/${slug}</loc>`));
  assert.match(sitemap.body, new RegExp(`<loc>http://portal\\.test/detmold/leistungen/${await slugOf('99008001012000')}</loc>`));
});
