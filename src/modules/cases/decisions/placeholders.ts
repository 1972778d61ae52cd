/**
 * Placeholders in decision templates: `{name}`, `{aktenzeichen}`, `{antrag}`, `{eingangsdatum}`,
 * `{datum}`, `{behoerde}` and `{antwort:feldId}` for an answer of the application. Filled when a
 * caseworker starts a draft; the caseworker then reads and edits the text, so the template only
 * saves typing and never decides anything itself. A placeholder that cannot be filled stays in the
 * text, visibly, and the decision cannot be issued until it is gone (`leftoverPlaceholders`).
 */
import type { Field, FormDefinition } from '../../forms/definition/types.ts';
import type { Answers } from '../../forms/runtime/answers.ts';
import { displayLines } from '../../forms/runtime/display.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';

export const placeholderNames = ['name', 'aktenzeichen', 'antrag', 'eingangsdatum', 'datum', 'behoerde'] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

export type PlaceholderValues = Record<PlaceholderName, string>;

const placeholderPattern = /\{([a-z]+)(?::([A-Za-z0-9_.-]+))?\}/g;

/** Names in the template that are not placeholders (for the settings page: typos show at once). */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(placeholderPattern)) {
    const [whole, name, argument] = match;
    const known = name === 'antwort' ? argument !== undefined : (placeholderNames as readonly string[]).includes(name ?? '') && argument === undefined;
    if (!known) unknown.add(whole);
  }
  return [...unknown];
}

function topLevelField(definition: FormDefinition, id: string): Exclude<Field, { type: 'group' }> | undefined {
  for (const step of definition.steps) {
    const found = step.fields.find((field) => field.id === id);
    if (found && found.type !== 'group') return found;
  }
  return undefined;
}

/** The answer to field `id` as the citizen reads it back (option labels, German dates, one line). */
export function answerText(definition: FormDefinition, answers: Answers, id: string, locale: Locale): string | undefined {
  const field = topLevelField(definition, id);
  const value = answers[id];
  if (!field || value === undefined || field.type === 'file') return undefined;
  const lines = displayLines(field, value, locale).filter((line) => line.trim() !== '');
  return lines.length > 0 ? lines.join(', ') : undefined;
}

/** The template with every placeholder it can fill filled; the others stay as they are. */
export function fillTemplate(template: string, values: PlaceholderValues, answer: (id: string) => string | undefined): string {
  return template.replace(placeholderPattern, (whole, name: string, argument: string | undefined) => {
    if (name === 'antwort' && argument !== undefined) return answer(argument) ?? whole;
    if (argument === undefined && (placeholderNames as readonly string[]).includes(name)) return values[name as PlaceholderName];
    return whole;
  });
}

/** Placeholders still in a text (a template the case could not fill, or typed by hand). */
export function leftoverPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(placeholderPattern)].map((match) => match[0]))];
}
