/**
 * Turns issue codes into sentences for the error summary and the inline messages. Texts come from
 * the catalog in messages.ts; a failed cross-field rule and a text field's `patternMessage` bring
 * their own text from the definition. Parameters are formatted the German way (dates 24.12.2026,
 * money 12,50 €), and a problem inside a group item says which item ("Hund 2: …").
 */
import type { Field, FormDefinition } from '../definition/types.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import type { Locale, Params } from '../../../platform/i18n/i18n.ts';
import { formatDate } from './dates.ts';
import { formatDecimal } from './decimal.ts';
import { locate } from './field-lookup.ts';
import type { FieldIssue } from './issues.ts';
import { formMessages } from './messages.ts';
import { formatMoney } from './money.ts';

export type IssueMessage = { field: string; message: string };

export function issueMessages(def: FormDefinition, issues: readonly FieldIssue[], locale: Locale): IssueMessage[] {
  return issues.map((found) => ({ field: found.field, message: issueMessage(def, found, locale) }));
}

export function issueMessage(def: FormDefinition, found: FieldIssue, locale: Locale): string {
  const t = translator(formMessages, locale);
  const located = locate(def, found.field);
  const label = located?.field.label[locale] ?? found.field;
  const params: Params = { ...formatParams(found), label: locale === 'en' ? lowerFirst(label) : label, Label: label };
  const message = ownText(def, found, located?.field, locale) ?? t(found.code === 'required' ? requiredKey(located?.field) : found.code, params);
  // The innermost item names the entry the citizen has to correct.
  const item = located?.items.at(-1);
  return item ? t('item', { item: item.group.itemLabel[locale], number: item.index + 1, message }) : message;
}

function ownText(def: FormDefinition, found: FieldIssue, field: Field | undefined, locale: Locale): string | undefined {
  if (found.code === 'rule_failed') return def.rules?.find((rule) => rule.id === found.params?.['rule'])?.message[locale];
  if (found.code === 'pattern_mismatch' && field?.type === 'text') return field.patternMessage?.[locale];
  return undefined;
}

function requiredKey(field: Field | undefined): 'required' | 'required.choose' | 'required.upload' | 'required.add' {
  switch (field?.type) {
    case 'select':
    case 'radios':
    case 'checkboxes':
    case 'yesno':
      return 'required.choose';
    case 'file':
      return 'required.upload';
    case 'group':
      return 'required.add';
    default:
      return 'required';
  }
}

function formatParams(found: FieldIssue): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(found.params ?? {})) {
    if (found.code.startsWith('date_') && typeof value === 'string') params[key] = formatDate(value);
    else if (found.code.startsWith('money_') && typeof value === 'number') params[key] = formatMoney(value);
    else params[key] = typeof value === 'number' ? formatDecimal(value) : value;
  }
  return params;
}

/** GOV.UK lower-cases labels inside a sentence ("Enter date of birth"), but not acronyms ("IBAN"). */
function lowerFirst(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

