/**
 * Broken form definitions for the validator tests, each made from a small valid one by one change,
 * with the problem the validator must report. `schema` says whether the JSON Schema catches it
 * too ('rejects') or cannot express it ('accepts'), which the schema test checks with Ajv.
 */
import type { ProblemCode } from './problems.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type BrokenCase = {
  name: string;
  change: (doc: JsonObject) => Json;
  code: ProblemCode;
  path: string;
  schema: 'rejects' | 'accepts';
};

/** A valid definition that uses every feature the cases below touch. */
export function baseDefinition(): JsonObject {
  return {
    formatVersion: 1,
    id: 'testformular',
    title: { de: 'Testformular', en: 'Test form' },
    serviceKeys: ['99102013000000'],
    steps: [
      {
        id: 'schritt1',
        title: { de: 'Schritt 1', en: 'Step 1' },
        fields: [
          { id: 'name', type: 'text', label: { de: 'Name', en: 'Name' }, required: true, minLength: 1, maxLength: 50 },
          { id: 'hatHund', type: 'yesno', label: { de: 'Hund?', en: 'Dog?' } },
          {
            id: 'art',
            type: 'radios',
            label: { de: 'Art', en: 'Kind' },
            options: [
              { value: 'a', label: { de: 'A', en: 'A' } },
              { value: 'b', label: { de: 'B', en: 'B' } },
            ],
          },
          { id: 'von', type: 'date', label: { de: 'Von', en: 'From' }, min: 'today', max: 'today+1y' },
        ],
      },
      {
        id: 'schritt2',
        title: { de: 'Schritt 2', en: 'Step 2' },
        condition: { field: 'hatHund', equals: true },
        fields: [
          { id: 'bis', type: 'date', label: { de: 'Bis', en: 'Until' } },
          { id: 'anzahl', type: 'number', label: { de: 'Anzahl', en: 'Number' }, min: 1, max: 5, integer: true },
          {
            id: 'hunde',
            type: 'group',
            label: { de: 'Hunde', en: 'Dogs' },
            itemLabel: { de: 'Hund', en: 'Dog' },
            fields: [
              { id: 'hundName', type: 'text', label: { de: 'Name', en: 'Name' } },
              { id: 'gefaehrlich', type: 'yesno', label: { de: 'Gefährlich?', en: 'Dangerous?' } },
              {
                id: 'nachweis',
                type: 'file',
                label: { de: 'Nachweis', en: 'Proof' },
                accept: ['application/pdf', 'image/*', '.jpg'],
                maxSizeMb: 5,
                condition: { field: 'gefaehrlich', equals: true },
              },
            ],
          },
        ],
      },
    ],
    rules: [
      {
        id: 'bisNachVon',
        field: 'bis',
        message: { de: 'Bis muss nach Von liegen.', en: 'Until must be after from.' },
        when: { field: 'bis', filled: true },
        check: { field: 'bis', after: 'von' },
      },
    ],
    declaration: { text: { de: 'Alles richtig.', en: 'All correct.' }, confirmLabel: { de: 'Bestätigt', en: 'Confirmed' } },
  };
}

// Small accessors so the cases read as one line each; they throw if the base changes shape.
function obj(value: Json | undefined): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('test base changed: not an object');
  return value;
}
function arr(value: Json | undefined): Json[] {
  if (!Array.isArray(value)) throw new Error('test base changed: not an array');
  return value;
}
export const step = (doc: JsonObject, index: number): JsonObject => obj(arr(doc.steps)[index]);
export const field = (doc: JsonObject, stepIndex: number, index: number): JsonObject => obj(arr(step(doc, stepIndex).fields)[index]);
const groupField = (doc: JsonObject, index: number): JsonObject => obj(arr(field(doc, 1, 2).fields)[index]);
const rule = (doc: JsonObject): JsonObject => obj(arr(doc.rules)[0]);

const F0 = '/steps/0/fields';
const F1 = '/steps/1/fields';

