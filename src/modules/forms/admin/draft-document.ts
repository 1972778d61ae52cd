/**
 * The working draft as the structured editor sees it: plain JSON that may not (yet) be a valid
 * definition (a draft may be unfinished, see saveWorkingDraft). Reading is tolerant: a missing
 * text reads as '', a missing list as []; changes are made on a copy and saved as a whole.
 */
export type Rec = Record<string, unknown>;
export type Texts = { de: string; en: string };

export function isRec(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

export function texts(value: unknown): Texts {
  return isRec(value) ? { de: str(value.de), en: str(value.en) } : { de: '', en: '' };
}

export function stepsOf(doc: Rec): Rec[] {
  return Array.isArray(doc.steps) ? doc.steps.filter(isRec) : [];
}

export function fieldsOf(step: Rec): Rec[] {
  return Array.isArray(step.fields) ? step.fields.filter(isRec) : [];
}

/**
 * Whether the structured editor can work on the document: a list of step objects, each with a
 * list of field objects. Anything else (only reachable through the JSON view) is fixed there.
 */
export function isEditable(doc: unknown): doc is Rec {
  if (!isRec(doc) || !Array.isArray(doc.steps)) return false;
  return doc.steps.every((step) => isRec(step) && Array.isArray(step.fields) && step.fields.every(isRec));
}

/** A localized text for an optional property: absent when both languages are empty. */
export function optionalTexts(value: Texts): Texts | undefined {
  return value.de.trim() === '' && value.en.trim() === '' ? undefined : { de: value.de.trim(), en: value.en.trim() };
}

export function trimmed(value: Texts): Texts {
  return { de: value.de.trim(), en: value.en.trim() };
}

/** Sets or (for undefined) removes properties, keeping the order of the others. */
export function withProps(record: Rec, changes: Rec): Rec {
  const out: Rec = { ...record };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** Moves the item at `index` one place up (-1) or down (+1); out of range leaves the list as it is. */
export function moved<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  const copy = [...items];
  if (index < 0 || index >= copy.length || target < 0 || target >= copy.length) return copy;
  [copy[index], copy[target]] = [copy[target] as T, copy[index] as T];
  return copy;
}

export function withSteps(doc: Rec, steps: Rec[]): Rec {
  return { ...doc, steps };
}

export function withStep(doc: Rec, index: number, step: Rec): Rec {
  return withSteps(doc, stepsOf(doc).map((old, i) => (i === index ? step : old)));
}

export function withFields(doc: Rec, stepIndex: number, fields: Rec[]): Rec {
  const step = stepsOf(doc)[stepIndex];
  return step ? withStep(doc, stepIndex, { ...step, fields }) : doc;
}

/** Every field id with its type and options on the steps before `stepIndex` and, up to `fieldIndex`, on that step. */
export function fieldsBefore(doc: Rec, stepIndex: number, fieldIndex: number): Rec[] {
  const steps = stepsOf(doc);
  const out: Rec[] = [];
  steps.forEach((step, i) => {
    if (i < stepIndex) out.push(...fieldsOf(step));
    else if (i === stepIndex) out.push(...fieldsOf(step).slice(0, Math.max(0, fieldIndex)));
  });
  return out.filter((field) => typeof field.id === 'string' && field.id !== '');
}
