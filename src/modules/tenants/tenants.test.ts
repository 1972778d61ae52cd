import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from '../../platform/db/sql.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { afterContentVersionTtl } from '../../platform/testing/content-version.ts';
import { defaultDistrictFile } from '../../platform/testing/test-database.ts';
import { seedDistrict, SeedFileError, slugify } from './index.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('the home page names the district and lists its 16 municipalities', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/' });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /Serviceportal Kreis Lippe/);
  const links = [...response.body.matchAll(/href="\/gemeinden\/([a-z-]+)"/g)].map((m) => m[1]);
  assert.equal(links.length, 17);
  for (const slug of ['augustdorf', 'detmold', 'horn-bad-meinberg', 'leopoldshoehe', 'luegde', 'schlangen', 'kreis-lippe']) {
    assert.ok(links.includes(slug), slug);
  }
});

test('a municipality page shows its town hall, AGS and postcodes', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/gemeinden/bad-salzuflen' });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /Stadt Bad Salzuflen/);
  assert.match(response.body, /Rudolph-Brandes-Allee 19/);
  assert.match(response.body, /05766008/);
  assert.match(response.body, /32105, 32107, 32108/);
  assert.equal((await t.app.inject({ method: 'GET', url: '/gemeinden/atlantis' })).statusCode, 404);
});

test('seeding again changes nothing; a changed source updates without duplicating', async () => {
  assert.deepEqual(await seedDistrict(t.db, defaultDistrictFile), { created: 0, updated: 0 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-'));
  const source = path.dirname(defaultDistrictFile);
  fs.mkdirSync(path.join(dir, 'kreis-lippe'));
  const csv = fs.readFileSync(path.join(source, 'kreis-lippe', 'lippe_gemeinden.csv'), 'utf8').replace('Marktplatz 1,32657', 'Marktplatz 2,32657');
  fs.writeFileSync(path.join(dir, 'kreis-lippe', 'lippe_gemeinden.csv'), csv);
  fs.copyFileSync(path.join(source, 'kreis-lippe', 'osm-plz-ags-lippe.csv'), path.join(dir, 'kreis-lippe', 'osm-plz-ags-lippe.csv'));
  fs.copyFileSync(defaultDistrictFile, path.join(dir, 'district.json'));
  assert.deepEqual(await seedDistrict(t.db, path.join(dir, 'district.json')), { created: 0, updated: 1 });
  const lemgo = await t.db.ownerTransaction((tx) => tx.query<{ street: string; n: number }>(sql`select street, (select count(*)::int from tenants) as n from tenants where slug = 'lemgo'`));
  assert.deepEqual(lemgo, [{ street: 'Marktplatz 2', n: 17 }]);
});

test('the pages read per data version show a changed town hall once the version moves', async () => {
  const page = async () => (await t.app.inject({ method: 'GET', url: '/gemeinden/lage' })).body;
  assert.match(await page(), /Stadt Lage/);
  await t.db.ownerTransaction((tx) => tx.query(sql`update tenants set street = 'Neue Straße 7' where slug = 'lage'`));
  await afterContentVersionTtl();
  assert.match(await page(), /Neue Straße 7/);
  const home = (await t.app.inject({ method: 'GET', url: '/' })).body;
  assert.match(home, /Lage/);
});

test('a district file with a municipality from elsewhere is refused with a clear message', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'district-'));
  fs.writeFileSync(path.join(dir, 'm.csv'), 'ags,name\n05711000,Bielefeld\n');
  fs.writeFileSync(path.join(dir, 'p.csv'), 'plz,ags,ort\n');
  fs.writeFileSync(path.join(dir, 'd.json'), JSON.stringify({ district: { slug: 'x', name: 'Kreis X', officialName: 'Kreis X', ags: '05766' }, municipalities: 'm.csv', postcodes: 'p.csv' }));
  await assert.rejects(seedDistrict(t.db, path.join(dir, 'd.json')), (error: Error) => error instanceof SeedFileError && /Bielefeld/.test(error.message));
});

test('slugs are readable ASCII', () => {
  assert.equal(slugify('Horn-Bad Meinberg'), 'horn-bad-meinberg');
  assert.equal(slugify('Lügde'), 'luegde');
  assert.equal(slugify('Schieder-Schwalenberg'), 'schieder-schwalenberg');
});
