/**
 * Whether a stored step is complete: every visible required field answered, groups with enough
 * items and each item complete. Validity of the values themselves was established when the step
 * was stored (validate-step.ts) and is checked again on submit; this only decides navigation, so it
 * needs no `today` (a relative date bound can change overnight, a missing answer cannot).
 */
import type { Field, Step } from '../definition/types.ts';
import { isFilled } from './answers.ts';
import type { AnswerValue, Answers } from './answers.ts';
import { groupItems, visibleFields } from './visibility.ts';

export function isStepComplete(step: Step, answers: Answers, before: Answers): boolean {
  return fieldsComplete(step.fields, answers, before);
}

function fieldsComplete(fields: readonly Field[], values: Answers, outer: Answers): boolean {
  return visibleFields(fields, values, outer).every(({ field, value, scope }) => fieldComplete(field, value, scope));
}

function fieldComplete(field: Field, value: AnswerValue | undefined, scope: Answers): boolean {
  if (field.type === 'group') {
    const items = groupItems(value);
    const needed = Math.max(field.minItems ?? 0, field.required ? 1 : 0);
    return items.length >= needed && items.every((item) => fieldsComplete(field.fields, item, scope));
  }
  if (field.type === 'checkboxes' && Array.isArray(value) && value.length < (field.minSelected ?? 0)) return false;
  return !field.required || isFilled(value);
}
