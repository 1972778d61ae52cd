import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpiringCache } from './expiring-cache.ts';

test('a repeated lookup is answered from the cache until its entry expires', async () => {
  let now = 0;
  let loads = 0;
  const cache = new ExpiringCache<number>({ ttlMs: 1000, now: () => now });
  const load = async () => ++loads;
  assert.equal(await cache.get('hund', load), 1);
  now = 999;
  assert.equal(await cache.get('hund', load), 1);
  now = 1000;
  assert.equal(await cache.get('hund', load), 2);
});

test('concurrent misses share one lookup, and a failed lookup is not kept', async () => {
  const cache = new ExpiringCache<string>();
  let loads = 0;
  const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve(`r${++loads}`), 5));
  assert.deepEqual(await Promise.all([cache.get('a', slow), cache.get('a', slow)]), ['r1', 'r1']);
  await assert.rejects(cache.get('b', () => Promise.reject(new Error('db away'))));
  assert.equal(await cache.get('b', async () => 'later'), 'later');
});

test('the cache holds at most its size, dropping the oldest entry not asked for since', async () => {
  const cache = new ExpiringCache<string>({ maxEntries: 2 });
  await cache.get('a', async () => 'a1');
  await cache.get('b', async () => 'b1');
  await cache.get('a', async () => 'a2');
  await cache.get('c', async () => 'c1');
  assert.equal(cache.size, 2);
  assert.equal(await cache.get('a', async () => 'a3'), 'a1');
  assert.equal(await cache.get('b', async () => 'b2'), 'b2');
});

test('with a spread, each entry expires up to that share of its lifetime earlier, so entries filled together do not all expire together', async () => {
  let now = 0;
  const draws = [0, 0.5];
  const cache = new ExpiringCache<string>({ ttlMs: 1000, spread: 0.2, now: () => now, random: () => draws.shift() ?? 0 });
  await cache.get('first', async () => 'first 1');
  await cache.get('second', async () => 'second 1');
  now = 899;
  assert.equal(await cache.get('second', async () => 'second 2'), 'second 1', 'kept until 1,000 × (1 − 0.2 × 0.5) ms');
  now = 900;
  assert.equal(await cache.get('second', async () => 'second 2'), 'second 2', 'expired after 900 ms');
  assert.equal(await cache.get('first', async () => 'first 2'), 'first 1', 'the other entry drew no spread: kept the whole 1,000 ms');
  now = 1000;
  assert.equal(await cache.get('first', async () => 'first 2'), 'first 2');
});

test('a full cache drops the oldest entry not asked for since, and never the entry it just filled', async () => {
  const cache = new ExpiringCache<string>({ maxEntries: 2 });
  await cache.get('a', async () => 'a1');
  await cache.get('b', async () => 'b1');
  await cache.get('a', async () => 'a2');
  await cache.get('b', async () => 'b2');
  // Both were asked for again: each gets its second chance, then the older one (a) goes, not c.
  assert.equal(await cache.get('c', async () => 'c1'), 'c1');
  assert.equal(cache.size, 2);
  assert.equal(await cache.get('c', async () => 'c2'), 'c1', 'the entry just filled stays');
  assert.equal(await cache.get('b', async () => 'b3'), 'b1');
  assert.equal(await cache.get('a', async () => 'a3'), 'a3', 'a was dropped');
});
