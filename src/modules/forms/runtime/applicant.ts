/**
 * Who applied, read from the answers by what the fields are (their HTML autocomplete purpose,
 * WCAG 1.3.5), not by their ids: the inbox shows and searches the applicant's name, and notices go
 * to the applicant's e-mail address. Only top-level fields count: a name inside a repeatable group
 * ("weitere Hunde", further legal representatives) is not the applicant's.
 */
import type { Field, FormDefinition } from '../definition/types.ts';
import type { AnswerValue, Answers } from './answers.ts';

export type Applicant = { name: string; email: string | null };

const text = (value: AnswerValue | undefined): string => (typeof value === 'string' ? value.trim() : '');

function topLevelFields(definition: FormDefinition): Field[] {
  return definition.steps.flatMap((step) => [...step.fields]);
}

export function applicantOf(definition: FormDefinition, answers: Answers): Applicant {
  const fields = topLevelFields(definition);
  const byPurpose = (purpose: string) =>
    fields.filter((field) => field.type === 'text' && field.autocomplete === purpose).map((field) => text(answers[field.id])).find((value) => value !== '') ?? '';
  const personal = [byPurpose('given-name'), byPurpose('family-name')].filter(Boolean).join(' ');
  const name = personal || byPurpose('name') || byPurpose('organization');
  const email = fields.filter((field) => field.type === 'email').map((field) => text(answers[field.id])).find((value) => value !== '') ?? null;
  return { name: name.slice(0, 300), email };
}
