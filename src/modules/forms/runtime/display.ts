/**
 * An answer as the citizen reads it back, formatted for Germany in both languages: dates
 * 24.12.2026, money 12,50 €, numbers 1.234,5 with their unit, option labels instead of values,
 * an address on two lines. Returns lines; the page joins them with line breaks.
 */
import type { Field, Option } from '../definition/types.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { isAddress } from './answers.ts';
import type { AnswerValue } from './answers.ts';
import { formatDate } from './dates.ts';
import { formatDecimal } from './decimal.ts';
import { formatIban } from './iban.ts';
import { summaryMessages } from './messages.ts';
import { formatMoney } from './money.ts';

export function displayLines(field: Exclude<Field, { type: 'group' }>, value: AnswerValue, locale: Locale): string[] {
  const t = translator(summaryMessages, locale);
  switch (field.type) {
    case 'date':
      return [formatDate(String(value))];
    case 'money':
      return [typeof value === 'number' ? formatMoney(value) : String(value)];
    case 'number': {
      const number = typeof value === 'number' ? formatDecimal(value) : String(value);
      return [field.unit ? `${number}\u00a0${field.unit[locale]}` : number];
    }
    case 'yesno':
      return [value === true ? t('yes') : t('no')];
    case 'iban':
      return [formatIban(String(value))];
    case 'address':
      return isAddress(value) ? [value.street, `${value.postcode} ${value.place}`] : [];
    case 'select':
    case 'radios':
      return [optionLabel(field.options, String(value), locale)];
    case 'checkboxes':
      return (Array.isArray(value) ? value : []).map((entry) => optionLabel(field.options, String(entry), locale));
    case 'file':
      return (Array.isArray(value) ? value : []).map((ref) => (typeof ref === 'object' && 'name' in ref ? String(ref.name) : ''));
    default:
      return String(value).split('\n');
  }
}

function optionLabel(options: readonly Option[], value: string, locale: Locale): string {
  return options.find((option) => option.value === value)?.label[locale] ?? value;
}
