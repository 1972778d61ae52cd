import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../db/sql.ts';
import { createOffersTestApp, type OffersTestApp } from '../../modules/offers/test-support.ts';
import { signedInCitizen } from '../testing/signed-in.ts';
import { afterContentVersionTtl } from '../testing/content-version.ts';
import { etagMatches } from './caching.ts';

let t: OffersTestApp;
let offerUrl: string;
before(async () => {
  t = await createOffersTestApp();
  const [service] = await t.db.ownerTransaction((tx) => tx.query<{ slug: string }>(sql`select slug from services where key = '99008001012000'`));
  offerUrl = `/detmold/leistungen/${service!.slug}`;
});
after(() => t.close());


test('weak ETag comparison follows RFC 9110', () => {
  assert.ok(etagMatches('W/"abc"', 'W/"abc"'));
  assert.ok(etagMatches('"abc"', 'W/"abc"'));
  assert.ok(etagMatches('"x", W/"abc"', 'W/"abc"'));
  assert.ok(etagMatches('*', 'W/"abc"'));
  assert.ok(!etagMatches('W/"abd"', 'W/"abc"'));
  assert.ok(!etagMatches(undefined, 'W/"abc"'));
});

test('anonymous catalog, offer and municipality pages carry validators and public caching; a match is 304 without a body', async () => {
  for (const url of ['/', '/themen', '/leistungen/a-z', '/gemeinden/lemgo', offerUrl, '/leistungen?q=Personalausweis']) {
    const page = await t.app.inject({ url });
    assert.equal(page.statusCode, 200, url);
    assert.match(page.headers.etag as string, /^W\/"[A-Za-z0-9_-]{22}"$/, url);
    assert.ok(!Number.isNaN(Date.parse(page.headers['last-modified'] as string)), url);
    assert.equal(page.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=600', url);
    assert.equal(page.headers.vary, 'Cookie', url);
    assert.equal(page.headers['set-cookie'], undefined, url);

    const again = await t.app.inject({ url, headers: { 'if-none-match': page.headers.etag as string } });
    assert.equal(again.statusCode, 304, url);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, page.headers.etag);
    const since = await t.app.inject({ url, headers: { 'if-modified-since': page.headers['last-modified'] as string } });
    assert.equal(since.statusCode, 304, `${url} If-Modified-Since`);
  }
});

test('language and chosen place give other validators (the page differs), each 304 only for itself', async () => {
  const german = await t.app.inject({ url: '/leistungen/a-z' });
  const english = await t.app.inject({ url: '/leistungen/a-z', cookies: { kp_lang: 'en' } });
  const lemgo = await t.app.inject({ url: '/leistungen/a-z', cookies: { kp_ort: 'lemgo' } });
  const tags = new Set([german, english, lemgo].map((page) => page.headers.etag));
  assert.equal(tags.size, 3);
  const crossed = await t.app.inject({ url: '/leistungen/a-z', cookies: { kp_lang: 'en' }, headers: { 'if-none-match': german.headers.etag as string } });
  assert.equal(crossed.statusCode, 200);
  assert.match(crossed.body, /<html lang="en">/);
});

test('pages of signed-in visitors, back-office pages and forms are never marked cacheable', async () => {
  const { client } = await signedInCitizen(t);
  const signedIn = await client.get('/leistungen/a-z');
  assert.equal(signedIn.statusCode, 200);
  assert.equal(signedIn.headers.etag, undefined);
  assert.doesNotMatch(String(signedIn.headers['cache-control'] ?? ''), /public/);
  const anonymous = await t.app.inject({ url: '/leistungen/a-z' });
  const conditional = await client.get('/leistungen/a-z', { 'if-none-match': anonymous.headers.etag as string });
  assert.equal(conditional.statusCode, 200, 'a session never gets the anonymous 304');
  for (const url of ['/anmelden', '/registrieren', '/konto']) {
    const page = await t.app.inject({ url });
    assert.doesNotMatch(String(page.headers['cache-control'] ?? ''), /public/, url);
    assert.equal(page.headers.etag, undefined, url);
  }
});

test('changing an offer changes the validator: the old ETag no longer matches', async () => {
  const before = await t.app.inject({ url: offerUrl });
  const unrelated = await t.app.inject({ url: '/themen' });
  await t.db.ownerTransaction((tx) =>
    tx.query(sql`update offers set fee_cents = fee_cents + 100 where tenant_id = ${t.tenantId('detmold')} and service_key = '99008001012000'`),
  );
  await afterContentVersionTtl();
  const revalidated = await t.app.inject({ url: offerUrl, headers: { 'if-none-match': before.headers.etag as string } });
  assert.equal(revalidated.statusCode, 200);
  assert.notEqual(revalidated.headers.etag, before.headers.etag);
  assert.notEqual(revalidated.body, before.body, 'the new fee is on the page');
  assert.ok(Date.parse(revalidated.headers['last-modified'] as string) >= Date.parse(before.headers['last-modified'] as string));
  // Offers show on other public pages too (responsibility panels), so every validator changes.
  const topics = await t.app.inject({ url: '/themen', headers: { 'if-none-match': unrelated.headers.etag as string } });
  assert.equal(topics.statusCode, 200);

  // Deleting another municipality's offer (no updated_at left to compare) changes it as well.
  const current = await t.app.inject({ url: offerUrl });
  const deleted = await t.db.ownerTransaction((tx) =>
    tx.query(sql`
      delete from offers where (tenant_id, service_key) =
        (select tenant_id, service_key from offers where tenant_id = ${t.tenantId('lemgo')} order by service_key limit 1)
      returning 1`),
  );
  assert.equal(deleted.length, 1);
  await afterContentVersionTtl();
  const afterDelete = await t.app.inject({ url: offerUrl, headers: { 'if-none-match': current.headers.etag as string } });
  assert.equal(afterDelete.statusCode, 200);
});

test('nothing changed: the validator stays the same across requests (a proxy can keep the page)', async () => {
  const first = await t.app.inject({ url: '/gemeinden/detmold' });
  await afterContentVersionTtl();
  const second = await t.app.inject({ url: '/gemeinden/detmold' });
  assert.equal(first.headers.etag, second.headers.etag);
});
