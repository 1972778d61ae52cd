/** The example forms of test/fixtures/forms, validated, for the runtime tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateDefinition } from '../definition/validate-definition.ts';
import type { FormDefinition } from '../definition/types.ts';
import type { FileRef } from './answers.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

export function exampleForm(name: 'hundeanmeldung' | 'sperrmuell'): FormDefinition {
  const result = validateDefinition(JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'forms', `${name}.json`), 'utf8')));
  if (!result.ok) throw new Error(`${name}.json is not a valid form: ${JSON.stringify(result.problems)}`);
  return result.definition;
}

export const proofFile: FileRef = { id: 'upload-1', name: 'sachkunde.pdf', mediaType: 'application/pdf', size: 120_000 };
