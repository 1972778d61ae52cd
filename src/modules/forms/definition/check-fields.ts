/**
 * Checks of a structurally valid definition that JSON Schema cannot express: ids unique across the
 * whole form, option values unique, lower bounds not above upper bounds, patterns that compile.
 */
import { boundsConflict, parseDateBound } from './date-bounds.ts';
import type { FieldEntry } from './field-index.ts';
import { rangePairs } from './field-types.ts';
import { pointer, problemCodes as codes } from './problems.ts';
import type { ProblemList } from './problems.ts';
import type { Field, FormDefinition } from './types.ts';

export function checkUniqueIds(definition: FormDefinition, fields: readonly FieldEntry[], out: ProblemList): void {
  const seen = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, path);
    else out.add(pointer(path, 'id'), codes.duplicateId, `id "${id}" is already used at ${first}; ids must be unique across steps, fields and rules`);
  };
  definition.steps.forEach((step, index) => claim(step.id, `/steps/${index}`));
  for (const entry of fields) claim(entry.field.id, entry.path);
  definition.rules?.forEach((rule, index) => claim(rule.id, `/rules/${index}`));
}

export function checkServiceKeys(definition: FormDefinition, out: ProblemList): void {
  const seen = new Set<string>();
  definition.serviceKeys?.forEach((key, index) => {
    if (seen.has(key)) out.add(`/serviceKeys/${index}`, codes.duplicateValue, `service key ${key} is listed twice`);
    seen.add(key);
  });
}

export function checkField(entry: FieldEntry, out: ProblemList): void {
  const { field, path } = entry;
  checkRanges(field, path, out);
  if (field.type === 'select' || field.type === 'radios' || field.type === 'checkboxes') {
    const seen = new Set<string>();
    field.options.forEach((option, index) => {
      if (seen.has(option.value)) out.add(pointer(pointer(path, 'options'), index), codes.duplicateOption, `option value "${option.value}" is used twice`);
      seen.add(option.value);
    });
  }
  if (field.type === 'checkboxes') {
    for (const key of ['minSelected', 'maxSelected'] as const) {
      const count = field[key];
      if (count !== undefined && count > field.options.length) {
        out.add(pointer(path, key), codes.outOfRange, `${key} is ${count} but there are only ${field.options.length} options`);
      }
    }
  }
  if (field.type === 'text' && field.pattern !== undefined) checkPattern(field.pattern, pointer(path, 'pattern'), out);
  if (field.type === 'date' && field.min !== undefined && field.max !== undefined) {
    const min = parseDateBound(field.min);
    const max = parseDateBound(field.max);
    if (min && max && boundsConflict(min, max)) {
      out.add(pointer(path, 'min'), codes.minGreaterThanMax, `min ${field.min} can be later than max ${field.max}`);
    }
  }
}

function checkRanges(field: Field, path: string, out: ProblemList): void {
  const values = field as unknown as Record<string, unknown>;
  for (const [low, high] of rangePairs) {
    const min = values[low];
    const max = values[high];
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      out.add(pointer(path, low), codes.minGreaterThanMax, `${low} (${min}) is greater than ${high} (${max})`);
    }
  }
}

/**
 * Patterns follow the HTML `pattern` attribute: an ECMAScript expression that must match the whole
 * answer, compiled with the `v` flag as browsers do, so the same pattern works in both places.
 */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'v');
}

function checkPattern(pattern: string, path: string, out: ProblemList): void {
  try {
    compilePattern(pattern);
  } catch (error) {
    out.add(path, codes.invalidPattern, `not a valid regular expression: ${(error as Error).message}`);
  }
}
