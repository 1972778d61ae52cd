import type { Locale } from './i18n.ts';

/** Dates, numbers and money the way German (or English) readers expect them, in German time. */
const timeZone = 'Europe/Berlin';
const tag = (locale: Locale) => (locale === 'de' ? 'de-DE' : 'en-GB');

export function formatDate(value: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(value);
}

export function formatDateTime(value: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(value);
}

export function formatNumber(value: number, locale: Locale, fractionDigits = 0): string {
  return new Intl.NumberFormat(tag(locale), { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}

/** Money is kept in whole cents; shown in euros. */
export function formatMoney(cents: number, locale: Locale): string {
  return new Intl.NumberFormat(tag(locale), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
