import type { FormDefinition } from '../definition/types.ts';
import { validateDefinition } from '../definition/validate-definition.ts';
import { InvalidDefinitionError } from './errors.ts';

/** The validated definition, or an InvalidDefinitionError carrying the validator's problems. */
export function requireValidDefinition(json: unknown): FormDefinition {
  const result = validateDefinition(json);
  if (!result.ok) throw new InvalidDefinitionError(result.problems);
  return result.definition;
}
