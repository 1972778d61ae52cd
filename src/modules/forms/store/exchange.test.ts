import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidDefinitionError } from './errors.ts';
import { exportDefinition, importDefinition } from './exchange.ts';
import { fixture } from './test-support.ts';

test('export and import round-trip a definition', () => {
  const hunde = fixture('hundeanmeldung');
  const text = exportDefinition(hunde);
  assert.ok(text.endsWith('}\n'));
  const back = importDefinition(text);
  assert.ok(back.ok);
  assert.deepEqual(back.definition, hunde);
});

test('import of broken JSON or an invalid definition gives the problems', () => {
  const syntax = importDefinition('{"formatVersion": 1,');
  assert.equal(syntax.ok, false);
  assert.deepEqual(!syntax.ok && syntax.problems.map((p) => [p.path, p.code]), [['', 'invalid_json']]);

  const invalid = importDefinition(JSON.stringify({ ...fixture('sperrmuell'), id: 'Kein Slug', steps: [] }));
  assert.equal(invalid.ok, false);
  const paths = !invalid.ok ? invalid.problems.map((p) => p.path) : [];
  assert.ok(paths.includes('/id'), paths.join(' '));
  assert.ok(paths.includes('/steps'), paths.join(' '));
  assert.ok(!invalid.ok && invalid.problems.every((p) => p.message.length > 0));
});

test('export refuses an invalid definition with a typed error', () => {
  const broken = { ...fixture('sperrmuell'), steps: [] };
  assert.throws(() => exportDefinition(broken), InvalidDefinitionError);
});
