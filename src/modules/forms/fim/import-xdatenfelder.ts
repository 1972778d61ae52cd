/**
 * Imports a FIM XDatenfelder file (2.0 or 3.0.0; messages 0102 Stammdatenschema, 0103
 * Datenfeldgruppe, 0104 Datenfeld) as a draft form definition with a report. A file that cannot
 * be read throws FimImportError with a specific code; anything readable is imported, and what
 * could not be carried over, the FIM quality findings and the texts still to translate are listed
 * in the report for the editor who reviews the draft. See docs/forms/fim-import.md.
 */
import { validateDefinition } from '../definition/validate-definition.ts';
import type { FormDefinition } from '../definition/types.ts';
import { FimImportError, fimErrorCodes } from './errors.ts';
import { MappingNotes } from './import-report.ts';
import type { ImportReport } from './import-report.ts';
import { mapDefinition } from './map-definition.ts';
import { checkQuality } from './quality-checks.ts';
import { readXdatenfelder } from './read-xdatenfelder.ts';
import { parseXml } from './xml-tree.ts';

export { FimImportError, fimErrorCodes } from './errors.ts';
export type { FimErrorCode } from './errors.ts';
export type { ImportReport } from './import-report.ts';

export type FimImportResult = { definition: FormDefinition; report: ImportReport };

export function importXDatenfelder(xml: string): FimImportResult {
  const document = readXdatenfelder(parseXml(xml));
  const quality = checkQuality(document);
  const notes = new MappingNotes();
  const definition = mapDefinition(document, notes);

  const validation = validateDefinition(definition);
  if (!validation.ok) {
    const problems = validation.problems.map((problem) => `${problem.path}: ${problem.code} ${problem.message}`).join('; ');
    throw new FimImportError(fimErrorCodes.invalidResult, `The imported definition is not valid (${problems})`);
  }
  return {
    definition: validation.definition,
    report: {
      standard: document.standard === 2 ? 'XDatenfelder 2.0' : 'XDatenfelder 3.0.0',
      message: document.message,
      unmapped: notes.unmapped,
      quality,
      untranslated: untranslatedTexts(definition),
      generated: notes.generated,
    },
  };
}

/** JSON Pointers of every Localized whose English merely repeats the German. */
function untranslatedTexts(definition: FormDefinition): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${path}/${index}`));
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 2 && typeof record.de === 'string' && record.de === record.en) {
        found.push(path);
        return;
      }
      for (const key of keys) walk(record[key], `${path}/${key}`);
    }
  };
  walk(definition, '');
  return found;
}
