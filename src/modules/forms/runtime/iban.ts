/**
 * IBAN check after ISO 13616: two letters (country), two check digits, then the national account
 * number (BBAN). The check: move the first four characters to the end, replace letters by numbers
 * (A = 10 … Z = 35) and the remainder modulo 97 must be 1 (ISO 7064 MOD 97-10). The length per
 * country comes from the SWIFT IBAN registry; here the countries of the SEPA area most often met
 * in a German district, other countries get the general 15–34 characters.
 */
const lengths: Readonly<Record<string, number>> = {
  DE: 22, AT: 20, CH: 21, NL: 18, BE: 16, LU: 20, FR: 27, IT: 27, ES: 24, PL: 28, CZ: 24, DK: 18, LI: 21,
};

/** Spaces removed, upper case: "de89 3704 …" → "DE893704…". */
export function normalizeIban(text: string): string {
  return text.replace(/[\s\u00a0]/g, '').toUpperCase();
}

export type IbanProblem = { kind: 'format' } | { kind: 'length'; country: string; length: number } | { kind: 'checksum' };

export function checkIban(iban: string): IbanProblem | undefined {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return { kind: 'format' };
  const country = iban.slice(0, 2);
  const length = lengths[country];
  if (length !== undefined && iban.length !== length) return { kind: 'length', country, length };
  return mod97(iban) === 1 ? undefined : { kind: 'checksum' };
}

function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  // Digit by digit keeps the number small (the whole value has up to 68 digits).
  for (const char of rearranged) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** "DE89 3704 0044 0532 0130 00": groups of four, as printed on bank cards. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
