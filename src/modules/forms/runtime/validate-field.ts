/**
 * Checks a typed answer (from parse-field.ts, or stored) against its field: required, lengths,
 * pattern, ranges, formats, options, counts. Returns issue codes, the first problem per input only
 * (GOV.UK: one message per field, the most useful one). File fields are checked by reference:
 * presence and `maxFiles`; size (`maxSizeMb`) and type (`accept`) belong to the upload layer.
 */
import type { Field, GroupField } from '../definition/types.ts';
import { isAddress, isFilled } from './answers.ts';
import type { AnswerValue, Answers } from './answers.ts';
import { checkDate } from './check-date.ts';
import { checkIban } from './iban.ts';
import { issue, issueCodes as codes } from './issues.ts';
import type { FieldIssue } from './issues.ts';
import { checkEmail } from '../../../platform/validation.ts';
import type { ValidationIssue } from '../../../platform/validation.ts';
import { groupItems, visibleFields } from './visibility.ts';

/** `today` is injected (ISO date in the authority's time zone) so that relative date bounds are testable. */
export type ValidateContext = { today: string };

const postcodePattern = /^\d{5}$/;
// Digits, "+" only in front, spaces, "/" and "-" as people write German numbers ("0221 / 123-45").
const phonePattern = /^\+?[\d\s/-]+$/;

export function validateField(field: Field, value: AnswerValue | undefined, name: string, scope: Answers, context: ValidateContext): FieldIssue[] {
  if (field.type === 'group') return validateGroup(field, value, name, scope, context);
  if (!isFilled(value)) return field.required ? [issue(name, codes.required)] : [];
  const one = (code: FieldIssue['code'], params?: Record<string, string | number>): FieldIssue[] => [issue(name, code, params)];
  switch (field.type) {
    case 'text':
    case 'textarea': {
      const length = [...String(value)].length;
      if (field.maxLength !== undefined && length > field.maxLength) return one(codes.tooLong, { max: field.maxLength });
      if (field.minLength !== undefined && length < field.minLength) return one(codes.tooShort, { min: field.minLength });
      // Like the HTML pattern attribute: the whole answer must match, compiled with the `v` flag.
      if (field.type === 'text' && field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'v').test(String(value))) return one(codes.patternMismatch);
      return [];
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return one(codes.invalidNumber);
      if (field.integer && !Number.isInteger(value)) return one(codes.notInteger);
      if (field.min !== undefined && value < field.min) return one(codes.numberTooSmall, { min: field.min });
      if (field.max !== undefined && value > field.max) return one(codes.numberTooLarge, { max: field.max });
      return [];
    case 'money':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return one(codes.invalidMoney);
      if (field.min !== undefined && value < field.min) return one(codes.moneyTooSmall, { min: field.min });
      if (field.max !== undefined && value > field.max) return one(codes.moneyTooLarge, { max: field.max });
      return [];
    case 'date':
      return checkDate(field, value, name, context.today);
    case 'email': {
      const found: ValidationIssue[] = [];
      return typeof value === 'string' && checkEmail(found, name, value) ? [] : one(codes.invalidEmail);
    }
    case 'phone': {
      const digits = String(value).replace(/\D/g, '').length;
      return typeof value === 'string' && phonePattern.test(value) && digits >= 5 && digits <= 20 ? [] : one(codes.invalidPhone);
    }
    case 'iban': {
      const problem = typeof value === 'string' ? checkIban(value) : { kind: 'format' as const };
      if (!problem) return [];
      if (problem.kind === 'length') return one(codes.ibanLength, { country: problem.country, length: problem.length });
      return one(problem.kind === 'checksum' ? codes.ibanChecksum : codes.invalidIban);
    }
    case 'postcode':
      return typeof value === 'string' && postcodePattern.test(value) ? [] : one(codes.invalidPostcode);
    case 'address': {
      if (!isAddress(value)) return one(codes.required);
      if (!value.street) return [issue(`${name}.street`, codes.streetMissing)];
      if (!value.postcode) return [issue(`${name}.postcode`, codes.postcodeMissing)];
      if (!postcodePattern.test(value.postcode)) return [issue(`${name}.postcode`, codes.invalidPostcode)];
      return value.place ? [] : [issue(`${name}.place`, codes.placeMissing)];
    }
    case 'select':
    case 'radios':
      return field.options.some((option) => option.value === value) ? [] : one(codes.invalidOption);
    case 'checkboxes': {
      const ticked = Array.isArray(value) ? value : [];
      if (!ticked.every((entry) => field.options.some((option) => option.value === entry))) return one(codes.invalidOption);
      if (field.minSelected !== undefined && ticked.length < field.minSelected) return one(codes.tooFewSelected, { min: field.minSelected });
      if (field.maxSelected !== undefined && ticked.length > field.maxSelected) return one(codes.tooManySelected, { max: field.maxSelected });
      return [];
    }
    case 'yesno':
      return typeof value === 'boolean' ? [] : one(codes.invalidOption);
    case 'file': {
      const count = Array.isArray(value) ? value.length : 0;
      return field.maxFiles !== undefined && count > field.maxFiles ? one(codes.tooManyFiles, { max: field.maxFiles }) : [];
    }
  }
}

/** Item count, then each item's visible fields, named `group[i].child`. */
function validateGroup(field: GroupField, value: AnswerValue | undefined, name: string, scope: Answers, context: ValidateContext): FieldIssue[] {
  const items = groupItems(value);
  if (items.length === 0 && field.required && !field.minItems) return [issue(name, codes.required)];
  if (field.minItems !== undefined && items.length < field.minItems && (items.length > 0 || field.required)) return [issue(name, codes.tooFewItems, { min: field.minItems })];
  if (field.maxItems !== undefined && items.length > field.maxItems) return [issue(name, codes.tooManyItems, { max: field.maxItems })];
  return items.flatMap((item, index) =>
    visibleFields(field.fields, item, scope).flatMap((entry) => validateField(entry.field, entry.value, `${name}[${index}].${entry.field.id}`, entry.scope, context)),
  );
}
