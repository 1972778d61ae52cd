/**
 * What the validator reports: one problem per finding, addressed by a JSON Pointer (RFC 6901)
 * into the checked document, so an editor can put the message next to the offending value.
 */

export const problemCodes = {
  // structure (what the JSON Schema also says)
  type: 'type',
  required: 'required',
  unknownProperty: 'unknown_property',
  invalidValue: 'invalid_value',
  invalidId: 'invalid_id',
  emptyList: 'empty_list',
  outOfRange: 'out_of_range',
  // meaning (what the JSON Schema cannot say)
  emptyText: 'empty_text',
  duplicateId: 'duplicate_id',
  duplicateOption: 'duplicate_option',
  duplicateValue: 'duplicate_value',
  unknownField: 'unknown_field',
  laterField: 'later_field',
  selfReference: 'self_reference',
  groupScope: 'group_scope',
  unknownOption: 'unknown_option',
  typeMismatch: 'type_mismatch',
  minGreaterThanMax: 'min_greater_than_max',
  invalidPattern: 'invalid_pattern',
  invalidDateBound: 'invalid_date_bound',
  invalidAccept: 'invalid_accept',
} as const;

export type ProblemCode = (typeof problemCodes)[keyof typeof problemCodes];

export type Problem = { path: string; code: ProblemCode; message: string };

/** Appends a JSON Pointer token, escaping `~` and `/` as RFC 6901 requires. */
export function pointer(base: string, token: string | number): string {
  return `${base}/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

export class ProblemList {
  readonly items: Problem[] = [];

  add(path: string, code: ProblemCode, message: string): void {
    this.items.push({ path, code, message });
  }

  get size(): number {
    return this.items.length;
  }
}
