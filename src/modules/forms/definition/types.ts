/**
 * The form definition format, version 1: a form is data, interpreted by one engine (the runtime
 * renders it, validates answers, walks its steps). These types are the source of truth; the JSON
 * Schema published in `docs/forms/form-definition.schema.json` describes the same format for
 * other tools and is checked against these types by a test.
 *
 * Identifiers are ASCII (`^[a-z][a-zA-Z0-9_]*$`), unique within their form (field ids across all
 * steps and groups, so an answer is addressed by its field id alone).
 */

/** Every text a citizen sees exists in German and English (German first). */
export type Localized = { de: string; en: string };

export type Option = { value: string; label: Localized };

/** When a field or step applies. Answers of skipped fields are pruned before submit (data minimisation, Art. 5 (1) c DSGVO). */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; notEquals: string | number | boolean }
  | { field: string; in: readonly (string | number)[] }
  | { field: string; filled: boolean }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }
  | { not: Condition };

type FieldBase = {
  id: string;
  label: Localized;
  help?: Localized;
  required?: boolean;
  condition?: Condition;
};

export type TextField = FieldBase & { type: 'text'; minLength?: number; maxLength?: number; pattern?: string; patternMessage?: Localized; autocomplete?: string };
export type TextAreaField = FieldBase & { type: 'textarea'; minLength?: number; maxLength?: number };
export type NumberField = FieldBase & { type: 'number'; min?: number; max?: number; integer?: boolean; unit?: Localized };
/** Amounts in euro cents. */
export type MoneyField = FieldBase & { type: 'money'; min?: number; max?: number };
/** ISO dates `YYYY-MM-DD`; bounds either fixed or relative to the day of answering (`today`, `today+30`, `today-18y`). */
export type DateField = FieldBase & { type: 'date'; min?: string; max?: string };
export type EmailField = FieldBase & { type: 'email' };
export type PhoneField = FieldBase & { type: 'phone' };
/** IBAN with ISO 13616 checksum (mod 97). */
export type IbanField = FieldBase & { type: 'iban' };
/** German postcode: five digits. */
export type PostcodeField = FieldBase & { type: 'postcode' };
/** A German postal address: street and house number, postcode, place (one answer with three parts). */
export type AddressField = FieldBase & { type: 'address' };
export type SelectField = FieldBase & { type: 'select'; options: readonly Option[] };
export type RadiosField = FieldBase & { type: 'radios'; options: readonly Option[] };
export type CheckboxesField = FieldBase & { type: 'checkboxes'; options: readonly Option[]; minSelected?: number; maxSelected?: number };
export type YesNoField = FieldBase & { type: 'yesno' };
export type FileField = FieldBase & { type: 'file'; accept: readonly string[]; maxSizeMb: number; maxFiles?: number };
/** Repeatable group, e.g. "weitere Hunde": each item answers the same fields. */
export type GroupField = FieldBase & { type: 'group'; fields: readonly Field[]; minItems?: number; maxItems?: number; itemLabel: Localized };

export type Field =
  | TextField
  | TextAreaField
  | NumberField
  | MoneyField
  | DateField
  | EmailField
  | PhoneField
  | IbanField
  | PostcodeField
  | AddressField
  | SelectField
  | RadiosField
  | CheckboxesField
  | YesNoField
  | FileField
  | GroupField;

export type FieldType = Field['type'];

/** A rule across fields, checked when its step is submitted; `when` must hold, else `message` shows at `field`. */
export type CrossFieldRule = {
  id: string;
  field: string;
  message: Localized;
  when?: Condition;
  check:
    | { field: string; before: string }
    | { field: string; after: string }
    | { field: string; lessThan: string }
    | { field: string; greaterThan: string }
    | { anyFilled: readonly string[] };
};

/** One page of the form (one topic per page, GOV.UK pattern). */
export type Step = {
  id: string;
  title: Localized;
  intro?: Localized;
  condition?: Condition;
  fields: readonly Field[];
};

export type FormDefinition = {
  formatVersion: 1;
  /** Stable, readable id (slug) of the form across its versions. */
  id: string;
  title: Localized;
  intro?: Localized;
  /** LeiKa keys of the services this form applies for. */
  serviceKeys?: readonly string[];
  steps: readonly Step[];
  rules?: readonly CrossFieldRule[];
  /** The declaration the applicant confirms before submitting (e.g. truthfulness, § 3a VwVfG). */
  declaration: { text: Localized; confirmLabel: Localized };
  /** Where the definition came from, e.g. a FIM Stammdatenschema id and version. */
  source?: { kind: 'fim-xdatenfelder-2' | 'fim-xdatenfelder-3' | 'editor' | 'json'; id?: string; version?: string };
};
