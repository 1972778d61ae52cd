import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Field, FormDefinition, Step } from '../definition/types.ts';
import { validateDefinition } from '../definition/validate-definition.ts';
import { diffVersions } from './diff-versions.ts';
import { fixture } from './test-support.ts';

type MutableStep = { -readonly [K in keyof Step]: Step[K] } & { fields: Field[] };

/** Hundeanmeldung with one change of every kind a reviewer should be told about. */
function modifiedHundeanmeldung(): FormDefinition {
  const d = fixture('hundeanmeldung') as FormDefinition & { steps: MutableStep[] };
  const steps = d.steps.map((s) => ({ ...s, fields: [...s.fields] })) as MutableStep[];
  const [antragsteller, wohnort, hunde, bezahlung] = steps as [MutableStep, MutableStep, MutableStep, MutableStep];
  // Step renamed (same id, new title); step removed (wohnort) with its field moved into step 1.
  antragsteller.title = { de: 'Über Sie', en: 'About you' };
  antragsteller.fields.push(...wohnort.fields);
  // Field removed, field added, label / required / type changed.
  antragsteller.fields = antragsteller.fields
    .filter((f) => f.id !== 'telefon')
    .map((f) => (f.id === 'vorname' ? { ...f, label: { de: 'Vorname(n)', en: 'First name(s)' } } : f))
    .map((f) => (f.id === 'email' ? { ...f, required: false } : f));
  antragsteller.fields.push({ id: 'mobil', type: 'phone', label: { de: 'Mobilnummer', en: 'Mobile number' } });
  bezahlung.fields = bezahlung.fields.map((f) => {
    if (f.id === 'kontoinhaber' && f.type === 'text') {
      const textarea: Field = { ...f, type: 'textarea' };
      delete (textarea as { autocomplete?: string }).autocomplete;
      return textarea;
    }
    if (f.id === 'zahlungsweise' && f.type === 'radios') {
      return { ...f, options: [...f.options, { value: 'bar', label: { de: 'Bar', en: 'Cash' } }] };
    }
    if (f.id === 'iban') return { ...f, condition: { field: 'zahlungsweise', in: ['lastschrift'] } };
    return f;
  });
  // A new step, a new rule, a new declaration text.
  const hinweise: MutableStep = { id: 'hinweise', title: { de: 'Hinweise', en: 'Notes' }, fields: [{ id: 'bemerkung', type: 'textarea', label: { de: 'Bemerkung', en: 'Remark' } }] };
  return {
    ...d,
    steps: [antragsteller, hunde, bezahlung, hinweise],
    rules: [{ id: 'kontakt', field: 'mobil', message: { de: 'E-Mail oder Mobilnummer angeben.', en: 'Give email or mobile.' }, check: { anyFilled: ['email', 'mobil'] } }],
    declaration: { ...d.declaration, text: { de: 'Meine Angaben sind richtig.', en: 'My information is correct.' } },
  };
}

test('diff between hundeanmeldung and a modified copy lists each meaningful change', () => {
  const before = fixture('hundeanmeldung');
  const after = modifiedHundeanmeldung();
  const valid = validateDefinition(after);
  assert.ok(valid.ok, JSON.stringify(valid.ok ? [] : valid.problems));
  const changes = diffVersions(before, after).map((c) => {
    switch (c.kind) {
      case 'field_changed': return `${c.kind} ${c.fieldId} ${c.aspect}`;
      case 'field_details_changed': return `${c.kind} ${c.fieldId} ${c.properties.join(',')}`;
      case 'field_added': case 'field_removed': return `${c.kind} ${c.fieldId} in ${c.stepId}`;
      case 'field_moved': return `${c.kind} ${c.fieldId} ${c.fromStepId}->${c.toStepId}`;
      case 'rule_added': case 'rule_removed': case 'rule_changed': return `${c.kind} ${c.ruleId}`;
      case 'title_changed': case 'declaration_changed': return c.kind;
      default: return `${c.kind} ${c.stepId}`;
    }
  });
  assert.deepEqual(changes, [
    'step_removed wohnort',
    'step_renamed antragsteller',
    'step_added hinweise',
    'field_removed telefon in antragsteller',
    'field_changed vorname label',
    'field_changed email required',
    'field_moved anschrift wohnort->antragsteller',
    'field_added mobil in antragsteller',
    'field_changed zahlungsweise options',
    'field_changed kontoinhaber type',
    'field_details_changed kontoinhaber autocomplete',
    'field_changed iban condition',
    'field_added bemerkung in hinweise',
    'rule_added kontakt',
    'declaration_changed',
  ]);
});

test('identical definitions have no changes; absent and false `required` are the same', () => {
  const a = fixture('sperrmuell');
  assert.deepEqual(diffVersions(a, fixture('sperrmuell')), []);
  const b = fixture('hundeanmeldung');
  const c = structuredClone(b) as unknown as { steps: { fields: Record<string, unknown>[] }[] };
  c.steps[0]!.fields[4]!.required = false;
  assert.deepEqual(diffVersions(b, c as unknown as FormDefinition), []);
});
