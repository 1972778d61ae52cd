/**
 * One FIM Datenfeld to one field of the form definition, by Feldart and Datentyp (code lists
 * xdatenfelder.feldart and xdatenfelder.datentyp), with the Präzisierung as bounds where the
 * format has them. Returns the field, a static text for the step intro (Feldart label), or nothing
 * (with a note saying why).
 */
import { acceptPattern } from '../definition/check-structure.ts';
import { compilePattern } from '../definition/check-fields.ts';
import { parseDateBound } from '../definition/date-bounds.ts';
import type { Field, Localized, Option } from '../definition/types.ts';
import { isRepeatable } from './cardinality.ts';
import type { Cardinality } from './cardinality.ts';
import { datentypen, feldarten, isCode } from './fim-codes.ts';
import type { FimField, FimRule } from './fim-model.ts';
import type { IdAllocator } from './id-allocator.ts';
import type { MappingNotes } from './import-report.ts';

/** FIM texts are German only: the English side repeats them until translated (see report.untranslated). */
export function localized(german: string): Localized {
  return { de: german, en: german };
}

/** Choices up to this many are radio buttons, longer lists a drop-down (GOV.UK: radios for short lists). */
const maxRadios = 5;
/** Text fields allowing longer answers than this become a text area. */
const maxSingleLine = 255;
export const defaultAccept = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const defaultMaxSizeMb = 10;
/** When Anzahl allows any number of files (`n:*`), the upload still needs a limit. */
export const defaultMaxFiles = 10;

const timeText = {
  pattern: '([01][0-9]|2[0-3]):[0-5][0-9]',
  message: { de: 'Geben Sie die Uhrzeit als HH:MM an, zum Beispiel 14:30.', en: 'Enter the time as HH:MM, for example 14:30.' },
};
const dateTimeText = {
  pattern: '(0[1-9]|[12][0-9]|3[01])\\.(0[1-9]|1[0-2])\\.[0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]',
  message: {
    de: 'Geben Sie Datum und Uhrzeit als TT.MM.JJJJ HH:MM an, zum Beispiel 24.12.2025 14:30.',
    en: 'Enter date and time as DD.MM.YYYY HH:MM, for example 24.12.2025 14:30.',
  },
};

export type FieldContext = {
  ids: IdAllocator;
  notes: MappingNotes;
  /** An enclosing group is optional or an Auswahlgruppe: nothing inside can be required on its own. */
  optional: boolean;
};

export type MappedField = { kind: 'field'; field: Field } | { kind: 'text'; text: string } | { kind: 'none' };

