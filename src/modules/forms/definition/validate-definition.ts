/**
 * Validates an unknown JSON value as a form definition (format version 1, see types.ts and
 * docs/forms/form-definition.schema.json). First the structure, then, on a structurally sound
 * document only, the meaning: unique ids, references, ranges, patterns.
 */
import { checkField, checkServiceKeys, checkUniqueIds } from './check-fields.ts';
import { checkReferences } from './check-references.ts';
import { checkDefinitionStructure } from './check-structure.ts';
import { fieldsById, indexFields } from './field-index.ts';
import { ProblemList } from './problems.ts';
import type { Problem } from './problems.ts';
import type { FormDefinition } from './types.ts';

export type { Problem, ProblemCode } from './problems.ts';

export type ValidationResult = { ok: true; definition: FormDefinition } | { ok: false; problems: Problem[] };

export function validateDefinition(json: unknown): ValidationResult {
  const problems = new ProblemList();
  checkDefinitionStructure(json, '', problems);
  if (problems.size > 0) return { ok: false, problems: problems.items };

  // The structural check has established every property the types promise.
  const definition = json as FormDefinition;
  const fields = indexFields(definition);
  checkUniqueIds(definition, fields, problems);
  checkServiceKeys(definition, problems);
  for (const entry of fields) checkField(entry, problems);
  checkReferences(definition, fields, fieldsById(fields), problems);

  return problems.size > 0 ? { ok: false, problems: problems.items } : { ok: true, definition };
}
