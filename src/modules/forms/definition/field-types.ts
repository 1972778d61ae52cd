/**
 * The field types of the form definition format and the extra properties each one has, as data.
 * The validator walks these tables, and a test compares them with the JSON Schema in
 * `docs/forms/form-definition.schema.json`; the `satisfies` clauses tie them to `types.ts`, so a
 * change there that is not made here fails the type check.
 */
import type { Field, FieldType } from './types.ts';

export const fieldTypes = [
  'text',
  'textarea',
  'number',
  'money',
  'date',
  'email',
  'phone',
  'iban',
  'postcode',
  'address',
  'select',
  'radios',
  'checkboxes',
  'yesno',
  'file',
  'group',
] as const satisfies readonly FieldType[];

/** Compile-time check the other way round: every member of the `FieldType` union is listed. */
type MissingFieldTypes = Exclude<FieldType, (typeof fieldTypes)[number]>;
const everyFieldTypeListed: [MissingFieldTypes] extends [never] ? true : MissingFieldTypes = true;
void everyFieldTypeListed;

/** Properties every field has (FieldBase in types.ts) plus its discriminator. */
export const baseFieldProperties = {
  id: { kind: 'identifier', required: true },
  type: { kind: 'fieldType', required: true },
  label: { kind: 'localized', required: true },
  help: { kind: 'localized', required: false },
  required: { kind: 'boolean', required: false },
  condition: { kind: 'condition', required: false },
} as const satisfies { [K in keyof Field]-?: PropertySpec<object extends Pick<Field, K> ? false : true> };

type BaseKey = keyof typeof baseFieldProperties;

/** How a property value is checked; the JSON Schema uses one fixed fragment for each kind. */
export type PropertyKind =
  | 'identifier'
  | 'fieldType'
  | 'localized'
  | 'boolean'
  | 'condition'
  | 'count'
  | 'positiveCount'
  | 'number'
  | 'cents'
  | 'string'
  | 'regex'
  | 'dateBound'
  | 'options'
  | 'accept'
  | 'sizeMb'
  | 'fields';

export type PropertySpec<R extends boolean = boolean> = { kind: PropertyKind; required: R };

type FieldOf<T extends FieldType> = Extract<Field, { type: T }>;
type ExtraKeys<T extends FieldType> = Exclude<keyof FieldOf<T>, BaseKey>;
/** `required` must be `true` exactly where types.ts makes the property mandatory. */
type ExtraSpec<T extends FieldType> = {
  [P in ExtraKeys<T>]-?: PropertySpec<object extends Pick<FieldOf<T>, P> ? false : true>;
};

const optional = <K extends PropertyKind>(kind: K) => ({ kind, required: false }) as const;
const mandatory = <K extends PropertyKind>(kind: K) => ({ kind, required: true }) as const;

/** The properties a field has beyond the base ones, per type. */
export const fieldExtraProperties = {
  text: {
    minLength: optional('count'),
    maxLength: optional('count'),
    pattern: optional('regex'),
    patternMessage: optional('localized'),
    autocomplete: optional('string'),
  },
  textarea: { minLength: optional('count'), maxLength: optional('count') },
  number: { min: optional('number'), max: optional('number'), integer: optional('boolean'), unit: optional('localized') },
  money: { min: optional('cents'), max: optional('cents') },
  date: { min: optional('dateBound'), max: optional('dateBound') },
  email: {},
  phone: {},
  iban: {},
  postcode: {},
  address: {},
  select: { options: mandatory('options') },
  radios: { options: mandatory('options') },
  checkboxes: { options: mandatory('options'), minSelected: optional('count'), maxSelected: optional('count') },
  yesno: {},
  file: { accept: mandatory('accept'), maxSizeMb: mandatory('sizeMb'), maxFiles: optional('positiveCount') },
  group: {
    fields: mandatory('fields'),
    minItems: optional('count'),
    maxItems: optional('positiveCount'),
    itemLabel: mandatory('localized'),
  },
} as const satisfies { [T in FieldType]: ExtraSpec<T> };

/** And no property listed here that types.ts lacks (`satisfies` does not catch that for `{}`). */
type UnknownExtraKeys = { [T in FieldType]: Exclude<keyof (typeof fieldExtraProperties)[T], ExtraKeys<T>> }[FieldType];
const noUnknownExtraKeys: [UnknownExtraKeys] extends [never] ? true : UnknownExtraKeys = true;
void noUnknownExtraKeys;

/** Pairs of properties where the first must not exceed the second. */
export const rangePairs = [
  ['minLength', 'maxLength'],
  ['min', 'max'],
  ['minSelected', 'maxSelected'],
  ['minItems', 'maxItems'],
] as const;

export function isFieldType(value: unknown): value is FieldType {
  return typeof value === 'string' && (fieldTypes as readonly string[]).includes(value);
}
