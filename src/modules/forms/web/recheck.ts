/**
 * The final check before a submission: every visible step is complete and passes `validateStep`
 * again, today (a date bound such as "at the earliest in 7 days" may no longer hold when a draft
 * was left for a while). Stored answers are turned back into input so that the very same
 * validation runs as on the step pages.
 */
import type { FormDefinition } from '../definition/types.ts';
import type { Answers } from '../runtime/answers.ts';
import { firstIncompleteStep, pruneAnswers, visibleSteps } from '../runtime/journey.ts';
import { validateStep } from '../runtime/validate-step.ts';
import { answersToRaw, storedFiles } from './raw-answers.ts';

export function recheckAnswers(def: FormDefinition, stored: Answers, today: string): { answers: Answers } | { stepId: string } {
  const answers = pruneAnswers(def, stored);
  const incomplete = firstIncompleteStep(def, answers);
  if (incomplete) return { stepId: incomplete };
  // File answers come back as attachment ids; the stored references resolve them.
  const files = storedFiles(answers);
  for (const step of visibleSteps(def, answers)) {
    const result = validateStep(def, step.id, answersToRaw(step.fields, answers), { today, answers, answersArePruned: true, files: (id) => files.get(id) });
    if (result.issues.length > 0) return { stepId: step.id };
  }
  return { answers };
}
