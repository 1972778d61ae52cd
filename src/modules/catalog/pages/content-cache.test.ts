import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database, Queryable, Scope } from '../../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../../platform/db/sql.ts';
import { TestClient } from '../../../platform/testing/test-app.ts';
import { createOffersTestApp, type OffersTestApp } from '../../offers/test-support.ts';
import { ContentCache, sharedContentVersion } from '../../../platform/cache/content-cache.ts';
import { afterContentVersionTtl } from '../../../platform/testing/content-version.ts';

/** A database that answers content_version() with `version` and counts the transactions. */
function fakeDatabase(state: { version: string; fail?: boolean }) {
  const scopes: Scope[] = [];
  const counts = { transactions: 0, versionReads: 0 };
  const tx: Queryable = {
    async query<Row>(query: SqlFragment): Promise<Row[]> {
      if (JSON.stringify(query).includes('content_version()')) {
        counts.versionReads++;
        if (state.fail) throw new Error('db away');
        return [{ version: state.version, changed_at: new Date(0) }] as Row[];
      }
      return [] as Row[];
    },
  };
  const db = {
    kind: 'pglite',
    async transaction<T>(scope: Scope, work: (tx: Queryable) => Promise<T>): Promise<T> {
      counts.transactions++;
      scopes.push(scope);
      return work(tx);
    },
  } as unknown as Database;
  return { db, counts, scopes };
}

test('page data is read once per data version, in the anonymous scope, and read again when the version changes', async () => {
  let now = 0;
  const state = { version: '1' };
  const { db, counts, scopes } = fakeDatabase(state);
  const cache = new ContentCache(db, { versionTtlMs: 1000, ttlMs: 60_000, now: () => now });
  let loads = 0;
  const load = async () => ++loads;
  assert.equal(await cache.get('service|de||a', load), 1);
  assert.equal(await cache.get('service|de||a', load), 1);
  assert.equal(await cache.get('service|en||a', load), 2, 'another key is another entry');
  assert.equal(counts.versionReads, 1, 'the version is read once per second, not per request');
  assert.ok(scopes.every((scope) => scope.tenantId === null && scope.userId === null));

  state.version = '2';
  now = 999;
  assert.equal(await cache.get('service|de||a', load), 1, 'within the version TTL the entry stays');
  now = 1000;
  assert.equal(await cache.get('service|de||a', load), 3, 'a new version drops the entries');
  assert.equal(await cache.get('service|en||a', load), 4);
  assert.equal(counts.versionReads, 2);

  now = 2000;
  assert.equal(await cache.get('service|de||a', load), 3, 'the same version again keeps the entries');
  now = 70_000;
  assert.equal(await cache.get('service|de||a', load), 5, 'entries expire after ttlMs even without a change');
});

test('kept pages outlive a minute while the version stays, and expire spread out, not all at once', async () => {
  let now = 0;
  const { db } = fakeDatabase({ version: '1' });
  const draws = [0, 0.99];
  const cache = new ContentCache(db, { now: () => now, random: () => draws.shift() ?? 0 });
  let loads = 0;
  const load = async () => ++loads;
  assert.equal(await cache.get('service|de||a', load), 1);
  assert.equal(await cache.get('service|de||b', load), 2);
  now = 10 * 60_000;
  assert.equal(await cache.get('service|de||a', load), 1, 'ten minutes on, the same version: still kept');
  assert.equal(await cache.get('service|de||b', load), 2);
  now = 13 * 60_000;
  assert.equal(await cache.get('service|de||a', load), 1, 'the entry that drew no spread lives the whole 15 minutes');
  assert.equal(await cache.get('service|de||b', load), 3, 'the entry that drew the most spread went after about 12 minutes');
  now = 15 * 60_000;
  assert.equal(await cache.get('service|de||a', load), 4, 'after 15 minutes every entry is read again');
});

test('without a readable version nothing is reused', async () => {
  const state = { version: '1', fail: true };
  const { db } = fakeDatabase(state);
  const cache = new ContentCache(db);
  let loads = 0;
  const load = async () => ++loads;
  assert.equal(await cache.get('k', load), 1);
  assert.equal(await cache.get('k', load), 2);
  assert.equal(cache.size, 0);
  state.fail = false;
  assert.equal(await cache.get('k', load), 3);
  assert.equal(await cache.get('k', load), 3);
});

test('a failed load is not kept; remember() opens no transaction of its own', async () => {
  const { db, counts } = fakeDatabase({ version: '1' });
  const cache = new ContentCache(db);
  await assert.rejects(cache.get('k', () => Promise.reject(new Error('boom'))));
  assert.equal(await cache.get('k', async () => 'ok'), 'ok');
  const before = counts.transactions;
  assert.equal(await cache.remember('r', async () => 'computed'), 'computed');
  assert.equal(await cache.remember('r', async () => 'again'), 'computed');
  assert.equal(counts.transactions, before);
});

