/**
 * Evaluates the conditions of fields and steps (types.ts `Condition`) against answers. For check
 * boxes an answer is a list: `equals` means "this option is ticked" and `in` "one of these is
 * ticked", as docs/forms/form-definition.md defines. An unanswered field equals nothing, so
 * `notEquals` (the negation of `equals`) holds for it.
 */
import type { Condition } from '../definition/types.ts';
import { isFilled } from './answers.ts';
import type { AnswerValue, Answers } from './answers.ts';

export function evaluateCondition(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((part) => evaluateCondition(part, answers));
  if ('any' in condition) return condition.any.some((part) => evaluateCondition(part, answers));
  if ('not' in condition) return !evaluateCondition(condition.not, answers);
  const value = answers[condition.field];
  if ('equals' in condition) return matches(value, condition.equals);
  if ('notEquals' in condition) return !matches(value, condition.notEquals);
  if ('in' in condition) return condition.in.some((expected) => matches(value, expected));
  return isFilled(value) === condition.filled;
}

function matches(value: AnswerValue | undefined, expected: string | number | boolean): boolean {
  if (Array.isArray(value)) return value.some((entry) => entry === expected);
  return value === expected;
}
