/**
 * Navigation through a form, as pure functions of the definition and the answers (GOV.UK
 * forms-runner style): which steps apply, where "Weiter" and "Zurück" lead, which step may be
 * opened, and which answers must be dropped because their question no longer applies.
 *
 * A step's condition refers only to earlier steps, so the steps are walked in order and each
 * condition sees only the answers of visible fields on visible earlier steps.
 */
import type { FormDefinition, Step } from '../definition/types.ts';
import type { Answers } from './answers.ts';
import { evaluateCondition } from './conditions.ts';
import { isStepComplete } from './completeness.ts';
import { keepVisible } from './visibility.ts';

type Walked = { step: Step; index: number; before: Answers };

/** The visible steps in order, each with the pruned answers of the visible steps before it. */
function walk(def: FormDefinition, answers: Answers): { visible: Walked[]; kept: Answers } {
  let kept: Answers = {};
  const visible: Walked[] = [];
  def.steps.forEach((step, index) => {
    if (step.condition && !evaluateCondition(step.condition, kept)) return;
    visible.push({ step, index, before: kept });
    kept = { ...kept, ...keepVisible(step.fields, pick(step, answers), kept) };
  });
  return { visible, kept };
}

/** The answers of this step's own (top-level) fields. */
function pick(step: Step, answers: Answers): Answers {
  const picked: Answers = {};
  for (const field of step.fields) {
    const value = answers[field.id];
    if (value !== undefined) picked[field.id] = value;
  }
  return picked;
}

export function visibleSteps(def: FormDefinition, answers: Answers): Step[] {
  return walk(def, answers).visible.map((entry) => entry.step);
}

/** The step after `currentStepId`; `undefined` means: on to "check your answers". */
export function nextStep(def: FormDefinition, answers: Answers, currentStepId: string): string | undefined {
  const current = def.steps.findIndex((step) => step.id === currentStepId);
  return walk(def, answers).visible.find((entry) => entry.index > current)?.step.id;
}

/** The step before `currentStepId`; `undefined` on the first step (back to the start page). */
export function previousStep(def: FormDefinition, answers: Answers, currentStepId: string): string | undefined {
  const current = def.steps.findIndex((step) => step.id === currentStepId);
  return walk(def, answers).visible.findLast((entry) => entry.index < current)?.step.id;
}

/** The first visible step with a required answer missing; `undefined` when all are complete. */
export function firstIncompleteStep(def: FormDefinition, answers: Answers): string | undefined {
  return walk(def, answers).visible.find((entry) => !isStepComplete(entry.step, pick(entry.step, answers), entry.before))?.step.id;
}

/** A step may be opened when it applies and every visible step before it is complete (no skipping ahead by URL). */
export function canVisit(def: FormDefinition, answers: Answers, stepId: string): boolean {
  const { visible } = walk(def, answers);
  const position = visible.findIndex((entry) => entry.step.id === stepId);
  if (position < 0) return false;
  return visible.slice(0, position).every((entry) => isStepComplete(entry.step, pick(entry.step, answers), entry.before));
}

/**
 * Only the answers of fields that apply: drops answers of skipped steps, of fields hidden by their
 * condition (also inside group items) and of ids the form does not have. Data minimisation,
 * Art. 5 (1) c DSGVO: what the form does not need is not kept or sent.
 */
export function pruneAnswers(def: FormDefinition, answers: Answers): Answers {
  return walk(def, answers).kept;
}

/** Stores a validated step: its old answers are replaced as a whole, then everything is pruned again. */
export function withStepAnswers(def: FormDefinition, answers: Answers, stepId: string, stepAnswers: Answers): Answers {
  const step = def.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`unknown step: ${stepId}`);
  const merged: Answers = { ...answers };
  for (const field of step.fields) delete merged[field.id];
  return pruneAnswers(def, { ...merged, ...stepAnswers });
}
