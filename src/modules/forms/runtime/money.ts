/**
 * Money input in euro: "12,50 €", "€ 12,50", "12,50 EUR", "1.234", "12.5". Stored in cents as an
 * integer, computed from the digits rather than by multiplying a float (0,29 € is 29 cents, not
 * 28.999…). More than two decimals and negative amounts are rejected: a citizen enters amounts.
 */
import { formatDecimal, parseDecimal } from './decimal.ts';

export function parseMoney(text: string): number | undefined {
  const withoutCurrency = text.trim().replace(/^(?:€|EUR)\s*/i, '').replace(/\s*(?:€|EUR)$/i, '');
  const decimal = parseDecimal(withoutCurrency);
  if (!decimal || decimal.negative || decimal.fraction.length > 2) return undefined;
  const cents = Number(decimal.whole) * 100 + Number(decimal.fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : undefined;
}

/** "1.234,50 €", with a non-breaking space so that amount and sign stay on one line. */
export function formatMoney(cents: number): string {
  return `${formatDecimal(cents / 100, 2)}\u00a0€`;
}
