/**
 * One submitted step: parse every field, decide which apply (conditions may depend on answers of
 * this very step), validate the visible ones and the cross-field rules anchored on them. The
 * returned answers hold only this step's visible fields, so hidden answers are never stored
 * (Art. 5 (1) c DSGVO); store them with `withStepAnswers` from journey.ts.
 */
import type { Field, FormDefinition } from '../definition/types.ts';
import type { Answers } from './answers.ts';
import type { FieldIssue } from './issues.ts';
import { pruneAnswers } from './journey.ts';
import { parseField } from './parse-field.ts';
import type { ParseContext } from './parse-field.ts';
import type { RawInput } from './raw-input.ts';
import { checkRules } from './rules.ts';
import { validateField } from './validate-field.ts';
import type { ValidateContext } from './validate-field.ts';
import { groupItems, keepVisible, visibleFields } from './visibility.ts';

/** `answers`: all answers so far; `answersArePruned` when they come from `pruneAnswers` already (saves a walk of the form per step). */
export type StepOptions = ValidateContext & ParseContext & { answers?: Answers; answersArePruned?: boolean };
export type StepResult = { answers: Answers; issues: FieldIssue[] };

export function validateStep(def: FormDefinition, stepId: string, input: RawInput, options: StepOptions): StepResult {
  const step = def.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`unknown step: ${stepId}`);
  const before = options.answersArePruned ? { ...options.answers } : pruneAnswers(def, options.answers ?? {});
  for (const field of step.fields) delete before[field.id];

  const values: Answers = {};
  const parseIssues: FieldIssue[] = [];
  for (const field of step.fields) {
    const parsed = parseField(field, input, field.id, options);
    if (parsed.value !== undefined) values[field.id] = parsed.value;
    parseIssues.push(...parsed.issues);
  }
  const answers = keepVisible(step.fields, values, before);
  const shown = new Set<string>();
  collectPaths(step.fields, answers, before, '', shown);

  const checked = visibleFields(step.fields, answers, before).flatMap(({ field, value, scope }) => validateField(field, value, field.id, scope, options));
  const ruleIssues = checkRules(def.rules ?? [], step.fields, answers, before);

  // An unreadable answer's own message wins; the rest add only where that input has none yet.
  const issues = parseIssues.filter((found) => shown.has(found.field) || shown.has(found.field.replace(/\.(street|postcode|place)$/, '')));
  for (const found of [...checked, ...ruleIssues]) if (!issues.some((taken) => taken.field === found.field)) issues.push(found);
  return { answers, issues: sortByField(step.fields, issues) };
}

/** Input names of the visible fields (`hunde[0].rasse`), to drop parse issues of hidden ones. */
function collectPaths(fields: readonly Field[], values: Answers, outer: Answers, prefix: string, out: Set<string>): void {
  for (const { field, scope } of visibleFields(fields, values, outer)) {
    out.add(prefix + field.id);
    if (field.type !== 'group') continue;
    groupItems(values[field.id]).forEach((item, index) => collectPaths(field.fields, item, scope, `${prefix}${field.id}[${index}].`, out));
  }
}

/** The error summary lists problems in page order: by field, then by group item. */
function sortByField(fields: readonly Field[], issues: FieldIssue[]): FieldIssue[] {
  const key = (found: FieldIssue): [number, number] => {
    const id = /^[^.[]+/.exec(found.field)?.[0] ?? '';
    const item = /^[^.[]+\[(\d+)\]/.exec(found.field)?.[1];
    return [fields.findIndex((field) => field.id === id), item === undefined ? -1 : Number(item)];
  };
  return issues.map((found) => ({ found, key: key(found) })).sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1]).map((entry) => entry.found);
}
