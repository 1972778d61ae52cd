import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchCacheKey } from './search.ts';

test('spellings with the same plan share a key; other pages and queries do not', () => {
  assert.equal(searchCacheKey('Hund', { limit: 20, offset: 0 }), searchCacheKey('  hund ', { limit: 20, offset: 0 }));
  assert.notEqual(searchCacheKey('Hund', { limit: 20, offset: 0 }), searchCacheKey('Hund', { limit: 20, offset: 20 }));
  assert.notEqual(searchCacheKey('Hund'), searchCacheKey('Katze'));
});
