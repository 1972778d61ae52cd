/**
 * Property (data minimisation, Art. 5 (1) c DSGVO): whatever answers a draft holds — stale ones
 * from a branch the citizen left, wrongly typed ones, ids the form does not have — after pruning
 * no answer remains for a field that does not apply: its step's condition and its own condition
 * hold on what is kept, inside group items too. Checked for every demo form with random answer
 * sets, directly (`pruneAnswers`) and after storing a step (`withStepAnswers`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Field, FormDefinition } from '../definition/types.ts';
import type { AnswerValue, Answers } from './answers.ts';
import { evaluateCondition } from './conditions.ts';
import { pruneAnswers, withStepAnswers } from './journey.ts';
import { demoFormNames, exampleForm, proofFile } from './test-fixtures.ts';

const numRuns = 300;

const isoDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const anyScalar: fc.Arbitrary<AnswerValue> = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());

/** A value for the field: mostly of its own kind (so conditions switch), sometimes of a wrong one. */
function answer(field: Field, depth = 0): fc.Arbitrary<AnswerValue> {
  const own = ((): fc.Arbitrary<AnswerValue> => {
    switch (field.type) {
      case 'select':
      case 'radios':
        return fc.constantFrom(...field.options.map((option) => option.value));
      case 'checkboxes':
        return fc.subarray(field.options.map((option) => option.value));
      case 'yesno':
        return fc.boolean();
      case 'number':
      case 'money':
        return fc.integer({ min: -5, max: 100 });
      case 'date':
        return isoDate;
      case 'address':
        return fc.record({ street: fc.string({ maxLength: 10 }), postcode: fc.stringMatching(/^\d{5}$/), place: fc.string({ maxLength: 10 }) });
      case 'file':
        return fc.constant([proofFile]);
      case 'group':
        return depth > 0 ? fc.constant([]) : fc.array(itemOf(field.fields, depth + 1), { maxLength: 3 });
      default:
        return fc.string({ maxLength: 12 });
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: own }, { weight: 1, arbitrary: anyScalar });
}

function itemOf(fields: readonly Field[], depth: number): fc.Arbitrary<Answers> {
  const entries = Object.fromEntries(fields.map((field) => [field.id, answer(field, depth)]));
  return fc.record(entries, { requiredKeys: [] }) as fc.Arbitrary<Answers>;
}

/** Any subset of the form's fields answered, plus ids the form does not have. */
function answersOf(def: FormDefinition): fc.Arbitrary<Answers> {
  const fields = def.steps.flatMap((step) => step.fields);
  return fc.tuple(itemOf(fields, 0), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).map((key) => `fremd_${key}`), anyScalar, { maxKeys: 2 })).map(([known, unknown]) => ({ ...unknown, ...known }));
}

/** Every kept answer belongs to a field that applies, judged on the kept answers alone. */
function assertMinimal(def: FormDefinition, kept: Answers): void {
  const known = new Set<string>();
  for (const step of def.steps) {
    const stepApplies = !step.condition || evaluateCondition(step.condition, kept);
    for (const field of step.fields) {
      known.add(field.id);
      if (!(field.id in kept)) continue;
      assert.ok(stepApplies, `${field.id} kept although step ${step.id} is skipped`);
      assert.ok(!field.condition || evaluateCondition(field.condition, kept), `${field.id} kept although its condition is false`);
      if (field.type !== 'group') continue;
      const items = kept[field.id];
      assert.ok(Array.isArray(items), `${field.id}: a list of items`);
      for (const item of items as Answers[]) {
        for (const id of Object.keys(item)) {
          const child = field.fields.find((candidate) => candidate.id === id);
          assert.ok(child, `${field.id}: unknown child ${id} kept`);
          assert.ok(!child.condition || evaluateCondition(child.condition, { ...kept, ...item }), `${field.id}.${id} kept although its condition is false`);
        }
      }
    }
  }
  for (const id of Object.keys(kept)) assert.ok(known.has(id), `unknown id ${id} kept`);
}

for (const name of demoFormNames) {
  const def = exampleForm(name);
  const groups = new Set(def.steps.flatMap((step) => step.fields).filter((field) => field.type === 'group').map((field) => field.id));

  test(`${name}: after pruning no answer of a field that does not apply remains, and pruning twice changes nothing`, () => {
    fc.assert(
      fc.property(answersOf(def), (answers) => {
        const kept = pruneAnswers(def, answers);
        assertMinimal(def, kept);
        assert.deepEqual(pruneAnswers(def, kept), kept);
        // Only removal: a kept answer is the answer as given (a group's items are pruned one by one).
        for (const [id, value] of Object.entries(kept)) if (!groups.has(id)) assert.deepEqual(value, answers[id]);
      }),
      { numRuns },
    );
  });

  test(`${name}: storing a step with new answers prunes what the change made obsolete`, () => {
    fc.assert(
      fc.property(answersOf(def), answersOf(def), fc.nat({ max: def.steps.length - 1 }), (stored, changed, index) => {
        const step = def.steps[index];
        assert.ok(step);
        const stepAnswers: Answers = {};
        for (const field of step.fields) if (changed[field.id] !== undefined) stepAnswers[field.id] = changed[field.id] as AnswerValue;
        assertMinimal(def, withStepAnswers(def, pruneAnswers(def, stored), step.id, stepAnswers));
      }),
      { numRuns },
    );
  });
}

test('the check itself catches answers that were not pruned', () => {
  const sperrmuell = exampleForm('sperrmuell');
  const stale: Answers = { gegenstaende: ['moebel'], sonstigesBeschreibung: 'Ein Klavier' };
  assert.throws(() => assertMinimal(sperrmuell, stale), /sonstigesBeschreibung kept although its condition is false/);
  assert.throws(() => assertMinimal(sperrmuell, { fremd: 'x' }), /unknown id fremd kept/);
  assertMinimal(sperrmuell, pruneAnswers(sperrmuell, stale));
  const gewerbe = exampleForm('gewerbeanmeldung');
  assert.throws(() => assertMinimal(gewerbe, { rechtsform: 'einzelunternehmen', vertreter: [] }), /vertreter kept although step weiterePersonen is skipped/);
});
