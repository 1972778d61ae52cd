import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatementNames } from './postgres-driver.ts';

test('a statement gets a name from its third use on, the same name for the same text', () => {
  const names = new StatementNames();
  const text = 'select 1 from tenants where id = $1';
  assert.equal(names.nameOf(text), undefined);
  assert.equal(names.nameOf(text), undefined);
  const name = names.nameOf(text);
  assert.match(name ?? '', /^kp_[0-9a-f]{24}$/);
  assert.equal(names.nameOf(text), name);
});

test('long texts and texts past the limit stay unnamed', () => {
  const names = new StatementNames(2, 50);
  const long = `select ${'1, '.repeat(40)}1`;
  for (let i = 0; i < 5; i++) assert.equal(names.nameOf(long), undefined);
  for (const text of ['select 1', 'select 2', 'select 3']) for (let i = 0; i < 3; i++) names.nameOf(text);
  assert.ok(names.nameOf('select 1'));
  assert.ok(names.nameOf('select 2'));
  assert.equal(names.nameOf('select 3'), undefined);
});
