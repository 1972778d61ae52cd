import type { Locale } from './i18n.ts';

/** Dates, numbers and money the way German (or English) readers expect them, in German time. */
const timeZone = 'Europe/Berlin';
const tag = (locale: Locale) => (locale === 'de' ? 'de-DE' : 'en-GB');

/**
 * Formatters are built once per language and reused: creating an Intl formatter costs far more
 * than formatting (a list page formats a hundred dates).
 */
function perLocale<F>(make: (tag: string) => F): (locale: Locale) => F {
  const made = new Map<Locale, F>();
  return (locale) => {
    let formatter = made.get(locale);
    if (!formatter) made.set(locale, (formatter = make(tag(locale))));
    return formatter;
  };
}

const dateFormat = perLocale((t) => new Intl.DateTimeFormat(t, { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }));
const dateTimeFormat = perLocale((t) => new Intl.DateTimeFormat(t, { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }));
const moneyFormat = perLocale((t) => new Intl.NumberFormat(t, { style: 'currency', currency: 'EUR' }));

export function formatDate(value: Date, locale: Locale): string {
  return dateFormat(locale).format(value);
}

export function formatDateTime(value: Date, locale: Locale): string {
  return dateTimeFormat(locale).format(value);
}

/** Number formatters per language and number of decimals (an inbox page formats a dozen counts). */
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, locale: Locale, fractionDigits = 0): string {
  const key = `${locale}:${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(tag(locale), { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })));
  return format.format(value);
}

/** Money is kept in whole cents; shown in euros. */
export function formatMoney(cents: number, locale: Locale): string {
  return moneyFormat(locale).format(cents / 100);
}
