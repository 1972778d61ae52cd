import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from './sql.ts';

test('values become numbered parameters, never text', () => {
  const name = "x'; drop table users; --";
  const query = sql`select * from users where email = ${name} and kind = ${'citizen'}`.toQuery();
  assert.equal(query.text, 'select * from users where email = $1 and kind = $2');
  assert.deepEqual(query.values, [name, 'citizen']);
});

test('fragments nest and joins number their values in order', () => {
  const where = sql`kind = ${'staff'}`;
  const query = sql`select ${sql.identifier('email')} from users where ${where} and id in (${sql.join([1, 2, 3])})`.toQuery();
  assert.equal(query.text, 'select "email" from users where kind = $1 and id in ($2, $3, $4)');
  assert.deepEqual(query.values, ['staff', 1, 2, 3]);
});

test('identifiers outside the safe pattern are refused', () => {
  assert.throws(() => sql.identifier('users; drop'), /safe SQL identifier/);
});
