/**
 * Structural check of an unknown JSON value against the form definition format: the same rules as
 * the published JSON Schema (types, required and unknown properties, identifier syntax, ranges),
 * written out by hand so that every problem names the exact place and says what is expected.
 */
import { parseDateBound } from './date-bounds.ts';
import { baseFieldProperties, fieldExtraProperties, isFieldType, fieldTypes } from './field-types.ts';
import type { PropertyKind, PropertySpec } from './field-types.ts';
import { pointer, problemCodes as codes } from './problems.ts';
import type { ProblemCode, ProblemList } from './problems.ts';

export const identifierPattern = /^[a-z][a-zA-Z0-9_]*$/;
/** Form ids are slugs (they appear in URLs): lower-case words joined by hyphens. */
export const formIdPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** LeiKa keys (Leistungsschlüssel) have 14 digits. */
export const serviceKeyPattern = /^\d{14}$/;
/** A media type (`application/pdf`, `image/*`) or a file name extension (`.pdf`). */
export const acceptPattern = /^(?:[a-z]+\/(?:\*|[a-z0-9][a-z0-9!#$&^_.+-]*)|\.[a-z0-9]+)$/;
export const sourceKinds = ['fim-xdatenfelder-2', 'fim-xdatenfelder-3', 'editor', 'json'] as const;

type Check = (value: unknown, path: string, out: ProblemList) => void;
type Props = Record<string, { required: boolean; check: Check }>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(props: Props): Check {
  return (value, path, out) => {
    if (!isRecord(value)) {
      out.add(path, codes.type, 'must be an object');
      return;
    }
    for (const key of Object.keys(value)) {
      if (!(key in props)) out.add(pointer(path, key), codes.unknownProperty, `unknown property "${key}"`);
    }
    for (const [key, { required, check }] of Object.entries(props)) {
      if (value[key] === undefined) {
        if (required) out.add(pointer(path, key), codes.required, `"${key}" is required`);
      } else {
        check(value[key], pointer(path, key), out);
      }
    }
  };
}

function arrayOf(item: Check, minItems = 0): Check {
  return (value, path, out) => {
    if (!Array.isArray(value)) {
      out.add(path, codes.type, 'must be an array');
      return;
    }
    if (value.length < minItems) out.add(path, codes.emptyList, `must have at least ${minItems} item${minItems === 1 ? '' : 's'}`);
    value.forEach((entry, index) => item(entry, pointer(path, index), out));
  };
}

function text(rule?: { pattern: RegExp; code: ProblemCode; message: string }): Check {
  return (value, path, out) => {
    if (typeof value !== 'string') {
      out.add(path, codes.type, 'must be a string');
    } else if (value.trim() === '') {
      out.add(path, codes.emptyText, 'must not be empty');
    } else if (rule && !rule.pattern.test(value)) {
      out.add(path, rule.code, rule.message);
    }
  };
}

const identifier = text({
  pattern: identifierPattern,
  code: codes.invalidId,
  message: 'must be an identifier: a lower-case ASCII letter, then ASCII letters, digits or "_"',
});

const localized: Check = object({ de: { required: true, check: text() }, en: { required: true, check: text() } });

const boolean: Check = (value, path, out) => {
  if (typeof value !== 'boolean') out.add(path, codes.type, 'must be true or false');
};

function numberCheck(options: { integer?: boolean; minimum?: number; exclusiveMinimum?: number }): Check {
  return (value, path, out) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      out.add(path, codes.type, 'must be a number');
    } else if (options.integer && !Number.isInteger(value)) {
      out.add(path, codes.type, 'must be a whole number');
    } else if (options.minimum !== undefined && value < options.minimum) {
      out.add(path, codes.outOfRange, `must be at least ${options.minimum}`);
    } else if (options.exclusiveMinimum !== undefined && value <= options.exclusiveMinimum) {
      out.add(path, codes.outOfRange, `must be greater than ${options.exclusiveMinimum}`);
    }
  };
}

const scalar: Check = (value, path, out) => {
  const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
  if (!ok) out.add(path, codes.type, 'must be a string, number or boolean');
};

const stringOrNumber: Check = (value, path, out) => {
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    out.add(path, codes.type, 'must be a string or number');
  }
};

const dateBound: Check = (value, path, out) => {
  if (typeof value !== 'string') out.add(path, codes.type, 'must be a string');
  else if (!parseDateBound(value)) {
    out.add(path, codes.invalidDateBound, 'must be a date YYYY-MM-DD or relative to today: today, today+30, today-2w, today+6m, today-18y');
  }
};

const accept: Check = arrayOf((value, path, out) => {
  if (typeof value !== 'string') out.add(path, codes.type, 'must be a string');
  else if (!acceptPattern.test(value)) out.add(path, codes.invalidAccept, 'must be a media type like application/pdf or image/* or an extension like .pdf');
}, 1);

const option: Check = object({ value: { required: true, check: text() }, label: { required: true, check: localized } });

