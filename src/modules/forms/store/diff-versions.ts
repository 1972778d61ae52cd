/**
 * What changed between two versions of a form, in terms an editor or a reviewer cares about
 * ("field iban is no longer required"), not as a JSON patch. Steps, fields and rules are matched
 * by id: ids are what answers and rules refer to, so an id change is a removal plus an addition.
 * Pure function over two definitions; no database.
 */
import { canonicalJson } from '../../../platform/audit/audit-log.ts';
import { fieldsById, indexFields, type FieldEntry } from '../definition/field-index.ts';
import type { Field, FormDefinition, Step } from '../definition/types.ts';

export type FieldAspect = 'label' | 'type' | 'required' | 'options' | 'condition';

export type FormChange =
  | { kind: 'title_changed'; before: unknown; after: unknown }
  | { kind: 'step_added'; stepId: string }
  | { kind: 'step_removed'; stepId: string }
  /** Same step id, new title. */
  | { kind: 'step_renamed'; stepId: string; before: unknown; after: unknown }
  | { kind: 'step_condition_changed'; stepId: string; before: unknown; after: unknown }
  | { kind: 'field_added'; fieldId: string; stepId: string }
  | { kind: 'field_removed'; fieldId: string; stepId: string }
  | { kind: 'field_moved'; fieldId: string; fromStepId: string; toStepId: string }
  | { kind: 'field_changed'; fieldId: string; aspect: FieldAspect; before: unknown; after: unknown }
  /** Any other property of a field (help, bounds, pattern, …), by name. */
  | { kind: 'field_details_changed'; fieldId: string; properties: string[] }
  | { kind: 'rule_added'; ruleId: string }
  | { kind: 'rule_removed'; ruleId: string }
  | { kind: 'rule_changed'; ruleId: string }
  | { kind: 'declaration_changed'; before: unknown; after: unknown };

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

const aspects: readonly FieldAspect[] = ['label', 'type', 'required', 'options', 'condition'];

/** A field's own properties; a group's nested fields are compared as fields of their own. */
function ownProperties(field: Field): Record<string, unknown> {
  return Object.fromEntries(Object.entries(field).filter(([name]) => name !== 'fields'));
}

function aspectValue(field: Field, aspect: FieldAspect): unknown {
  // An absent `required` means not required: `false` and absent are the same to a citizen.
  if (aspect === 'required') return field.required === true;
  return (field as Record<string, unknown>)[aspect];
}

function stepIdOf(definition: FormDefinition, entry: FieldEntry): string {
  return definition.steps[entry.stepIndex]?.id ?? '';
}

function diffSteps(a: FormDefinition, b: FormDefinition): FormChange[] {
  const changes: FormChange[] = [];
  const before = new Map<string, Step>(a.steps.map((s) => [s.id, s]));
  const after = new Map<string, Step>(b.steps.map((s) => [s.id, s]));
  for (const step of a.steps) if (!after.has(step.id)) changes.push({ kind: 'step_removed', stepId: step.id });
  for (const step of b.steps) {
    const old = before.get(step.id);
    if (!old) {
      changes.push({ kind: 'step_added', stepId: step.id });
      continue;
    }
    if (!same(old.title, step.title)) changes.push({ kind: 'step_renamed', stepId: step.id, before: old.title, after: step.title });
    if (!same(old.condition, step.condition)) {
      changes.push({ kind: 'step_condition_changed', stepId: step.id, before: old.condition, after: step.condition });
    }
  }
  return changes;
}

function diffField(fieldId: string, old: Field, now: Field): FormChange[] {
  const changes: FormChange[] = [];
  for (const aspect of aspects) {
    const before = aspectValue(old, aspect);
    const after = aspectValue(now, aspect);
    if (!same(before, after)) changes.push({ kind: 'field_changed', fieldId, aspect, before, after });
  }
  const oldProps = ownProperties(old);
  const newProps = ownProperties(now);
  const others = [...new Set([...Object.keys(oldProps), ...Object.keys(newProps)])]
    .filter((name) => name !== 'id' && !(aspects as readonly string[]).includes(name))
    .filter((name) => !same(oldProps[name], newProps[name]))
    .sort();
  if (others.length > 0) changes.push({ kind: 'field_details_changed', fieldId, properties: others });
  return changes;
}

function diffFields(a: FormDefinition, b: FormDefinition): FormChange[] {
  const changes: FormChange[] = [];
  const beforeEntries = indexFields(a);
  const afterEntries = indexFields(b);
  const before = fieldsById(beforeEntries);
  const after = fieldsById(afterEntries);
  for (const entry of beforeEntries) {
    if (!after.has(entry.field.id)) changes.push({ kind: 'field_removed', fieldId: entry.field.id, stepId: stepIdOf(a, entry) });
  }
  for (const entry of afterEntries) {
    const id = entry.field.id;
    const old = before.get(id);
    if (!old) {
      changes.push({ kind: 'field_added', fieldId: id, stepId: stepIdOf(b, entry) });
      continue;
    }
    const fromStepId = stepIdOf(a, old);
    const toStepId = stepIdOf(b, entry);
    if (fromStepId !== toStepId) changes.push({ kind: 'field_moved', fieldId: id, fromStepId, toStepId });
    changes.push(...diffField(id, old.field, entry.field));
  }
  return changes;
}

function diffRules(a: FormDefinition, b: FormDefinition): FormChange[] {
  const changes: FormChange[] = [];
  const before = new Map((a.rules ?? []).map((r) => [r.id, r]));
  const after = new Map((b.rules ?? []).map((r) => [r.id, r]));
  for (const id of before.keys()) if (!after.has(id)) changes.push({ kind: 'rule_removed', ruleId: id });
  for (const [id, rule] of after) {
    const old = before.get(id);
    if (!old) changes.push({ kind: 'rule_added', ruleId: id });
    else if (!same(old, rule)) changes.push({ kind: 'rule_changed', ruleId: id });
  }
  return changes;
}

/** The changes from `a` (older) to `b` (newer): form, steps, fields, rules, declaration, in that order. */
export function diffVersions(a: FormDefinition, b: FormDefinition): FormChange[] {
  const changes: FormChange[] = [];
  if (!same(a.title, b.title)) changes.push({ kind: 'title_changed', before: a.title, after: b.title });
  changes.push(...diffSteps(a, b), ...diffFields(a, b), ...diffRules(a, b));
  if (!same(a.declaration, b.declaration)) changes.push({ kind: 'declaration_changed', before: a.declaration, after: b.declaration });
  return changes;
}
