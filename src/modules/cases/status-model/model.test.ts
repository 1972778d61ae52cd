import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allows, defaultStatusModel, parsePositionValue, positionFor, positionValue, stepKey, targetsFrom, type CasePosition, type StatusModel } from './model.ts';
import { caseStatuses, openStatuses, type CaseStatus } from '../workflow.ts';

const values = (model: StatusModel, from: CasePosition) => targetsFrom(model, from).map(positionValue);
const at = (status: CaseStatus, step: string | null = null): CasePosition => ({ status, step });

const steps = (...labels: string[]) => labels.map((label) => ({ key: label.toLowerCase(), labelDe: label, labelEn: null, shownToApplicant: true }));
const threeSteps: StatusModel = { ...defaultStatusModel, version: 1, steps: steps('Pruefen', 'Ortstermin', 'Abschluss') };

test('the default model keeps the procedure of §§ 9 ff. VwVfG: examine, query, decide, close; withdraw until decided', () => {
  assert.deepEqual(values(defaultStatusModel, at('eingegangen')), ['in_pruefung', 'rueckfrage', 'zurueckgezogen']);
  assert.deepEqual(values(defaultStatusModel, at('in_pruefung')), ['rueckfrage', 'entschieden', 'zurueckgezogen']);
  assert.deepEqual(values(defaultStatusModel, at('rueckfrage')), ['in_pruefung', 'zurueckgezogen']);
  assert.deepEqual(values(defaultStatusModel, at('entschieden')), ['abgeschlossen']);
  assert.deepEqual(values(defaultStatusModel, at('zurueckgezogen')), ['abgeschlossen']);
  assert.deepEqual(values(defaultStatusModel, at('abgeschlossen')), []);
  assert.deepEqual(values(defaultStatusModel, at('abgegeben')), []);
});

test('steps in order: one forward or back to any passed step; the decision only after the last step', () => {
  assert.deepEqual(values(threeSteps, at('eingegangen')), ['in_pruefung:pruefen', 'rueckfrage', 'zurueckgezogen']);
  assert.deepEqual(values(threeSteps, at('in_pruefung', 'pruefen')), ['in_pruefung:ortstermin', 'rueckfrage', 'zurueckgezogen']);
  assert.deepEqual(values(threeSteps, at('in_pruefung', 'ortstermin')), ['in_pruefung:abschluss', 'in_pruefung:pruefen', 'rueckfrage', 'zurueckgezogen']);
  assert.deepEqual(values(threeSteps, at('in_pruefung', 'abschluss')), ['in_pruefung:pruefen', 'in_pruefung:ortstermin', 'rueckfrage', 'entschieden', 'zurueckgezogen']);
  assert.equal(allows(threeSteps, at('in_pruefung', 'pruefen'), at('in_pruefung', 'abschluss')), false, 'no skipping ahead');
  assert.equal(positionFor(threeSteps, at('in_pruefung', 'ortstermin'), 'entschieden'), undefined);
  assert.deepEqual(positionFor(threeSteps, at('in_pruefung', 'abschluss'), 'entschieden'), at('entschieden', 'abschluss'));
});

test('a query returns to the step it was asked in; asked right after receipt, it returns to the first step', () => {
  assert.deepEqual(values(threeSteps, at('rueckfrage', 'ortstermin')), ['in_pruefung:ortstermin', 'zurueckgezogen']);
  assert.deepEqual(values(threeSteps, at('rueckfrage')), ['in_pruefung:pruefen', 'zurueckgezogen']);
  assert.deepEqual(positionFor(threeSteps, at('rueckfrage', 'ortstermin'), 'in_pruefung'), at('in_pruefung', 'ortstermin'));
});

test('switches: no queries, a decision straight after receipt, steps in any order', () => {
  const noQueries = { ...threeSteps, queries: false };
  assert.equal(targetsFrom(noQueries, at('in_pruefung', 'pruefen')).some((target) => target.status === 'rueckfrage'), false);
  assert.equal(positionFor(noQueries, at('eingegangen'), 'rueckfrage'), undefined);
  const direct = { ...threeSteps, directDecision: true };
  assert.deepEqual(values(direct, at('eingegangen')), ['in_pruefung:pruefen', 'rueckfrage', 'entschieden', 'zurueckgezogen']);
  const free = { ...threeSteps, anyOrder: true };
  assert.deepEqual(values(free, at('in_pruefung', 'pruefen')), ['in_pruefung:ortstermin', 'in_pruefung:abschluss', 'rueckfrage', 'entschieden', 'zurueckgezogen']);
});

test('for every model and position: targets are allowed, closed cases stay closed, an open case can always be withdrawn', () => {
  const model = fc.record({
    labels: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 12 }),
    queries: fc.boolean(),
    directDecision: fc.boolean(),
    anyOrder: fc.boolean(),
  }).map(({ labels, ...rest }): StatusModel => ({ version: 1, steps: steps(...labels), ...rest }));
  fc.assert(fc.property(model, fc.constantFrom(...caseStatuses), fc.option(fc.stringMatching(/^[a-z]{1,8}$/)), (m, status, step) => {
    const from = at(status, step);
    const targets = targetsFrom(m, from);
    for (const target of targets) {
      assert.ok(allows(m, from, target));
      assert.notEqual(target.status, 'abgegeben', 'a transfer is never a plain status change');
      if (target.status === 'in_pruefung' && m.steps.length > 0) assert.ok(m.steps.some((s) => s.key === target.step), 'examination always lands on a step of the model');
    }
    if (openStatuses.includes(status)) assert.ok(targets.some((target) => target.status === 'zurueckgezogen'));
    if (status === 'abgeschlossen' || status === 'abgegeben') assert.equal(targets.length, 0);
    // Every step can be reached from receipt by moves the model allows.
    const seen = new Set<string>();
    const queue: CasePosition[] = [at('eingegangen')];
    while (queue.length > 0) {
      const next = queue.shift() as CasePosition;
      const value = positionValue(next);
      if (seen.has(value)) continue;
      seen.add(value);
      queue.push(...targetsFrom(m, next));
    }
    for (const s of m.steps) assert.ok(seen.has(`in_pruefung:${s.key}`));
    assert.ok(seen.has('entschieden') && seen.has('abgeschlossen'));
  }));
});

test('form values round-trip, and step keys are readable and unique', () => {
  assert.deepEqual(parsePositionValue(positionValue(at('in_pruefung', 'ortstermin'))), { status: 'in_pruefung', step: 'ortstermin' });
  assert.deepEqual(parsePositionValue('entschieden'), { status: 'entschieden', step: null });
  assert.equal(stepKey('Stellungnahme Fachämter & Straßenbau', new Set()), 'stellungnahme-fachaemter-strassenbau');
  assert.equal(stepKey('Ortstermin', new Set(['ortstermin'])), 'ortstermin-2');
  assert.equal(stepKey('???', new Set()), 'schritt');
});
