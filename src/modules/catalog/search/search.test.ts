import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { noScope } from '../../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../../platform/db/sql.ts';
import { openTestDatabase } from '../../../platform/testing/test-database.ts';
import { importCatalog } from '../import-catalog.ts';
import { maxPageSize, searchServices, suggestServices } from './search.ts';

let db: Database;
before(async () => {
  db = await openTestDatabase();
  await importCatalog(db);
});
after(() => db.close());

const search = (query: string, options = {}) => db.transaction(noScope, (tx) => searchServices(tx, query, options));
const firstKey = async (query: string) => (await search(query, { limit: 1 })).hits[0]?.key;

test('a search is one SQL statement, run as the application role', async () => {
  const statements: string[] = [];
  await db.transaction(noScope, async (tx) => {
    const counting: Queryable = {
      query<Row>(fragment: SqlFragment) {
        statements.push(fragment.toQuery().text);
        return tx.query<Row>(fragment);
      },
    };
    const result = await searchServices(counting, 'Hund anmelden');
    assert.equal(result.hits[0]?.name, 'Hundehaltung Anmeldung');
  });
  assert.equal(statements.length, 1);
});

test('every spelling of umlauts and ß finds the same service first', async () => {
  const expected = await firstKey('Führerschein');
  assert.equal(expected, '99023001012000');
  for (const spelling of ['Fuehrerschein', 'Fuhrerschein', 'FÜHRERSCHEIN', 'führerschein ']) assert.equal(await firstKey(spelling), expected, spelling);
  for (const spelling of ['Reisepaß', 'Reisepass', 'REISEPASS']) assert.equal(await firstKey(spelling), '99085001012000', spelling);
});

test('retired services are never found', async () => {
  const key = await firstKey('Sperrmüll');
  assert.ok(key);
  await db.ownerTransaction((tx) => tx.query(sql`update services set retired_at = now() where key = ${key}`));
  try {
    const { hits } = await search('Sperrmüll', { limit: 50 });
    assert.ok(hits.length > 0);
    assert.ok(!hits.some((hit) => hit.key === key));
  } finally {
    await db.ownerTransaction((tx) => tx.query(sql`update services set retired_at = null where key = ${key}`));
  }
});

test('pages do not overlap, the page size is capped, and the total counts every hit', async () => {
  const first = await search('Genehmigung', { limit: 10 });
  const second = await search('Genehmigung', { limit: 10, offset: 10 });
  assert.equal(first.total, second.total);
  assert.ok(first.total > 20);
  assert.deepEqual(first.hits.filter((hit) => second.hits.some((other) => other.key === hit.key)), []);
  assert.ok(first.hits.every((hit, index) => index === 0 || (first.hits[index - 1]?.score ?? 0) >= hit.score));
  assert.equal((await search('Genehmigung', { limit: 10_000 })).hits.length, maxPageSize);
  const beyond = await search('Genehmigung', { offset: 10_000 });
  assert.deepEqual(beyond.hits, []);
  assert.equal(beyond.total, first.total);
});

test('nothing to search for, or nothing found, is an empty result', async () => {
  assert.deepEqual(await search(''), { total: 0, hits: [] });
  assert.deepEqual(await search('und oder'), { total: 0, hits: [] });
  assert.deepEqual(await search('xqzvbnmwrt'), { total: 0, hits: [] });
  // Characters with a meaning in tsquery or LIKE are only text here.
  for (const odd of ["a:* & !b | 'c'", '%_\\', '<->', 'ab) | (cd']) assert.equal((await search(odd)).total >= 0, true);
});

test('suggestions are the first eight hits as key, name and slug', async () => {
  const suggestions = await db.transaction(noScope, (tx) => suggestServices(tx, 'Gewerbe'));
  assert.equal(suggestions.length, 8);
  for (const suggestion of suggestions) assert.deepEqual(Object.keys(suggestion).sort(), ['key', 'name', 'slug']);
});