export function mapField(source: FimField, cardinality: Cardinality, context: FieldContext): MappedField {
  const { notes } = context;
  const feldart = isCode(feldarten, source.feldart) ? source.feldart : undefined;
  const datentyp = isCode(datentypen, source.datentyp) ? source.datentyp : undefined;
  source.rules.forEach((rule) => skipRule(rule, notes));
  if (!feldart || !datentyp) {
    notes.skip(source.path, `Datenfeld ${source.id}`, `unknown Feldart "${source.feldart ?? ''}" or Datentyp "${source.datentyp ?? ''}" (FIM messages 1027, 1028): left out`);
    return { kind: 'none' };
  }
  if (feldart === 'label') {
    if (datentyp === 'obj') {
      notes.skip(source.path, `Datenfeld ${source.id}`, 'a static object (Datentyp obj, e.g. an image) has no counterpart in the format: left out');
      return { kind: 'none' };
    }
    return { kind: 'text', text: source.content ?? source.label ?? source.name ?? source.id };
  }
  if (feldart === 'hidden' || feldart === 'locked') {
    const what = feldart === 'hidden' ? 'a hidden field (Feldart hidden) carries values set by the system' : 'a locked field (Feldart locked) shows a preset value that cannot be changed';
    notes.skip(source.path, `Datenfeld ${source.id}`, `${what}; the format has no such fields: left out`);
    return { kind: 'none' };
  }
  if (datentyp === 'obj') {
    notes.skip(source.path, `Datenfeld ${source.id}`, 'Datentyp obj (static object) cannot be answered: left out');
    return { kind: 'none' };
  }

  const label = localized(source.label ?? source.name ?? source.id);
  const base = {
    id: context.ids.take(source.id),
    label,
    ...(source.help === undefined ? {} : { help: localized(source.help) }),
    ...(cardinality.min >= 1 && !context.optional ? { required: true } : {}),
  };
  const repeatable = isRepeatable(cardinality);

  if (feldart === 'select' || source.values !== undefined || source.codeList !== undefined) {
    const options = optionsOf(source, notes);
    if (!options) return { kind: 'none' };
    if (repeatable) {
      const limits = {
        ...(cardinality.min >= 1 && !context.optional ? { minSelected: Math.min(cardinality.min, options.length) } : {}),
        ...(cardinality.max !== undefined && cardinality.max < options.length ? { maxSelected: cardinality.max } : {}),
      };
      return { kind: 'field', field: { ...base, type: 'checkboxes', options, ...limits } };
    }
    return { kind: 'field', field: { ...base, type: options.length <= maxRadios ? 'radios' : 'select', options } };
  }

  const precision = readPrecision(source, notes);
  let field: Field;
  switch (datentyp) {
    case 'text':
    case 'text_latin': {
      if (datentyp === 'text_latin') {
        notes.skip(source.path, `Datentyp text_latin of ${source.id}`, 'the character set String.Latin+ (DIN SPEC 91379) is not enforced: imported as text');
      }
      const lengths = { ...numberIf('minLength', precision.minLength), ...numberIf('maxLength', precision.maxLength) };
      const long = precision.maxLength !== undefined && precision.maxLength > maxSingleLine;
      field = long && precision.pattern === undefined
        ? { ...base, type: 'textarea', ...lengths }
        : { ...base, type: 'text', ...lengths, ...(precision.pattern === undefined ? {} : { pattern: precision.pattern }) };
      break;
    }
    case 'date': {
      const bounds = { ...dateIf('min', source.precision.minValue), ...dateIf('max', source.precision.maxValue) };
      // ISO dates compare as strings; a reversed range is dropped like other invalid bounds (FIM 1064).
      field = { ...base, type: 'date', ...(bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max ? {} : bounds) };
      break;
    }
    case 'time':
    case 'datetime': {
      const format = datentyp === 'time' ? timeText : dateTimeText;
      field = { ...base, type: 'text', pattern: format.pattern, patternMessage: format.message };
      notes.generate(source.path, `${base.id}: Datentyp ${datentyp} imported as text with a pattern and its message`);
      if (datentyp === 'datetime') {
        notes.skip(source.path, `Datentyp datetime of ${source.id}`, 'the format has no date-time field: imported as text TT.MM.JJJJ HH:MM; the calendar date is not checked');
      }
      break;
    }
    case 'bool':
      field = { ...base, type: 'yesno' };
      break;
    case 'num':
    case 'num_int':
      field = {
        ...base,
        type: 'number',
        ...numberIf('min', precision.minValue),
        ...numberIf('max', precision.maxValue),
        ...(datentyp === 'num_int' ? { integer: true } : {}),
      };
      break;
    case 'num_currency':
      // The format keeps money in euro cents.
      field = {
        ...base,
        type: 'money',
        ...numberIf('min', precision.minValue === undefined ? undefined : Math.round(precision.minValue * 100)),
        ...numberIf('max', precision.maxValue === undefined ? undefined : Math.round(precision.maxValue * 100)),
      };
      break;
    case 'file':
      return { kind: 'field', field: fileField(source, cardinality, base, notes) };
  }

  if (!repeatable) return { kind: 'field', field };
  // A repeatable Datenfeld (Anzahl max > 1) becomes a group with the field as its only member.
  const itemId = context.ids.take(`${source.id}_item`);
  notes.generate(source.path, `${base.id}: repeatable group around the field (Anzahl ${cardinality.min}:${cardinality.max ?? '*'}), item field ${itemId}`);
  return {
    kind: 'field',
    field: {
      ...base,
      type: 'group',
      itemLabel: label,
      ...(cardinality.min >= 1 && !context.optional ? { minItems: cardinality.min } : {}),
      ...(cardinality.max === undefined ? {} : { maxItems: cardinality.max }),
      fields: [{ ...field, id: itemId, required: true }],
    },
  };
}

/** FIM Regeln are free text (Freitextregel / Definition) and scripts: never mapped, always listed. */
export function skipRule(rule: FimRule, notes: MappingNotes): void {
  const detail = rule.text === undefined ? '' : `: "${rule.text}"`;
  notes.skip(rule.path, `Regel ${rule.id} "${rule.name ?? ''}"`, `FIM rules are free text and scripts; rebuild it by hand as a condition or cross-field rule if it matters to the citizen${detail}`);
}

function numberIf<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

function dateIf<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value !== undefined && parseDateBound(value)?.kind === 'fixed' ? { [key]: value } : {}) as { [P in K]?: string };
}

