/**
 * Raw form input → typed answer, one field at a time. Only what cannot be read at all becomes an
 * issue here (not a number, not a date, an unknown file reference); whether a readable answer is
 * acceptable (required, ranges, checksums) is validate-field.ts's job. Empty input gives
 * `undefined`: an unanswered field has no entry in the answers.
 */
import type { Field, GroupField } from '../definition/types.ts';
import type { AnswerValue, Answers, FileRef, GroupItem } from './answers.ts';
import { parseDate } from './dates.ts';
import { decimalToNumber, parseDecimal } from './decimal.ts';
import { normalizeIban } from './iban.ts';
import { issue, issueCodes } from './issues.ts';
import type { FieldIssue } from './issues.ts';
import { parseMoney } from './money.ts';
import { groupIndices, multiple, single } from './raw-input.ts';
import type { RawInput } from './raw-input.ts';

/** Looks up an upload reference of this session; the upload layer has checked size and type. */
export type ParseContext = { files?: (id: string) => FileRef | undefined };

export type Parsed = { value: AnswerValue | undefined; issues: FieldIssue[] };

const ok = (value: AnswerValue | undefined): Parsed => ({ value, issues: [] });
const fail = (name: string, code: FieldIssue['code']): Parsed => ({ value: undefined, issues: [issue(name, code)] });

export function parseField(field: Field, input: RawInput, name: string, context: ParseContext = {}): Parsed {
  const text = single(input, name).trim();
  switch (field.type) {
    case 'group':
      return parseGroup(field, input, name, context);
    case 'address': {
      const [street, postcode, place] = ['street', 'postcode', 'place'].map((part) => single(input, `${name}.${part}`).trim().replace(/\s+/g, ' '));
      return ok(street || postcode || place ? { street: street ?? '', postcode: postcode ?? '', place: place ?? '' } : undefined);
    }
    case 'checkboxes': {
      const values = [...new Set(multiple(input, name))];
      return ok(values.length > 0 ? values : undefined);
    }
    case 'file':
      return parseFiles(input, name, context);
    case 'textarea': {
      // Browsers send line breaks as CRLF but count them as one character for maxlength.
      const value = single(input, name).replace(/\r\n?/g, '\n').trim();
      return ok(value || undefined);
    }
    default:
      if (text === '') return ok(undefined);
  }
  switch (field.type) {
    case 'number': {
      const units = field.unit ? [field.unit.de, field.unit.en] : [];
      const withoutUnit = units.reduce((rest, unit) => (rest.endsWith(unit) ? rest.slice(0, -unit.length) : rest), text);
      const decimal = parseDecimal(withoutUnit);
      return decimal ? ok(decimalToNumber(decimal)) : fail(name, issueCodes.invalidNumber);
    }
    case 'money': {
      const cents = parseMoney(text);
      return cents === undefined ? fail(name, issueCodes.invalidMoney) : ok(cents);
    }
    case 'date': {
      const iso = parseDate(text);
      return iso === undefined ? fail(name, issueCodes.invalidDate) : ok(iso);
    }
    case 'yesno':
      if (text === 'ja') return ok(true);
      if (text === 'nein') return ok(false);
      return fail(name, issueCodes.invalidOption);
    case 'iban':
      return ok(normalizeIban(text));
    case 'postcode':
      return ok(text.replace(/\s/g, ''));
    default:
      return ok(text.replace(/[\r\n]+/g, ' '));
  }
}

function parseFiles(input: RawInput, name: string, context: ParseContext): Parsed {
  const refs: FileRef[] = [];
  const issues: FieldIssue[] = [];
  for (const id of new Set(multiple(input, name))) {
    const ref = context.files?.(id);
    // An id the upload layer does not know is tampering or an expired upload: never trust it.
    if (ref) refs.push(ref);
    else if (issues.length === 0) issues.push(issue(name, issueCodes.unknownFile));
  }
  return { value: refs.length > 0 ? refs : undefined, issues };
}

/** Items posted as `name[i].child`; items with nothing entered are dropped, the rest renumbered. */
function parseGroup(field: GroupField, input: RawInput, name: string, context: ParseContext): Parsed {
  const items: GroupItem[] = [];
  const issues: FieldIssue[] = [];
  for (const index of groupIndices(input, name)) {
    const sub = itemInput(input, `${name}[${index}].`);
    const item: Answers = {};
    const itemIssues: FieldIssue[] = [];
    for (const child of field.fields) {
      const parsed = parseField(child, sub, child.id, context);
      if (parsed.value !== undefined) item[child.id] = parsed.value;
      itemIssues.push(...parsed.issues);
    }
    if (Object.keys(item).length === 0 && itemIssues.length === 0) continue;
    const prefix = `${name}[${items.length}].`;
    issues.push(...itemIssues.map((found) => ({ ...found, field: prefix + found.field })));
    items.push(item);
  }
  return { value: items.length > 0 ? items : undefined, issues };
}

/** The input of one item, with the item prefix removed from the names. */
function itemInput(input: RawInput, prefix: string): RawInput {
  const sub: Record<string, string | readonly string[] | undefined> = {};
  for (const [key, value] of Object.entries(input)) if (key.startsWith(prefix)) sub[key.slice(prefix.length)] = value;
  return sub;
}
