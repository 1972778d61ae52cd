/**
 * What is wrong with an answer, as a code with parameters, never as text (see
 * src/platform/validation.ts): `messages.ts` turns codes into German or English sentences.
 * `field` is the input's name as posted: `email`, `hunde[0].hundGeburtsdatum`, `anschrift.postcode`.
 * Date parameters are ISO dates, money parameters cents; the messages format them.
 */
export const issueCodes = {
  required: 'required',
  tooShort: 'too_short',
  tooLong: 'too_long',
  patternMismatch: 'pattern_mismatch',
  invalidNumber: 'invalid_number',
  notInteger: 'not_integer',
  numberTooSmall: 'number_too_small',
  numberTooLarge: 'number_too_large',
  invalidMoney: 'invalid_money',
  moneyTooSmall: 'money_too_small',
  moneyTooLarge: 'money_too_large',
  invalidDate: 'invalid_date',
  dateBeforeMin: 'date_before_min',
  dateAfterMax: 'date_after_max',
  /** A `max` of `today`: the GOV.UK wording "must be today or in the past" is clearer than a date. */
  dateInFuture: 'date_in_future',
  dateInPast: 'date_in_past',
  invalidEmail: 'invalid_email',
  invalidPhone: 'invalid_phone',
  invalidIban: 'invalid_iban',
  ibanLength: 'iban_length',
  ibanChecksum: 'iban_checksum',
  invalidPostcode: 'invalid_postcode',
  streetMissing: 'address_street_missing',
  postcodeMissing: 'address_postcode_missing',
  placeMissing: 'address_place_missing',
  invalidOption: 'invalid_option',
  tooFewSelected: 'too_few_selected',
  tooManySelected: 'too_many_selected',
  tooFewItems: 'too_few_items',
  tooManyItems: 'too_many_items',
  tooManyFiles: 'too_many_files',
  unknownFile: 'unknown_file',
  /** A cross-field rule failed; its text is the rule's own `message` in the definition. */
  ruleFailed: 'rule_failed',
} as const;

export type IssueCode = (typeof issueCodes)[keyof typeof issueCodes];

export type FieldIssue = { field: string; code: IssueCode; params?: Record<string, string | number> };

export function issue(field: string, code: IssueCode, params?: Record<string, string | number>): FieldIssue {
  return params ? { field, code, params } : { field, code };
}
