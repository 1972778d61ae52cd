import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FormDefinition } from '../definition/types.ts';
import type { Answers } from './answers.ts';
import { evaluateCondition } from './conditions.ts';
import { canVisit, firstIncompleteStep, nextStep, previousStep, pruneAnswers, visibleSteps, withStepAnswers } from './journey.ts';
import { exampleForm, proofFile } from './test-fixtures.ts';

const label = { de: 'x', en: 'x' };
/** A form with a skippable step: "kinder" only when hasKids, "schule" only for school-age kids. */
const form: FormDefinition = {
  formatVersion: 1,
  id: 'test-form',
  title: label,
  declaration: { text: label, confirmLabel: label },
  steps: [
    { id: 'start', title: label, fields: [{ id: 'hasKids', type: 'yesno', label, required: true }] },
    { id: 'kinder', title: label, condition: { field: 'hasKids', equals: true }, fields: [{ id: 'anzahl', type: 'number', label, required: true, integer: true }] },
    { id: 'schule', title: label, condition: { field: 'anzahl', filled: true }, fields: [{ id: 'schulart', type: 'radios', label, options: [{ value: 'gs', label }] }] },
    { id: 'kontakt', title: label, fields: [{ id: 'email', type: 'email', label, required: true }] },
  ],
};

// [answers, the visible steps]; forwards and backwards through them must agree.
const journeys: [Answers, string[]][] = [
  [{}, ['start', 'kontakt']],
  [{ hasKids: false }, ['start', 'kontakt']],
  [{ hasKids: true }, ['start', 'kinder', 'kontakt']],
  [{ hasKids: true, anzahl: 2 }, ['start', 'kinder', 'schule', 'kontakt']],
  // A stale answer of a skipped step must not switch on a later step.
  [{ hasKids: false, anzahl: 2 }, ['start', 'kontakt']],
];

for (const [answers, expected] of journeys) {
  test(`journey ${JSON.stringify(answers)} → ${expected.join(' → ')}`, () => {
    assert.deepEqual(visibleSteps(form, answers).map((step) => step.id), expected);
    const forwards = [expected[0] ?? ''];
    for (let next = nextStep(form, answers, forwards[0] ?? ''); next; next = nextStep(form, answers, forwards.at(-1) ?? '')) forwards.push(next);
    assert.deepEqual(forwards, expected);
    const backwards = [expected.at(-1) ?? ''];
    for (let prev = previousStep(form, answers, backwards[0] ?? ''); prev; prev = previousStep(form, answers, backwards.at(-1) ?? '')) backwards.push(prev);
    assert.deepEqual(backwards, [...expected].reverse());
  });
}

test('next and previous from a step that is skipped continue in definition order', () => {
  assert.equal(nextStep(form, { hasKids: false }, 'kinder'), 'kontakt');
  assert.equal(previousStep(form, { hasKids: false }, 'kinder'), 'start');
  assert.equal(previousStep(form, {}, 'start'), undefined);
  assert.equal(nextStep(form, { hasKids: false, email: 'a@b.de' }, 'kontakt'), undefined);
});

const visits: [Answers, string, boolean][] = [
  [{}, 'start', true],
  [{}, 'kontakt', false],
  [{ hasKids: false }, 'kontakt', true],
  [{ hasKids: true }, 'kontakt', false],
  [{ hasKids: true, anzahl: 1 }, 'kontakt', true],
  [{ hasKids: false }, 'kinder', false],
];
for (const [answers, stepId, expected] of visits) {
  test(`canVisit ${stepId} with ${JSON.stringify(answers)} is ${expected}`, () => assert.equal(canVisit(form, answers, stepId), expected));
}

test('firstIncompleteStep finds the first visible step with a required answer missing', () => {
  assert.equal(firstIncompleteStep(form, {}), 'start');
  assert.equal(firstIncompleteStep(form, { hasKids: true }), 'kinder');
  assert.equal(firstIncompleteStep(form, { hasKids: true, anzahl: 1 }), 'kontakt');
  assert.equal(firstIncompleteStep(form, { hasKids: true, anzahl: 1, email: 'a@b.de' }), undefined);
});

test('pruneAnswers drops answers of skipped steps and unknown ids (Art. 5 (1) c DSGVO)', () => {
  assert.deepEqual(pruneAnswers(form, { hasKids: false, anzahl: 2, schulart: 'gs', email: 'a@b.de', foo: 'bar' }), { hasKids: false, email: 'a@b.de' });
  assert.deepEqual(pruneAnswers(form, { hasKids: true, anzahl: 2, schulart: 'gs' }), { hasKids: true, anzahl: 2, schulart: 'gs' });
});

test('pruneAnswers drops the proof upload inside a dog item once the dog is not dangerous', () => {
  const hunde = exampleForm('hundeanmeldung');
  const dog = { hundName: 'Bello', gefaehrlich: true, sachkundenachweis: [proofFile] };
  assert.deepEqual(pruneAnswers(hunde, { hunde: [dog] }), { hunde: [dog] });
  assert.deepEqual(pruneAnswers(hunde, { hunde: [{ ...dog, gefaehrlich: false }] }), { hunde: [{ hundName: 'Bello', gefaehrlich: false }] });
  const afterChange = withStepAnswers(hunde, { zahlungsweise: 'lastschrift', iban: 'DE89370400440532013000' }, 'bezahlung', { zahlungsweise: 'ueberweisung' });
  assert.deepEqual(afterChange, { zahlungsweise: 'ueberweisung' });
});

const conditions: [Parameters<typeof evaluateCondition>[0], Answers, boolean][] = [
  [{ field: 'a', equals: 'x' }, { a: 'x' }, true],
  [{ field: 'a', equals: 'x' }, {}, false],
  [{ field: 'a', equals: true }, { a: false }, false],
  [{ field: 'a', equals: 'x' }, { a: ['y', 'x'] }, true],
  [{ field: 'a', notEquals: 'x' }, { a: ['y'] }, true],
  [{ field: 'a', notEquals: 'x' }, {}, true],
  [{ field: 'a', in: [1, 2] }, { a: 2 }, true],
  [{ field: 'a', in: ['p', 'q'] }, { a: ['r'] }, false],
  [{ field: 'a', filled: true }, { a: '' }, false],
  [{ field: 'a', filled: false }, { a: [] }, true],
  [{ all: [{ field: 'a', equals: 1 }, { field: 'b', filled: true }] }, { a: 1 }, false],
  [{ any: [{ field: 'a', equals: 1 }, { field: 'b', filled: true }] }, { b: 'x' }, true],
  [{ not: { field: 'a', equals: 1 } }, { a: 1 }, false],
];
for (const [condition, answers, expected] of conditions) {
  test(`condition ${JSON.stringify(condition)} on ${JSON.stringify(answers)} is ${expected}`, () => assert.equal(evaluateCondition(condition, answers), expected));
}

test('a hidden answer cannot switch on a later field (conditions see pruned answers, field by field)', () => {
  const chain: FormDefinition = {
    ...form,
    steps: [{
      id: 'only', title: label,
      fields: [
        { id: 'a', type: 'yesno', label },
        { id: 'b', type: 'yesno', label, condition: { field: 'a', equals: true } },
        { id: 'c', type: 'text', label, condition: { field: 'b', equals: true } },
      ],
    }],
  };
  assert.deepEqual(pruneAnswers(chain, { a: false, b: true, c: 'x' }), { a: false });
  assert.deepEqual(pruneAnswers(chain, { a: true, b: true, c: 'x' }), { a: true, b: true, c: 'x' });
});
