/**
 * Definitions as JSON files: for exchange between portals, review in version control and the
 * FIM tooling. Both directions validate, so a file that leaves or enters the store is usable.
 */
import type { FormDefinition } from '../definition/types.ts';
import { validateDefinition } from '../definition/validate-definition.ts';
import type { DefinitionProblem } from './errors.ts';
import { InvalidDefinitionError } from './errors.ts';

export type ImportResult = { ok: true; definition: FormDefinition } | { ok: false; problems: DefinitionProblem[] };

/** Pretty-printed JSON (two spaces, trailing newline), the way the fixtures are kept. */
export function exportDefinition(definition: FormDefinition): string {
  const result = validateDefinition(definition);
  if (!result.ok) throw new InvalidDefinitionError(result.problems);
  return `${JSON.stringify(result.definition, null, 2)}\n`;
}

/** Parses and validates a JSON text; never throws, the problems say what to fix. */
export function importDefinition(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '', code: 'invalid_json', message: `is not valid JSON: ${detail}` }] };
  }
  const result = validateDefinition(json);
  return result.ok ? { ok: true, definition: result.definition } : { ok: false, problems: result.problems };
}
