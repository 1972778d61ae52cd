import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../../platform/db/database.ts';
import { noScope } from '../../../platform/db/database.ts';
import { openTestDatabase, repositoryRoot } from '../../../platform/testing/test-database.ts';
import { findServiceByKey, importCatalog } from '../index.ts';
import { searchServices } from './search.ts';

/**
 * The relevance test set (test/relevance/catalog-queries.json): real queries — official names,
 * colloquial words, typos, compounds, umlaut spellings, half-typed words — each with the service a
 * citizen obviously wants. The set was written from the catalog data before the ranking was
 * tuned; the ranking must meet it, not the other way round.
 */
type Expectation = { query: string; key: string; name: string; kind: string };

const setFile = path.join(repositoryRoot, 'test', 'relevance', 'catalog-queries.json');
const expectations = (JSON.parse(fs.readFileSync(setFile, 'utf8')) as { queries: Expectation[] }).queries;

let db: Database;

before(async () => {
  db = await openTestDatabase();
  await importCatalog(db);
});
after(async () => {
  await db.close();
});

test('the set has at least 60 queries, each naming a current service of the catalog', async () => {
  assert.ok(expectations.length >= 60, `only ${expectations.length} queries`);
  assert.equal(new Set(expectations.map((e) => e.query)).size, expectations.length, 'a query repeats');
  await db.transaction(noScope, async (tx) => {
    for (const expectation of expectations) {
      const service = await findServiceByKey(tx, expectation.key);
      assert.ok(service, `${expectation.query}: no service ${expectation.key}`);
      assert.equal(service.name, expectation.name, `${expectation.query}: ${expectation.key} is now called "${service.name}"`);
      assert.equal(service.retiredAt, null, `${expectation.query}: ${expectation.key} is retired`);
    }
  });
});

test('at least 95% of the queries find the expected service first, all of them in the top 5', async () => {
  const misses: string[] = [];
  let first = 0;
  let topFive = 0;
  for (const expectation of expectations) {
    const { hits } = await db.transaction(noScope, (tx) => searchServices(tx, expectation.query, { limit: 5 }));
    const rank = hits.findIndex((hit) => hit.key === expectation.key);
    if (rank === 0) first++;
    if (rank >= 0) topFive++;
    if (rank !== 0) {
      const found = hits.map((hit, index) => `${index + 1}. ${hit.name}`).join('; ');
      misses.push(`"${expectation.query}" (${expectation.kind}): expected "${expectation.name}" ${rank < 0 ? 'not in the top 5' : `at ${rank + 1}`} — ${found}`);
    }
  }
  const total = expectations.length;
  // Shown with every run: the numbers to watch when the ranking or the catalog changes.
  console.log(`relevance on ${db.kind}: first ${first}/${total} (${((100 * first) / total).toFixed(1)}%), top 5 ${topFive}/${total}${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`);
  assert.ok(first / total >= 0.95, `only ${first} of ${total} first:\n${misses.join('\n')}`);
  assert.equal(topFive, total, `not in the top 5:\n${misses.filter((miss) => miss.includes('not in the top 5')).join('\n')}`);
});