type Precision = { minLength?: number; maxLength?: number; minValue?: number; maxValue?: number; pattern?: string };

/** The Präzisierung as numbers and a usable pattern; invalid parts are dropped (the quality report names them). */
function readPrecision(source: FimField, notes: MappingNotes): Precision {
  const raw = source.precision;
  if (raw.unreadable !== undefined) {
    notes.skip(source.path, `Präzisierung of ${source.id}`, `not a JSON object as XDatenfelder 2.0 writes it: "${raw.unreadable}"`);
  }
  const count = (text: string | undefined, least: number): number | undefined =>
    text !== undefined && /^\d+$/.test(text) && Number(text) >= least ? Number(text) : undefined;
  const number = (text: string | undefined): number | undefined => (text !== undefined && Number.isFinite(Number(text)) ? Number(text) : undefined);
  let minLength = count(raw.minLength, 0);
  let maxLength = count(raw.maxLength, 1);
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) [minLength, maxLength] = [undefined, undefined];
  let minValue = number(raw.minValue);
  let maxValue = number(raw.maxValue);
  if (minValue !== undefined && maxValue !== undefined && minValue > maxValue) [minValue, maxValue] = [undefined, undefined];
  let pattern = raw.pattern;
  if (pattern !== undefined) {
    try {
      compilePattern(pattern);
    } catch {
      notes.skip(source.path, `pattern of ${source.id}`, `"${pattern}" is not a valid ECMAScript regular expression (v flag), e.g. XML Schema syntax: left out`);
      pattern = undefined;
    }
  }
  return {
    ...(minLength === undefined ? {} : { minLength }),
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(minValue === undefined ? {} : { minValue }),
    ...(maxValue === undefined ? {} : { maxValue }),
    ...(pattern === undefined ? {} : { pattern }),
  };
}

/** Options from a 3.0.0 Werteliste; a referenced Codeliste has its values only in XRepository. */
function optionsOf(source: FimField, notes: MappingNotes): Option[] | undefined {
  if (!source.values) {
    const list = source.codeList ? `Codeliste ${source.codeList.uri}${source.codeList.version ? ` version ${source.codeList.version}` : ''}` : 'no Codeliste or Werteliste';
    notes.skip(source.path, `Datenfeld ${source.id} (selection)`, `${list}: the values of a code list are published in XRepository, not in this file; add the options by hand`);
    return undefined;
  }
  const options: Option[] = [];
  const seen = new Set<string>();
  for (const value of source.values) {
    if (value.code === '' || seen.has(value.code)) continue;
    seen.add(value.code);
    options.push({ value: value.code, label: localized(value.name ?? value.code) });
  }
  if (source.values.some((value) => value.help !== undefined)) {
    notes.skip(source.path, `help texts of the values of ${source.id}`, 'options have no help text in the format');
  }
  if (options.length === 0) {
    notes.skip(source.path, `Datenfeld ${source.id} (selection)`, 'the Werteliste has no usable value: left out');
    return undefined;
  }
  return options;
}

function fileField(source: FimField, cardinality: Cardinality, base: Pick<Field, 'id' | 'label' | 'help' | 'required'>, notes: MappingNotes): Field {
  const accept = [...new Set(source.mediaTypes.map((type) => type.toLowerCase()).filter((type) => acceptPattern.test(type)))];
  if (accept.length === 0) notes.generate(source.path, `${base.id}: accepted files ${defaultAccept.join(', ')} (the file names none)`);
  const bytes = source.maxSize !== undefined && /^\d+$/.test(source.maxSize) ? Number(source.maxSize) : 0;
  // XDatenfelder 3.0.0 maxSize is in bytes.
  const maxSizeMb = bytes > 0 ? Math.max(0.01, Math.round(bytes / 10_000) / 100) : defaultMaxSizeMb;
  if (bytes <= 0) notes.generate(source.path, `${base.id}: largest file ${defaultMaxSizeMb} MB (the file gives no maxSize)`);
  let maxFiles = cardinality.max;
  if (maxFiles === undefined) {
    maxFiles = defaultMaxFiles;
    notes.generate(source.path, `${base.id}: at most ${defaultMaxFiles} files (Anzahl allows any number)`);
  }
  return {
    ...base,
    type: 'file',
    accept: accept.length > 0 ? accept : [...defaultAccept],
    maxSizeMb,
    ...(maxFiles > 1 ? { maxFiles } : {}),
  };
}
