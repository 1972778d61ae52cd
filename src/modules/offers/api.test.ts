import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { createOffersTestApp, type OffersTestApp } from './test-support.ts';

let t: OffersTestApp;
before(async () => {
  t = await createOffersTestApp();
  await t.db.ownerTransaction((tx) => tx.query(sql`insert into postcodes (postcode, ags, place) values ('32657', '05766024', 'Dörentrup-Spork')`));
});
after(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

test('responsibility by postcode: the Kreis for vehicle registration, the town for identity cards', async () => {
  const kfz = await get('/api/v1/responsibility?service=99036008007000&place=32756');
  assert.equal(kfz.statusCode, 200);
  assert.equal(kfz.json().municipality.slug, 'detmold');
  assert.equal(kfz.json().responsible.slug, 'kreis-lippe');
  const id = await get('/api/v1/responsibility?service=99008001012000&place=Lemgo');
  assert.equal(id.json().responsible.slug, 'lemgo');
  assert.equal(id.json().office.city, 'Lemgo');
  assert.match(id.json().url, /^http:\/\/portal\.test\/lemgo\/leistungen\//);
});

test('an ambiguous postcode answers 409 with the candidates; unknown input 404 or 400', async () => {
  const ambiguous = await get('/api/v1/responsibility?service=99008001012000&place=32657');
  assert.equal(ambiguous.statusCode, 409);
  assert.deepEqual(ambiguous.json().error.candidates.sort(), ['doerentrup', 'lemgo']);
  assert.equal((await get('/api/v1/responsibility?service=99008001012000&place=Atlantis')).statusCode, 404);
  assert.equal((await get('/api/v1/responsibility?service=99999999999999&place=Lemgo')).statusCode, 404);
  assert.equal((await get('/api/v1/responsibility?service=abc&place=Lemgo')).statusCode, 400);
  assert.equal((await get('/api/v1/responsibility?service=99008001012000')).statusCode, 400);
});

test('the offers of a service are listed per tenant; described in OpenAPI', async () => {
  const offers = await get('/api/v1/services/99008001012000/offers');
  assert.equal(offers.statusCode, 200);
  assert.equal(offers.json().length, 16);
  assert.ok(offers.json().every((o: { offer: { demo: boolean } }) => o.offer.demo));
  assert.equal((await get('/api/v1/services/99999999999999/offers')).statusCode, 404);
  const spec = (await get('/api/openapi.json')).json();
  assert.ok(spec.paths['/api/v1/responsibility']);
  assert.ok(spec.paths['/api/v1/services/{key}/offers']);
});
