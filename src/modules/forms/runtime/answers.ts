/**
 * The answer store of a form session: one value per field id (ids are unique across a form, see
 * types.ts), typed by the field that produced it. Kept as plain JSON so the session layer can store
 * it as is. Money is in euro cents (no floating point for amounts), dates are ISO `YYYY-MM-DD`.
 */

/** A German postal address (field type `address`): one answer with three parts. */
export type AddressAnswer = { street: string; postcode: string; place: string };

/**
 * A file the upload layer has already accepted (size and media type are checked there, against
 * the field's `maxSizeMb` and `accept`); the form runtime only holds the reference.
 */
export type FileRef = { id: string; name: string; mediaType: string; size: number };

/** One item of a repeatable group: the answers of the group's fields for this item. */
export type GroupItem = { [fieldId: string]: AnswerValue };

export type AnswerValue = string | number | boolean | string[] | AddressAnswer | FileRef[] | GroupItem[];

export type Answers = { [fieldId: string]: AnswerValue };

export function isAddress(value: AnswerValue | undefined): value is AddressAnswer {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'street' in value;
}

/** Whether a value counts as answered: empty strings, lists and addresses do not. */
export function isFilled(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isAddress(value)) return [value.street, value.postcode, value.place].some((part) => part.trim() !== '');
  return true;
}
