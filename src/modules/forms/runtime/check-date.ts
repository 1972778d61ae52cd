/**
 * Date answers against the field's bounds, resolved for the injected day of answering with
 * `resolveDateBound` from the definition module (the same arithmetic the definition validator
 * uses, so "today-18y" means the same thing everywhere). A bound of exactly `today` gets the
 * GOV.UK wording "must be today or in the past/future" instead of a date.
 */
import type { DateField } from '../definition/types.ts';
import type { AnswerValue } from './answers.ts';
import { parseDate, resolveBound } from './dates.ts';
import { issue, issueCodes as codes } from './issues.ts';
import type { FieldIssue } from './issues.ts';

export function checkDate(field: DateField, value: AnswerValue | undefined, name: string, today: string): FieldIssue[] {
  if (typeof value !== 'string' || parseDate(value) !== value) return [issue(name, codes.invalidDate)];
  const min = field.min === undefined ? undefined : resolveBound(field.min, today);
  const max = field.max === undefined ? undefined : resolveBound(field.max, today);
  if (min !== undefined && value < min) return [field.min === 'today' ? issue(name, codes.dateInPast) : issue(name, codes.dateBeforeMin, { min })];
  if (max !== undefined && value > max) return [field.max === 'today' ? issue(name, codes.dateInFuture) : issue(name, codes.dateAfterMax, { max })];
  return [];
}
