/** The demo forms of seeds/forms (also the examples of the format), validated, for the runtime tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateDefinition } from '../definition/validate-definition.ts';
import type { FormDefinition } from '../definition/types.ts';
import type { FileRef } from './answers.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** The file names (without `.json`) in seeds/forms; see seeds/forms/README.md. */
export const demoFormNames = ['hundeanmeldung', 'sperrmuell', 'gewerbeanmeldung', 'meldebescheinigung', 'bewohnerparkausweis'] as const;
export type DemoFormName = (typeof demoFormNames)[number];

export function demoFormPath(name: DemoFormName): string {
  return path.join(repoRoot, 'seeds', 'forms', `${name}.json`);
}

export function exampleForm(name: DemoFormName): FormDefinition {
  const result = validateDefinition(JSON.parse(readFileSync(demoFormPath(name), 'utf8')));
  if (!result.ok) throw new Error(`${name}.json is not a valid form: ${JSON.stringify(result.problems)}`);
  return result.definition;
}

export const proofFile: FileRef = { id: 'upload-1', name: 'sachkunde.pdf', mediaType: 'application/pdf', size: 120_000 };
