import { checkLength, field, type FormInput, type ValidationIssue } from '../../platform/validation.ts';

/**
 * Small readers for back-office form fields. Each pushes a ValidationIssue (a code, never text)
 * and returns the parsed value, so a form is read in one pass and every problem is reported.
 */

/** The raw strings of a submitted form, to show them again after a failed submit. */
export type FormValues = Record<string, string>;

export function readText(body: FormInput | undefined, values: FormValues, issues: ValidationIssue[], name: string, max: number, required = false): string | null {
  const text = field(body, name).replace(/\r\n/g, '\n');
  values[name] = text;
  if (text === '') {
    if (required) issues.push({ field: name, code: 'required' });
    return null;
  }
  return checkLength(issues, name, text, 1, max) ? text : null;
}

/** "ja"/"nein" radios; anything else (also a missing choice) is an issue. */
export function readYesNo(body: FormInput | undefined, values: FormValues, issues: ValidationIssue[], name: string): boolean {
  const text = field(body, name);
  values[name] = text;
  if (text !== 'ja' && text !== 'nein') issues.push({ field: name, code: 'required' });
  return text === 'ja';
}

/**
 * Euros as Germans write them ("37", "37,00", "1.234,50") or with a decimal point ("37.5"),
 * optionally with "€", to whole cents without floating point. Empty means "no amount".
 */
export function parseEuroCents(text: string): number | null | undefined {
  const plain = text.replace(/\s|€|EUR/gi, '');
  if (plain === '') return null;
  const german = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(plain);
  const point = /^(\d+)\.(\d{1,2})$/.exec(plain);
  const match = german ?? point;
  if (!match) return undefined;
  const euros = Number(match[1]!.replace(/\./g, ''));
  const cents = Number((match[2] ?? '0').padEnd(2, '0'));
  const total = euros * 100 + cents;
  return Number.isSafeInteger(total) && total <= 100_000_000 ? total : undefined;
}

export function readMoney(body: FormInput | undefined, values: FormValues, issues: ValidationIssue[], name: string): number | null {
  const text = field(body, name);
  values[name] = text;
  const cents = parseEuroCents(text);
  if (cents === undefined) {
    issues.push({ field: name, code: 'invalid_money' });
    return null;
  }
  return cents;
}

export function readWholeNumber(body: FormInput | undefined, values: FormValues, issues: ValidationIssue[], name: string, max: number): number | null {
  const text = field(body, name);
  values[name] = text;
  if (text === '') return null;
  if (!/^\d{1,6}$/.test(text) || Number(text) > max) {
    issues.push({ field: name, code: 'invalid_number', params: { max } });
    return null;
  }
  return Number(text);
}

/** A web address that browsers open safely: http(s) only (no javascript:, data: …). */
export function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/**
 * The address of an application form of this platform, `/<tenant-slug>/antrag/<form-slug>`
 * (src/modules/forms/web). Kept relative so it survives a change of BASE_URL; the database allows
 * exactly this shape besides http(s) addresses (migration 0010).
 */
export const internalApplicationPath = /^\/[a-z0-9]+(-[a-z0-9]+)*\/antrag\/[a-z0-9]+(-[a-z0-9]+)*$/;

export function internalApplicationUrl(tenantSlug: string, formSlug: string): string {
  const path = `/${tenantSlug}/antrag/${formSlug}`;
  if (!internalApplicationPath.test(path)) throw new Error(`not an application address: ${path}`);
  return path;
}

/** An online application's address as other systems need it: internal paths become absolute. */
export function absoluteOnlineUrl(url: string | null, baseUrl: string): string | null {
  return url !== null && internalApplicationPath.test(url) ? `${baseUrl.replace(/\/+$/, '')}${url}` : url;
}

/** The online application: a web address, or the address of a form of this platform. */
export function readOnlineUrl(body: FormInput | undefined, values: FormValues, issues: ValidationIssue[], name: string): string | null {
  const text = readText(body, values, issues, name, 500, false);
  if (text === null) return null;
  if (!isWebAddress(text) && !internalApplicationPath.test(text)) {
    issues.push({ field: name, code: 'invalid_url' });
    return null;
  }
  return text;
}

export function readUrl(body: FormInput | undefined, values: FormValues, issues: ValidationIssue[], name: string, required: boolean): string | null {
  const text = readText(body, values, issues, name, 500, required);
  if (text === null) return null;
  if (!isWebAddress(text)) {
    issues.push({ field: name, code: 'invalid_url' });
    return null;
  }
  return text;
}

/** One entry per non-empty line. */
export function readLines(body: FormInput | undefined, values: FormValues, issues: ValidationIssue[], name: string, maxLines: number, maxLength: number): string[] {
  const text = readText(body, values, issues, name, maxLines * (maxLength + 1));
  if (text === null) return [];
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length > maxLines) issues.push({ field: name, code: 'too_many_lines', params: { max: maxLines } });
  else if (lines.some((line) => [...line].length > maxLength)) issues.push({ field: name, code: 'line_too_long', params: { max: maxLength } });
  return lines;
}
