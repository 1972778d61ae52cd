/**
 * Stored answers back to the form input a browser would post: pages render every field from
 * raw input (the posted body after a failed submit, this otherwise), and the final check on
 * submit runs the same `validateStep` over it. Values are written in the formats parse-field.ts
 * reads (German dates and decimals), so a round trip gives the same answers.
 */
import type { Field } from '../definition/types.ts';
import { isAddress } from '../runtime/answers.ts';
import type { AnswerValue, Answers, FileRef } from '../runtime/answers.ts';
import { formatDate } from '../runtime/dates.ts';
import { formatDecimal } from '../runtime/decimal.ts';
import { formatIban } from '../runtime/iban.ts';
import type { RawInput } from '../runtime/raw-input.ts';
import { groupItems } from '../runtime/visibility.ts';

type Mutable = Record<string, string | string[]>;

export function answersToRaw(fields: readonly Field[], answers: Answers): RawInput {
  const out: Mutable = {};
  write(fields, answers, '', out);
  return out;
}

function write(fields: readonly Field[], values: Answers, prefix: string, out: Mutable): void {
  for (const field of fields) {
    const value = values[field.id];
    if (value === undefined) continue;
    const name = prefix + field.id;
    if (field.type === 'group') {
      groupItems(value).forEach((item, index) => write(field.fields, item, `${name}[${index}].`, out));
    } else if (field.type === 'address') {
      if (isAddress(value)) Object.assign(out, { [`${name}.street`]: value.street, [`${name}.postcode`]: value.postcode, [`${name}.place`]: value.place });
    } else if (field.type === 'checkboxes') {
      out[name] = Array.isArray(value) ? value.map(String) : [];
    } else if (field.type === 'file') {
      // The attachment ids, as the step page posts them; parse-field.ts resolves them with `files`.
      out[name] = fileRefs(value).map((ref) => ref.id);
    } else {
      out[name] = scalar(field, value);
    }
  }
}

function fileRefs(value: AnswerValue): FileRef[] {
  return Array.isArray(value) ? value.filter((entry): entry is FileRef => typeof entry === 'object' && entry !== null && 'id' in entry && 'mediaType' in entry) : [];
}

/**
 * Every file reference in stored answers, by id: what `validateStep` needs to resolve the ids
 * answersToRaw writes (stored answers only ever hold references the upload layer created).
 */
export function storedFiles(answers: Answers): Map<string, FileRef> {
  const found = new Map<string, FileRef>();
  const visit = (value: AnswerValue | undefined): void => {
    if (!Array.isArray(value)) return;
    for (const entry of value) {
      if (typeof entry !== 'object' || entry === null) continue;
      if ('mediaType' in entry && typeof entry.id === 'string') found.set(entry.id, entry as FileRef);
      else for (const inner of Object.values(entry)) visit(inner as AnswerValue);
    }
  };
  for (const value of Object.values(answers)) visit(value);
  return found;
}

function scalar(field: Field, value: AnswerValue): string {
  switch (field.type) {
    case 'number':
      return typeof value === 'number' ? formatDecimal(value) : String(value);
    case 'money':
      return typeof value === 'number' ? formatDecimal(value / 100, 2) : String(value);
    case 'date':
      return formatDate(String(value));
    case 'yesno':
      return value === true ? 'ja' : 'nein';
    case 'iban':
      return formatIban(String(value));
    default:
      return String(value);
  }
}
