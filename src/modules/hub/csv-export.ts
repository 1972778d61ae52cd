/**
 * CSV for spreadsheets, as RFC 4180 describes it (CRLF between records, fields with separator,
 * quote or line break in double quotes, quotes doubled) — with two choices for the people who
 * open it: the separator is a semicolon, because German Excel reads a comma as the decimal mark
 * and splits "12,50" otherwise (RFC 4180 §2 names the comma, but its MIME type allows others via
 * convention, and Excel in the de-DE locale expects ";"); and the file starts with a UTF-8 byte
 * order mark, without which Excel reads UTF-8 as Windows-1252 and garbles "Lügde".
 * Cells that start with = + - @ are prefixed with ' so a spreadsheet does not run them as
 * formulas (CSV injection, OWASP).
 */
export const csvSeparator = ';';

function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(csvSeparator)).join('\r\n')}\r\n`;
}

/** Euros for a spreadsheet in German: "1234,50" (no thousands separator, comma as decimal mark). */
export function euroCell(cents: number | null): string | null {
  return cents === null ? null : (cents / 100).toFixed(2).replace('.', ',');
}
