/**
 * Finding a field by the input name an issue or a summary row carries: `email`,
 * `anschrift.postcode` (a part of an address), `hunde[1].rasse` (a field in the second item).
 * Field ids are unique across a form, so the last id in the name decides.
 */
import type { Field, FormDefinition, GroupField } from '../definition/types.ts';

export type Located = { field: Field; items: { group: GroupField; index: number }[] };

export function allFields(def: FormDefinition): Field[] {
  const out: Field[] = [];
  const walk = (fields: readonly Field[]): void => {
    for (const field of fields) {
      out.push(field);
      if (field.type === 'group') walk(field.fields);
    }
  };
  for (const step of def.steps) walk(step.fields);
  return out;
}

export function locate(def: FormDefinition, name: string): Located | undefined {
  const byId = new Map(allFields(def).map((field) => [field.id, field]));
  const items: Located['items'] = [];
  let found: Field | undefined;
  for (const segment of name.split('.')) {
    const match = /^([a-z][a-zA-Z0-9_]*)(?:\[(\d+)\])?$/.exec(segment);
    const field = match?.[1] === undefined ? undefined : byId.get(match[1]);
    if (!field) break; // an address part (`street`) or something unknown: keep the last field found
    found = field;
    if (field.type === 'group' && match?.[2] !== undefined) items.push({ group: field, index: Number(match[2]) });
  }
  return found && { field: found, items };
}
