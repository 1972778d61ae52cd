/**
 * Which fields apply, given the answers. One walk used by the journey, validation, pruning and the
 * summary, so that all four agree. Fields are taken in order; a hidden field's answer leaves the
 * scope before later conditions are evaluated, so a stale answer cannot switch on another field.
 * Inside a repeatable group, a condition sees the same item's answers over the outer ones
 * ("a reference into a group means the same item", docs/forms/form-definition.md).
 */
import type { Field } from '../definition/types.ts';
import type { AnswerValue, Answers, GroupItem } from './answers.ts';
import { evaluateCondition } from './conditions.ts';

/** `scope` is what the field's conditions and rules see; fields share it until one is hidden: read it, never change it. */
export type VisibleField = { field: Field; value: AnswerValue | undefined; scope: Answers };

/** The visible fields among `fields`, with their values from `values`; `outer` is what lies around them. */
export function visibleFields(fields: readonly Field[], values: Answers, outer: Answers = {}): VisibleField[] {
  let scope: Answers = { ...outer, ...values };
  const visible: VisibleField[] = [];
  for (const field of fields) {
    if (field.condition && !evaluateCondition(field.condition, scope)) {
      // A new scope from here on; the fields before keep theirs (copying per hidden field, not per
      // field, keeps a recheck of the whole form linear: it runs on every "absenden").
      if (field.id in scope) {
        scope = { ...scope };
        delete scope[field.id];
      }
      continue;
    }
    visible.push({ field, value: values[field.id], scope });
  }
  return visible;
}

/** The items of a group answer (anything that is not a list of objects counts as none). */
export function groupItems(value: AnswerValue | undefined): GroupItem[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is GroupItem => typeof item === 'object' && item !== null && !Array.isArray(item) && !('street' in item) && !('mediaType' in item));
}

/** Keeps only the answers of visible fields, recursively inside group items. */
export function keepVisible(fields: readonly Field[], values: Answers, outer: Answers = {}): Answers {
  const kept: Answers = {};
  for (const { field, value, scope } of visibleFields(fields, values, outer)) {
    if (value === undefined) continue;
    kept[field.id] = field.type === 'group' ? groupItems(value).map((item) => keepVisible(field.fields, item, scope)) : value;
  }
  return kept;
}
