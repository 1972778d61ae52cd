/**
 * Reading and writing CSV (RFC 4180).
 *
 * Parses CSV as RFC 4180 describes it: comma-separated, fields optionally in double quotes,
 * a doubled quote inside quotes is a quote, line breaks inside quotes belong to the field.
 * Returns one object per data row, keyed by the header row.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) return [];
  return data.map((values) => Object.fromEntries(header.map((name, index) => [name, values[index] ?? ''])));
}

/**
 * Writing CSV for spreadsheets (the hub's exports, the case inbox), as RFC 4180 describes it
 * (CRLF between records, fields with separator, quote or line break in double quotes, quotes
 * doubled) — with two choices for the people who open it: the separator is a semicolon, because German Excel reads a comma as the decimal mark
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