const checkCondition: Check = (value, path, out) => {
  if (!isRecord(value)) {
    out.add(path, codes.type, 'must be an object');
    return;
  }
  if ('all' in value) return object({ all: { required: true, check: arrayOf(checkCondition, 1) } })(value, path, out);
  if ('any' in value) return object({ any: { required: true, check: arrayOf(checkCondition, 1) } })(value, path, out);
  if ('not' in value) return object({ not: { required: true, check: checkCondition } })(value, path, out);
  const tests = ['equals', 'notEquals', 'in', 'filled'].filter((key) => key in value);
  if (tests.length !== 1) {
    out.add(path, codes.invalidValue, 'must have "field" and exactly one of equals, notEquals, in, filled; or be all, any, not');
    return;
  }
  const valueCheck: Record<string, Check> = { equals: scalar, notEquals: scalar, in: arrayOf(stringOrNumber, 1), filled: boolean };
  const test = tests[0] as string;
  object({ field: { required: true, check: identifier }, [test]: { required: true, check: valueCheck[test] as Check } })(value, path, out);
};

const kindChecks: Record<PropertyKind, Check> = {
  identifier,
  fieldType: (value, path, out) => {
    if (!isFieldType(value)) out.add(path, codes.invalidValue, `must be one of ${fieldTypes.join(', ')}`);
  },
  localized,
  boolean,
  condition: checkCondition,
  count: numberCheck({ integer: true, minimum: 0 }),
  positiveCount: numberCheck({ integer: true, minimum: 1 }),
  number: numberCheck({}),
  cents: numberCheck({ integer: true }),
  string: text(),
  regex: text(),
  dateBound,
  options: arrayOf(option, 1),
  accept,
  sizeMb: numberCheck({ exclusiveMinimum: 0 }),
  fields: (value, path, out) => arrayOf(checkField, 1)(value, path, out),
};

function propsFrom(specs: Record<string, PropertySpec>): Props {
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, { required: spec.required, check: kindChecks[spec.kind] }]));
}

const checkField: Check = (value, path, out) => {
  if (isRecord(value) && isFieldType(value.type)) {
    object(propsFrom({ ...baseFieldProperties, ...fieldExtraProperties[value.type] }))(value, path, out);
  } else if (isRecord(value) && value.type === undefined) {
    out.add(pointer(path, 'type'), codes.required, '"type" is required');
  } else if (isRecord(value)) {
    kindChecks.fieldType(value.type, pointer(path, 'type'), out);
  } else {
    out.add(path, codes.type, 'must be an object');
  }
};

const comparisonKeys = ['before', 'after', 'lessThan', 'greaterThan'] as const;

const ruleCheck: Check = (value, path, out) => {
  if (isRecord(value) && 'anyFilled' in value) {
    object({ anyFilled: { required: true, check: arrayOf(identifier, 1) } })(value, path, out);
    return;
  }
  const keys = isRecord(value) ? comparisonKeys.filter((key) => key in value) : [];
  const comparison = keys[0];
  if (!isRecord(value) || keys.length !== 1 || comparison === undefined) {
    out.add(path, codes.invalidValue, 'must be { anyFilled: [...] } or { field, before | after | lessThan | greaterThan }');
    return;
  }
  object({ field: { required: true, check: identifier }, [comparison]: { required: true, check: identifier } })(value, path, out);
};

const rule = object({
  id: { required: true, check: identifier },
  field: { required: true, check: identifier },
  message: { required: true, check: localized },
  when: { required: false, check: checkCondition },
  check: { required: true, check: ruleCheck },
});

const step = object({
  id: { required: true, check: identifier },
  title: { required: true, check: localized },
  intro: { required: false, check: localized },
  condition: { required: false, check: checkCondition },
  fields: { required: true, check: arrayOf(checkField) },
});

const formatVersion: Check = (value, path, out) => {
  if (value !== 1) out.add(path, codes.invalidValue, 'must be 1 (this validator knows format version 1)');
};

const sourceKind: Check = (value, path, out) => {
  if (!(sourceKinds as readonly unknown[]).includes(value)) out.add(path, codes.invalidValue, `must be one of ${sourceKinds.join(', ')}`);
};

export const checkDefinitionStructure: Check = object({
  formatVersion: { required: true, check: formatVersion },
  id: { required: true, check: text({ pattern: formIdPattern, code: codes.invalidId, message: 'must be a slug: lower-case ASCII letters and digits, words joined by "-"' }) },
  title: { required: true, check: localized },
  intro: { required: false, check: localized },
  serviceKeys: { required: false, check: arrayOf(text({ pattern: serviceKeyPattern, code: codes.invalidValue, message: 'must be a LeiKa key of 14 digits' })) },
  steps: { required: true, check: arrayOf(step, 1) },
  rules: { required: false, check: arrayOf(rule) },
  declaration: { required: true, check: object({ text: { required: true, check: localized }, confirmLabel: { required: true, check: localized } }) },
  source: {
    required: false,
    check: object({ kind: { required: true, check: sourceKind }, id: { required: false, check: text() }, version: { required: false, check: text() } }),
  },
});
