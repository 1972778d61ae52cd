/**
 * The status model form without JavaScript: one row per step (the existing steps, then empty rows
 * to add new ones), each with its name, English name, position and whether applicants see it.
 * An emptied name removes the step; the position reorders. Reading it gives the rows to show
 * again, the model to save, and issues as codes (the page words them, messages.ts).
 */
import { field, type FormInput, type ValidationIssue } from '../../../platform/validation.ts';
import { maxSteps, stepKey, type StatusModel, type WorkStep } from './model.ts';

export type StepRow = { key: string; de: string; en: string; shown: boolean; position: string };
export type ModelFormValues = { rows: StepRow[]; queries: boolean; directDecision: boolean; anyOrder: boolean };

export const maxLabelLength = 80;
/** Empty rows offered for new steps (more can be added after saving). */
const blankRows = 3;

export const rowField = (index: number, part: 'key' | 'de' | 'en' | 'shown' | 'position') => `step-${index}-${part}`;

/** The form as it shows a stored model: its steps, then empty rows up to the maximum. */
export function valuesOf(model: StatusModel): ModelFormValues {
  const rows = model.steps.map((step, index) => ({ key: step.key, de: step.labelDe, en: step.labelEn ?? '', shown: step.shownToApplicant, position: String(index + 1) }));
  const blanks = Math.min(blankRows, maxSteps - rows.length);
  for (let n = 0; n < blanks; n += 1) rows.push({ key: '', de: '', en: '', shown: true, position: String(rows.length + 1) });
  return { rows, queries: model.queries, directDecision: model.directDecision, anyOrder: model.anyOrder };
}

export function readModelForm(body: FormInput | undefined, current: StatusModel): { values: ModelFormValues; model: Omit<StatusModel, 'version'>; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const rows: StepRow[] = [];
  // Rows beyond what the page can have shown are not read (a longer form is not ours).
  for (let index = 0; index < maxSteps + blankRows; index += 1) {
    if (!(rowField(index, 'de') in (body ?? {}))) continue;
    rows.push({
      key: field(body, rowField(index, 'key')),
      de: field(body, rowField(index, 'de')).replace(/\s+/g, ' '),
      en: field(body, rowField(index, 'en')).replace(/\s+/g, ' '),
      shown: field(body, rowField(index, 'shown')) === 'ja',
      position: field(body, rowField(index, 'position')),
    });
  }
  const values: ModelFormValues = {
    rows,
    queries: field(body, 'queries') === 'ja',
    directDecision: field(body, 'directDecision') === 'ja',
    anyOrder: field(body, 'anyOrder') === 'ja',
  };
  const seen = new Set<string>();
  const kept: { row: StepRow; order: number; index: number }[] = [];
  rows.forEach((row, index) => {
    const n = index + 1;
    if (row.de === '') {
      if (row.en !== '') issues.push({ field: rowField(index, 'de'), code: 'required', params: { n } });
      return;
    }
    if (row.de.length > maxLabelLength) issues.push({ field: rowField(index, 'de'), code: 'too_long', params: { n, max: maxLabelLength } });
    if (row.en.length > maxLabelLength) issues.push({ field: rowField(index, 'en'), code: 'too_long', params: { n, max: maxLabelLength } });
    const name = row.de.toLocaleLowerCase('de');
    if (seen.has(name)) issues.push({ field: rowField(index, 'de'), code: 'duplicate', params: { n } });
    seen.add(name);
    const order = row.position === '' ? index + 1 : /^\d{1,2}$/.test(row.position) && Number(row.position) >= 1 ? Number(row.position) : Number.NaN;
    if (Number.isNaN(order)) issues.push({ field: rowField(index, 'position'), code: 'invalid', params: { n } });
    kept.push({ row, order, index });
  });
  if (kept.length > maxSteps) issues.push({ field: rowField(0, 'de'), code: 'too_many', params: { max: maxSteps } });
  kept.sort((a, b) => a.order - b.order || a.index - b.index);
  // A step keeps its key when renamed (only keys of the current model count); new steps get one from their name.
  const currentKeys = new Set(current.steps.map((step) => step.key));
  const keptKeys = new Set<string>();
  const ownKeys = kept.map(({ row }) => {
    if (!currentKeys.has(row.key) || keptKeys.has(row.key)) return '';
    keptKeys.add(row.key);
    return row.key;
  });
  // New keys avoid every key of the current model, so a removed step's key is never reused.
  const taken = new Set(currentKeys);
  const steps: WorkStep[] = kept.map(({ row }, index) => {
    const key = ownKeys[index] || stepKey(row.de, taken);
    taken.add(key);
    return { key, labelDe: row.de, labelEn: row.en === '' ? null : row.en, shownToApplicant: row.shown };
  });
  return { values, issues, model: { steps, queries: values.queries, directDecision: values.directDecision, anyOrder: values.anyOrder } };
}