export const brokenCases: readonly BrokenCase[] = [
  // structure
  { name: 'not an object', change: () => null, code: 'type', path: '', schema: 'rejects' },
  { name: 'declaration missing', change: (d) => ((delete d.declaration), d), code: 'required', path: '/declaration', schema: 'rejects' },
  { name: 'unknown root property', change: (d) => ((d.colour = 'blue'), d), code: 'unknown_property', path: '/colour', schema: 'rejects' },
  { name: 'format version 2', change: (d) => ((d.formatVersion = 2), d), code: 'invalid_value', path: '/formatVersion', schema: 'rejects' },
  { name: 'form id not a slug', change: (d) => ((d.id = 'Hunde anmelden'), d), code: 'invalid_id', path: '/id', schema: 'rejects' },
  { name: 'step id starts with a digit', change: (d) => ((step(d, 0).id = '1schritt'), d), code: 'invalid_id', path: '/steps/0/id', schema: 'rejects' },
  { name: 'no steps', change: (d) => ((d.steps = []), d), code: 'empty_list', path: '/steps', schema: 'rejects' },
  { name: 'unknown field type', change: (d) => ((field(d, 0, 0).type = 'slider'), d), code: 'invalid_value', path: `${F0}/0/type`, schema: 'rejects' },
  { name: 'field without type', change: (d) => ((delete field(d, 0, 0).type), d), code: 'required', path: `${F0}/0/type`, schema: 'rejects' },
  { name: 'radios without options', change: (d) => ((delete field(d, 0, 2).options), d), code: 'required', path: `${F0}/2/options`, schema: 'rejects' },
  { name: 'radios with no option', change: (d) => ((field(d, 0, 2).options = []), d), code: 'empty_list', path: `${F0}/2/options`, schema: 'rejects' },
  { name: 'property of another type', change: (d) => ((field(d, 0, 0).options = []), d), code: 'unknown_property', path: `${F0}/0/options`, schema: 'rejects' },
  { name: 'label without English', change: (d) => ((field(d, 0, 0).label = { de: 'Name' }), d), code: 'required', path: `${F0}/0/label/en`, schema: 'rejects' },
  { name: 'blank German label', change: (d) => ((field(d, 0, 0).label = { de: '  ', en: 'Name' }), d), code: 'empty_text', path: `${F0}/0/label/de`, schema: 'rejects' },
  { name: 'negative minLength', change: (d) => ((field(d, 0, 0).minLength = -1), d), code: 'out_of_range', path: `${F0}/0/minLength`, schema: 'rejects' },
  { name: 'fractional maxLength', change: (d) => ((field(d, 0, 0).maxLength = 1.5), d), code: 'type', path: `${F0}/0/maxLength`, schema: 'rejects' },
  { name: 'required not boolean', change: (d) => ((field(d, 0, 0).required = 'yes'), d), code: 'type', path: `${F0}/0/required`, schema: 'rejects' },
  { name: 'file size 0', change: (d) => ((groupField(d, 2).maxSizeMb = 0), d), code: 'out_of_range', path: `${F1}/2/fields/2/maxSizeMb`, schema: 'rejects' },
  { name: 'empty accept list', change: (d) => ((groupField(d, 2).accept = []), d), code: 'empty_list', path: `${F1}/2/fields/2/accept`, schema: 'rejects' },
  { name: 'accept entry neither type nor extension', change: (d) => ((groupField(d, 2).accept = ['pdf']), d), code: 'invalid_accept', path: `${F1}/2/fields/2/accept/0`, schema: 'rejects' },
  { name: 'group without fields', change: (d) => ((field(d, 1, 2).fields = []), d), code: 'empty_list', path: `${F1}/2/fields`, schema: 'rejects' },
  { name: 'date bound in words', change: (d) => ((field(d, 0, 3).min = 'tomorrow'), d), code: 'invalid_date_bound', path: `${F0}/3/min`, schema: 'rejects' },
  { name: 'date bound with unknown unit', change: (d) => ((field(d, 0, 3).max = 'today+3h'), d), code: 'invalid_date_bound', path: `${F0}/3/max`, schema: 'rejects' },
  { name: 'date bound not a calendar day', change: (d) => ((field(d, 0, 3).min = '2025-02-30'), d), code: 'invalid_date_bound', path: `${F0}/3/min`, schema: 'accepts' },
  {
    name: 'condition with two tests',
    change: (d) => ((step(d, 1).condition = { field: 'hatHund', equals: true, filled: true }), d),
    code: 'invalid_value',
    path: '/steps/1/condition',
    schema: 'rejects',
  },
  { name: 'empty "all" condition', change: (d) => ((step(d, 1).condition = { all: [] }), d), code: 'empty_list', path: '/steps/1/condition/all', schema: 'rejects' },
  { name: 'rule check of unknown kind', change: (d) => ((rule(d).check = { field: 'bis', within: 'von' }), d), code: 'invalid_value', path: '/rules/0/check', schema: 'rejects' },
  { name: 'service key too short', change: (d) => ((d.serviceKeys = ['9910']), d), code: 'invalid_value', path: '/serviceKeys/0', schema: 'rejects' },
  { name: 'unknown source kind', change: (d) => ((d.source = { kind: 'pdf' }), d), code: 'invalid_value', path: '/source/kind', schema: 'rejects' },
  // meaning
  { name: 'field id used on two steps', change: (d) => ((field(d, 1, 0).id = 'name'), d), code: 'duplicate_id', path: `${F1}/0/id`, schema: 'accepts' },
  { name: 'field id equal to a step id', change: (d) => ((field(d, 0, 0).id = 'schritt1'), d), code: 'duplicate_id', path: `${F0}/0/id`, schema: 'accepts' },
  { name: 'id in a group equal to one outside', change: (d) => ((groupField(d, 0).id = 'anzahl'), d), code: 'duplicate_id', path: `${F1}/2/fields/0/id`, schema: 'accepts' },
  { name: 'rule id equal to a field id', change: (d) => ((rule(d).id = 'von'), d), code: 'duplicate_id', path: '/rules/0/id', schema: 'accepts' },
  {
    name: 'option value twice',
    change: (d) => (arr(field(d, 0, 2).options).push({ value: 'a', label: { de: 'A2', en: 'A2' } }), d),
    code: 'duplicate_option',
    path: `${F0}/2/options/2`,
    schema: 'accepts',
  },
  { name: 'service key twice', change: (d) => ((d.serviceKeys = ['99102013000000', '99102013000000']), d), code: 'duplicate_value', path: '/serviceKeys/1', schema: 'rejects' },
  { name: 'minLength above maxLength', change: (d) => ((field(d, 0, 0).minLength = 60), d), code: 'min_greater_than_max', path: `${F0}/0/minLength`, schema: 'accepts' },
  { name: 'number min above max', change: (d) => ((field(d, 1, 1).min = 9), d), code: 'min_greater_than_max', path: `${F1}/1/min`, schema: 'accepts' },
  {
    name: 'fixed date min after max',
    change: (d) => (Object.assign(field(d, 0, 3), { min: '2026-01-02', max: '2026-01-01' }), d),
    code: 'min_greater_than_max',
    path: `${F0}/3/min`,
    schema: 'accepts',
  },
  {
    name: 'relative date min after max on some days',
    change: (d) => (Object.assign(field(d, 0, 3), { min: 'today+1m', max: 'today+30' }), d),
    code: 'min_greater_than_max',
    path: `${F0}/3/min`,
    schema: 'accepts',
  },
  { name: 'pattern that does not compile', change: (d) => ((field(d, 0, 0).pattern = '[a-'), d), code: 'invalid_pattern', path: `${F0}/0/pattern`, schema: 'accepts' },
  {
    name: 'maxSelected above the number of options',
    change: (d) => (Object.assign(field(d, 0, 2), { type: 'checkboxes', maxSelected: 3 }), d),
    code: 'out_of_range',
    path: `${F0}/2/maxSelected`,
    schema: 'accepts',
  },
  { name: 'condition on an unknown field', change: (d) => ((step(d, 1).condition = { field: 'katze', filled: true }), d), code: 'unknown_field', path: '/steps/1/condition/field', schema: 'accepts' },
  {
    name: 'field condition on a later step',
    change: (d) => ((field(d, 0, 0).condition = { field: 'anzahl', equals: 2 }), d),
    code: 'later_field',
    path: `${F0}/0/condition/field`,
    schema: 'accepts',
  },
  {
    name: 'step condition on its own step',
    change: (d) => ((step(d, 1).condition = { not: { field: 'bis', filled: true } }), d),
    code: 'later_field',
    path: '/steps/1/condition/not/field',
    schema: 'accepts',
  },
  { name: 'field condition on itself', change: (d) => ((field(d, 0, 0).condition = { field: 'name', filled: true }), d), code: 'self_reference', path: `${F0}/0/condition/field`, schema: 'accepts' },
  {
    name: 'reference into a repeatable group from outside',
    change: (d) => ((field(d, 1, 1).condition = { field: 'gefaehrlich', equals: true }), d),
    code: 'group_scope',
    path: `${F1}/1/condition/field`,
    schema: 'accepts',
  },
  {
    name: 'condition value that is not an option',
    change: (d) => ((field(d, 0, 3).condition = { field: 'art', in: ['a', 'c'] }), d),
    code: 'unknown_option',
    path: `${F0}/3/condition/in/1`,
    schema: 'accepts',
  },
  { name: 'yes/no compared with a string', change: (d) => ((step(d, 1).condition = { field: 'hatHund', equals: 'ja' }), d), code: 'type_mismatch', path: '/steps/1/condition/equals', schema: 'accepts' },
  { name: 'rule on an unknown field', change: (d) => ((rule(d).field = 'ende'), d), code: 'unknown_field', path: '/rules/0/field', schema: 'accepts' },
  { name: 'date rule comparing a text field', change: (d) => ((rule(d).check = { field: 'bis', after: 'name' }), d), code: 'type_mismatch', path: '/rules/0/check/after', schema: 'accepts' },
  {
    name: 'rule reading a field of a later step',
    change: (d) => {
      const r = rule(d);
      delete r.when;
      Object.assign(r, { field: 'name', check: { anyFilled: ['name', 'bis'] } });
      return d;
    },
    code: 'later_field',
    path: '/rules/0/check/anyFilled/1',
    schema: 'accepts',
  },
];
