import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateDefinition } from './validate-definition.ts';
import { baseDefinition, brokenCases, field, step } from './validate-definition.cases.ts';
import { demoFormNames, demoFormPath, type DemoFormName } from '../runtime/test-fixtures.ts';

const example = (name: DemoFormName): unknown => JSON.parse(readFileSync(demoFormPath(name), 'utf8'));

test('the base definition of the cases is valid', () => {
  const result = validateDefinition(baseDefinition());
  assert.deepEqual(result.ok ? [] : result.problems, []);
});

for (const name of demoFormNames) {
  test(`the demo form ${name}.json is valid and comes back as the definition`, () => {
    const json = example(name);
    const result = validateDefinition(json);
    assert.deepEqual(result.ok ? [] : result.problems, []);
    assert.equal(result.ok && result.definition, json);
  });
}

for (const broken of brokenCases) {
  test(`rejects: ${broken.name} (${broken.code} at ${broken.path || '(root)'})`, () => {
    const result = validateDefinition(broken.change(baseDefinition()));
    assert.equal(result.ok, false, 'must be rejected');
    const problems = result.ok ? [] : result.problems;
    const match = problems.find((problem) => problem.code === broken.code && problem.path === broken.path);
    assert.ok(match, `expected ${broken.code} at ${broken.path}, got ${JSON.stringify(problems)}`);
    assert.ok(match.message.length > 0);
  });
}

test('structural problems are all reported at once, each at its place', () => {
  const doc = baseDefinition();
  doc.id = 'Bad Id';
  field(doc, 0, 0).label = { de: '', en: 'Name' };
  step(doc, 1).title = 'Schritt 2';
  const result = validateDefinition(doc);
  assert.equal(result.ok, false);
  assert.deepEqual(
    (result.ok ? [] : result.problems).map((p) => `${p.code} ${p.path}`).sort(),
    ['empty_text /steps/0/fields/0/label/de', 'invalid_id /id', 'type /steps/1/title'],
  );
});

test('meaning is checked only once the structure is sound', () => {
  const doc = baseDefinition();
  field(doc, 1, 0).id = 'name';
  doc.colour = 'blue';
  const result = validateDefinition(doc);
  assert.deepEqual(result.ok ? [] : result.problems.map((p) => p.code), ['unknown_property']);
});

test('accepts what the format allows at its edges', () => {
  const doc = baseDefinition();
  Object.assign(field(doc, 0, 3), { min: '2024-02-29', max: 'today-18y' });
  Object.assign(field(doc, 1, 0), { min: 'today-2w', max: 'today+6m' });
  field(doc, 0, 0).pattern = '[0-9]{5}';
  step(doc, 0).fields = [...(step(doc, 0).fields as []), { id: 'hinweisSeite', type: 'email', label: { de: 'E-Mail', en: 'Email' } }];
  doc.steps = [...(doc.steps as []), { id: 'info', title: { de: 'Hinweis', en: 'Note' }, fields: [] }];
  // a field in a group may refer to a sibling and to fields outside the group
  field(doc, 1, 2).condition = { field: 'anzahl', in: [1, 2] };
  const result = validateDefinition(doc);
  assert.deepEqual(result.ok ? [] : result.problems, []);
});

test('JSON Pointer tokens are escaped (RFC 6901)', () => {
  const doc = baseDefinition();
  doc['a/b~c'] = 1;
  const result = validateDefinition(doc);
  assert.deepEqual(result.ok ? [] : result.problems.map((p) => p.path), ['/a~1b~0c']);
});
