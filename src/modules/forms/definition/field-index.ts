/**
 * Every field of a definition with where it sits: its step, the repeatable groups around it and its
 * JSON Pointer. Answers are addressed by field id alone, so the checks need this flat view.
 */
import { pointer } from './problems.ts';
import type { Field, FormDefinition } from './types.ts';

export type FieldEntry = {
  field: Field;
  path: string;
  stepIndex: number;
  /** Ids of the group fields around this field, outermost first. */
  groups: readonly string[];
};

export function indexFields(definition: FormDefinition): FieldEntry[] {
  const entries: FieldEntry[] = [];
  const walk = (fields: readonly Field[], path: string, stepIndex: number, groups: readonly string[]): void => {
    fields.forEach((field, index) => {
      const fieldPath = pointer(path, index);
      entries.push({ field, path: fieldPath, stepIndex, groups });
      if (field.type === 'group') walk(field.fields, pointer(fieldPath, 'fields'), stepIndex, [...groups, field.id]);
    });
  };
  definition.steps.forEach((step, stepIndex) => walk(step.fields, `/steps/${stepIndex}/fields`, stepIndex, []));
  return entries;
}

/** The first entry for each id (duplicates are reported separately). */
export function fieldsById(entries: readonly FieldEntry[]): Map<string, FieldEntry> {
  const map = new Map<string, FieldEntry>();
  for (const entry of entries) if (!map.has(entry.field.id)) map.set(entry.field.id, entry);
  return map;
}
