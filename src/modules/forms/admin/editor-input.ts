/**
 * Reading the structured editor's forms into changes of the working draft. Input that cannot be
 * read at all (a number field with letters, an option line without value) is an issue: the page
 * is shown again with 422 and nothing is saved. Everything else is saved as entered and judged by
 * the definition validator, whose problems the pages list (a draft may be unfinished).
 */
import { field, type FormInput, type ValidationIssue } from '../../../platform/validation.ts';
import { fieldExtraProperties, isFieldType, type PropertySpec } from '../definition/field-types.ts';
import type { FieldType } from '../definition/types.ts';
import { isRec, optionalTexts, str, texts, trimmed, withProps, type Rec, type Texts } from './draft-document.ts';

export type Read<T> = { value: T; issues: ValidationIssue[] };

export function postedTexts(body: FormInput | undefined, name: string): Texts {
  return { de: field(body, `${name}.de`), en: field(body, `${name}.en`) };
}

const decimalPattern = /^-?\d+(?:[.,]\d+)?$/;

function readNumber(body: FormInput | undefined, name: string, whole: boolean, issues: ValidationIssue[]): number | undefined {
  const text = field(body, name).replace(/\s/g, '');
  if (text === '') return undefined;
  if (!decimalPattern.test(text) || (whole && !/^-?\d+$/.test(text))) {
    issues.push({ field: name, code: whole ? 'whole' : 'number' });
    return undefined;
  }
  return Number(text.replace(',', '.'));
}

/** The options textarea: one option a line, `value | German | English`. */
export function optionLines(options: unknown): string {
  if (!Array.isArray(options)) return '';
  return options.filter(isRec).map((option) => {
    const label = texts(option.label);
    return `${str(option.value)} | ${label.de} | ${label.en}`;
  }).join('\n');
}

function readOptions(body: FormInput | undefined, issues: ValidationIssue[]): Rec[] {
  const options: Rec[] = [];
  field(body, 'options').split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const [value = '', de = '', en = ''] = line.split('|').map((part) => part.trim());
    if (value === '' || de === '') issues.push({ field: 'options', code: 'line', params: { line: index + 1 } });
    else options.push({ value, label: { de, en } });
  });
  return options;
}

/** A condition the simple editor can show: "field X equals Y". Anything else is kept as it is. */
export function simpleCondition(condition: unknown): { field: string; equals: string } | undefined {
  if (!isRec(condition) || typeof condition.field !== 'string' || !('equals' in condition) || Object.keys(condition).length !== 2) return undefined;
  const value = condition.equals;
  return { field: condition.field, equals: value === true ? 'ja' : value === false ? 'nein' : str(value) };
}

/**
 * The "show only when" inputs: a field chosen from `candidates` (fields answered earlier) and the
 * value it must have, typed by that field (yes/no as booleans, numbers as numbers).
 */
export function readCondition(body: FormInput | undefined, old: unknown, candidates: readonly Rec[], issues: ValidationIssue[]): unknown {
  if (old !== undefined && simpleCondition(old) === undefined) return field(body, 'conditionRemove') === 'ja' ? undefined : old;
  const fieldId = field(body, 'conditionField');
  if (fieldId === '') return undefined;
  const target = candidates.find((candidate) => candidate.id === fieldId);
  if (!target) {
    issues.push({ field: 'conditionField', code: 'unknown' });
    return undefined;
  }
  const text = field(body, 'conditionValue');
  if (text === '') {
    issues.push({ field: 'conditionValue', code: 'required' });
    return undefined;
  }
  if (target.type === 'yesno') {
    const answer = { ja: true, true: true, nein: false, false: false }[text.toLowerCase()];
    if (answer === undefined) issues.push({ field: 'conditionValue', code: 'yesno' });
    return { field: fieldId, equals: answer ?? false };
  }
  if (target.type === 'number' || target.type === 'money') {
    if (!decimalPattern.test(text)) issues.push({ field: 'conditionValue', code: 'number' });
    return { field: fieldId, equals: Number(text.replace(',', '.')) };
  }
  return { field: fieldId, equals: text };
}

