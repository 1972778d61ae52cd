/**
 * German decimal input as people type it: "1.234,5", "1234,5", "0,5", "12.50". The comma is the
 * decimal sign (DIN 5008); dots are thousands separators when they group by three ("1.234" is
 * one thousand two hundred thirty-four), otherwise a single dot is read as a decimal point, since
 * many people type "12.50". Spaces (also non-breaking) are ignored.
 */
export type Decimal = { negative: boolean; whole: string; fraction: string };

export function parseDecimal(text: string): Decimal | undefined {
  let compact = text.replace(/[\s\u00a0\u202f]/g, '');
  let negative = false;
  if (/^[-\u2212]/.test(compact)) {
    negative = true;
    compact = compact.slice(1);
  }
  if (compact.includes(',')) {
    const match = /^(\d{1,3}(?:\.\d{3})+|\d+)?,(\d*)$/.exec(compact);
    if (!match || (match[1] === undefined && !match[2])) return undefined;
    return { negative, whole: (match[1] ?? '0').replaceAll('.', ''), fraction: match[2] ?? '' };
  }
  if (/^\d{1,3}(?:\.\d{3})+$/.test(compact)) return { negative, whole: compact.replaceAll('.', ''), fraction: '' };
  const plain = /^(\d+)(?:\.(\d+))?$/.exec(compact);
  if (!plain?.[1]) return undefined;
  return { negative, whole: plain[1], fraction: plain[2] ?? '' };
}

export function decimalToNumber(decimal: Decimal): number {
  const value = Number(`${decimal.whole}.${decimal.fraction || '0'}`);
  return decimal.negative ? -value : value;
}

// One formatter per number of decimals, made once: creating an Intl formatter costs far more than
// using it, and a recheck before "absenden" formats every stored number again.
const formatters = new Map<number | undefined, Intl.NumberFormat>();

/** German display: "1.234,5"; `fractionDigits` fixes the decimals (money: 2). */
export function formatDecimal(value: number, fractionDigits?: number): string {
  let formatter = formatters.get(fractionDigits);
  if (!formatter) {
    const options = fractionDigits === undefined ? { maximumFractionDigits: 10 } : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
    formatter = new Intl.NumberFormat('de-DE', options);
    if (formatters.size < 32) formatters.set(fractionDigits, formatter);
  }
  return formatter.format(value);
}