test("the page caches and the pages' validators of a process share one reading of the data version", async () => {
  // Readings of their own could let an ETag name a newer version than the body it goes with.
  const { db, counts } = fakeDatabase({ version: '7' });
  const service = new ContentCache(db);
  const offers = new ContentCache(db);
  assert.equal(await service.get('a', async () => 'service'), 'service');
  assert.equal(await offers.get('b', async () => 'offer'), 'offer');
  const reading = await sharedContentVersion(db)();
  assert.equal(reading.version, '7');
  assert.equal(counts.versionReads, 1, 'one reading for both caches and the validators');
  assert.equal(sharedContentVersion(db), sharedContentVersion(db));
});

let t: OffersTestApp;
before(async () => {
  t = await createOffersTestApp();
});
after(() => t.close());


async function detmoldClient(): Promise<TestClient> {
  const client = new TestClient(t.app);
  await client.get('/wohnort');
  assert.equal((await client.post('/wohnort', { ort: 'Detmold' })).statusCode, 303);
  return client;
}

test('a cached service page shows a changed, unpublished and republished offer once the data version moved', async () => {
  const [{ slug } = { slug: '' }] = await t.db.ownerTransaction((tx) => tx.query<{ slug: string }>(sql`select slug from services where key = '99008001012000'`));
  const url = `/leistungen/${slug}`;
  const client = await detmoldClient();
  const detmold = t.tenantId('detmold');
  const first = await client.get(url);
  assert.match(first.body, /Dienststelle: Bürgerbüro, Marktplatz 5, 32756 Detmold/);
  assert.equal((await client.get(url)).body, first.body, 'the same page again');

  await t.db.ownerTransaction((tx) => tx.query(sql`update offices set name = 'Servicezentrum' where tenant_id = ${detmold} and name = 'Bürgerbüro'`));
  await afterContentVersionTtl();
  const renamed = await client.get(url);
  assert.match(renamed.body, /Dienststelle: Servicezentrum, Marktplatz 5, 32756 Detmold/);

  await t.db.ownerTransaction((tx) => tx.query(sql`update offers set published = false where tenant_id = ${detmold} and service_key = '99008001012000'`));
  await afterContentVersionTtl();
  const unpublished = await client.get(url);
  assert.match(unpublished.body, /Stadt Detmold hat zu dieser Leistung noch keine Angaben im Portal/);
  assert.doesNotMatch(unpublished.body, /Servicezentrum/, 'RLS: an unpublished offer is not shown, cache or not');

  await t.db.ownerTransaction((tx) => tx.query(sql`update offers set published = true where tenant_id = ${detmold} and service_key = '99008001012000'`));
  await t.db.ownerTransaction((tx) => tx.query(sql`update offices set name = 'Bürgerbüro' where tenant_id = ${detmold} and name = 'Servicezentrum'`));
  await afterContentVersionTtl();
  assert.equal((await client.get(url)).body, first.body);
});

test('the cached parts do not leak between languages, places and the choose-place panel', async () => {
  const [{ slug } = { slug: '' }] = await t.db.ownerTransaction((tx) => tx.query<{ slug: string }>(sql`select slug from services where key = '99008001012000'`));
  const url = `/leistungen/${slug}`;
  const anonymous = await t.app.inject({ url });
  assert.match(anonymous.body, /Wählen Sie Ihren Wohnort/);
  assert.match(anonymous.body, new RegExp(`/wohnort\\?zurueck=${encodeURIComponent(url)}"`));
  const withQuery = await t.app.inject({ url: `${url}?quelle=suche` });
  assert.match(withQuery.body, new RegExp(`/wohnort\\?zurueck=${encodeURIComponent(`${url}?quelle=suche`)}"`), 'the back link follows the URL asked for');
  const detmold = await (await detmoldClient()).get(url);
  assert.match(detmold.body, /Für Einwohnerinnen und Einwohner von Detmold/);
  const english = await t.app.inject({ url, cookies: { kp_lang: 'en', kp_ort: 'detmold' } });
  assert.match(english.body, /For residents of Detmold the responsible authority is Stadt Detmold\./);
  const again = await t.app.inject({ url });
  assert.equal(again.body, anonymous.body);
});

test('the A–Z index, topics and a Lebenslage are served the same from the cache', async () => {
  for (const url of ['/leistungen/a-z', '/leistungen/a-z/p', '/themen']) {
    const first = await t.app.inject({ url });
    assert.equal(first.statusCode, 200);
    assert.equal((await t.app.inject({ url })).body, first.body, url);
  }
  const p = await t.app.inject({ url: '/leistungen/a-z/P' });
  assert.match(p.body, />Personalausweis[^<]*<\/a>/);
  assert.equal((await t.app.inject({ url: '/themen/gibt-es-nicht' })).statusCode, 404);
  assert.equal((await t.app.inject({ url: '/themen/gibt-es-nicht' })).statusCode, 404, 'a cached miss is still 404');
});
