/**
 * Cross-field rules (`rules` in the definition). A rule is checked when the step of its `field` is
 * submitted and reports at that field; its text is the rule's own `message`, so the issue carries
 * only the rule id. Comparisons with an unanswered side pass: a missing answer is the business of
 * `required`, not of the rule. Inside a group item a rule compares within that item.
 */
import type { CrossFieldRule, Field } from '../definition/types.ts';
import { isFilled } from './answers.ts';
import type { AnswerValue, Answers } from './answers.ts';
import { evaluateCondition } from './conditions.ts';
import { issue, issueCodes } from './issues.ts';
import type { FieldIssue } from './issues.ts';
import { groupItems, visibleFields } from './visibility.ts';

export function checkRules(rules: readonly CrossFieldRule[], fields: readonly Field[], values: Answers, outer: Answers, prefix = ''): FieldIssue[] {
  if (rules.length === 0) return [];
  const issues: FieldIssue[] = [];
  for (const { field, scope } of visibleFields(fields, values, outer)) {
    for (const rule of rules) {
      if (rule.field === field.id && !holds(rule, scope)) issues.push(issue(prefix + field.id, issueCodes.ruleFailed, { rule: rule.id }));
    }
    if (field.type === 'group') {
      groupItems(values[field.id]).forEach((item, index) => issues.push(...checkRules(rules, field.fields, item, scope, `${prefix}${field.id}[${index}].`)));
    }
  }
  return issues;
}

export function holds(rule: CrossFieldRule, scope: Answers): boolean {
  if (rule.when && !evaluateCondition(rule.when, scope)) return true;
  const check = rule.check;
  if ('anyFilled' in check) return check.anyFilled.some((id) => isFilled(scope[id]));
  const left = scope[check.field];
  if ('before' in check) return compare(left, scope[check.before], (a, b) => a < b);
  if ('after' in check) return compare(left, scope[check.after], (a, b) => a > b);
  if ('lessThan' in check) return compare(left, scope[check.lessThan], (a, b) => a < b);
  return compare(left, scope[check.greaterThan], (a, b) => a > b);
}

/** Numbers (number, money) compare as numbers, ISO dates as strings (which sort like dates). */
function compare(left: AnswerValue | undefined, right: AnswerValue | undefined, test: <T extends string | number>(a: T, b: T) => boolean): boolean {
  if (typeof left === 'number' && typeof right === 'number') return test(left, right);
  if (typeof left === 'string' && typeof right === 'string' && left !== '' && right !== '') return test(left, right);
  return true;
}