/** Defaults that make a new field of a type complete where the type needs settings. */
function defaultsFor(type: FieldType, label: Texts): Rec {
  if (type === 'file') return { accept: ['application/pdf'], maxSizeMb: 10 };
  if (type === 'group') return { fields: [], itemLabel: label };
  if (type === 'select' || type === 'radios' || type === 'checkboxes') return { options: [] };
  return {};
}

/** "Add field": id, type and label; the rest is edited on the field's page. */
export function readNewField(body: FormInput | undefined): Read<Rec> {
  const issues: ValidationIssue[] = [];
  const id = field(body, 'fieldId');
  if (id === '') issues.push({ field: 'fieldId', code: 'required' });
  const type = field(body, 'type');
  if (!isFieldType(type)) issues.push({ field: 'type', code: 'invalid' });
  const label = trimmed(postedTexts(body, 'label'));
  return { value: { id, type, label, ...(isFieldType(type) ? defaultsFor(type, label) : {}) }, issues };
}

/** "Add step": id and title. */
export function readNewStep(body: FormInput | undefined): Read<Rec> {
  const issues: ValidationIssue[] = [];
  const id = field(body, 'stepId');
  if (id === '') issues.push({ field: 'stepId', code: 'required' });
  return { value: { id, title: trimmed(postedTexts(body, 'title')), fields: [] }, issues };
}

/** The field page: base properties, the settings of its type (from field-types.ts) and the condition. */
export function readField(body: FormInput | undefined, old: Rec, candidates: readonly Rec[]): Read<Rec> {
  const issues: ValidationIssue[] = [];
  const posted = field(body, 'type');
  const type: FieldType | undefined = isFieldType(posted) ? posted : isFieldType(old.type) ? old.type : undefined;
  if (!isFieldType(posted)) issues.push({ field: 'type', code: 'invalid' });
  const id = field(body, 'id');
  if (id === '') issues.push({ field: 'id', code: 'required' });
  const extras: Rec = {};
  const specs: Record<string, PropertySpec> = type ? fieldExtraProperties[type] : {};
  for (const [name, spec] of Object.entries(specs)) {
    switch (spec.kind) {
      case 'count':
      case 'positiveCount':
      case 'cents':
        extras[name] = readNumber(body, name, true, issues);
        break;
      case 'number':
      case 'sizeMb':
        extras[name] = readNumber(body, name, false, issues);
        break;
      case 'boolean':
        extras[name] = field(body, name) === 'ja' ? true : undefined;
        break;
      case 'localized':
        extras[name] = spec.required ? trimmed(postedTexts(body, name)) : optionalTexts(postedTexts(body, name));
        break;
      case 'options':
        extras[name] = readOptions(body, issues);
        break;
      case 'accept':
        extras[name] = field(body, name).split(/[\s,]+/).filter((entry) => entry !== '');
        break;
      case 'fields':
        extras[name] = Array.isArray(old.fields) ? old.fields : [];
        break;
      default: {
        const text = field(body, name);
        extras[name] = text === '' ? undefined : text;
      }
    }
  }
  const condition = readCondition(body, old.condition, candidates, issues);
  const value = withProps(
    { id, type: type ?? old.type, label: trimmed(postedTexts(body, 'label')) },
    { help: optionalTexts(postedTexts(body, 'help')), required: field(body, 'required') === 'ja' ? true : undefined, ...extras, condition },
  );
  return { value, issues };
}

/** The step page: title, intro and condition (on fields of earlier steps). */
export function readStep(body: FormInput | undefined, old: Rec, candidates: readonly Rec[]): Read<Rec> {
  const issues: ValidationIssue[] = [];
  const condition = readCondition(body, old.condition, candidates, issues);
  const value = withProps(old, { title: trimmed(postedTexts(body, 'title')), intro: optionalTexts(postedTexts(body, 'intro')), condition });
  return { value, issues };
}

/** The form's own texts: title, intro and declaration. */
export function readFormTexts(body: FormInput | undefined, doc: Rec): Rec {
  const declaration = isRec(doc.declaration) ? doc.declaration : {};
  return withProps(doc, {
    title: trimmed(postedTexts(body, 'title')),
    intro: optionalTexts(postedTexts(body, 'intro')),
    declaration: { ...declaration, text: trimmed(postedTexts(body, 'declaration.text')), confirmLabel: trimmed(postedTexts(body, 'declaration.confirmLabel')) },
  });
}
