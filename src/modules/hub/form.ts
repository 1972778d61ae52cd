/**
 * Reading the hub's forms: each reader returns the parsed value or records an issue code
 * (`required`, `too_long`, `invalid_date` …) that the page turns into a message.
 */
import { checkLength, field, type FormInput, type ValidationIssue } from '../../platform/validation.ts';

export type FormReader = {
  issues: ValidationIssue[];
  /** The submitted strings, to show the form again as it was sent. */
  values: Record<string, string>;
  text(name: string, options?: { required?: boolean; max?: number }): string;
  date(name: string, options?: { required?: boolean }): string | null;
  integer(name: string, options: { required?: boolean; min: number; max: number }): number | null;
  euros(name: string, options?: { required?: boolean }): number | null;
  choice<T extends string>(name: string, allowed: readonly T[]): T | null;
  lines(name: string, options?: { maxLines?: number; maxLength?: number }): string[];
};

/** "24.12.2026", "1.2.2026" or ISO "2026-12-24" as ISO date; undefined when not a real day. */
export function parseDay(text: string): string | undefined {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const day = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** "HH:MM" (24 hours) or undefined. */
export function parseTime(text: string): string | undefined {
  const match = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(text);
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : undefined;
}

/** An amount in euros as German or English writes it ("1.234,50", "1234.50", "12") in cents. */
export function parseEuros(text: string): number | undefined {
  const compact = text.replace(/\s|€|EUR/gi, '');
  const german = /^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(compact);
  const english = /^\d+(\.\d{1,2})?$/.test(compact);
  if (!german && !english) return undefined;
  const normal = german && !english ? compact.replace(/\./g, '').replace(',', '.') : compact;
  const cents = Math.round(Number(normal) * 100);
  return Number.isSafeInteger(cents) ? cents : undefined;
}

export function readForm(input: FormInput | undefined): FormReader {
  const issues: ValidationIssue[] = [];
  const values: Record<string, string> = {};
  const raw = (name: string) => {
    const value = field(input, name);
    values[name] = value;
    return value;
  };
  const missing = (name: string, value: string, required: boolean | undefined) => {
    if (value !== '') return false;
    if (required) issues.push({ field: name, code: 'required' });
    return true;
  };
  return {
    issues,
    values,
    text(name, options = {}) {
      const value = raw(name);
      if (missing(name, value, options.required)) return '';
      checkLength(issues, name, value, 0, options.max ?? 200);
      return value;
    },
    date(name, options = {}) {
      const value = raw(name);
      if (missing(name, value, options.required)) return null;
      const day = parseDay(value);
      if (!day) issues.push({ field: name, code: 'invalid_date' });
      return day ?? null;
    },
    integer(name, options) {
      const value = raw(name);
      if (missing(name, value, options.required)) return null;
      const number = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(number >= options.min && number <= options.max)) {
        issues.push({ field: name, code: 'invalid_number', params: { min: options.min, max: options.max } });
        return null;
      }
      return number;
    },
    euros(name, options = {}) {
      const value = raw(name);
      if (missing(name, value, options.required)) return null;
      const cents = parseEuros(value);
      if (cents === undefined || cents > 100_000_000_000) issues.push({ field: name, code: 'invalid_money' });
      return cents ?? null;
    },
    choice(name, allowed) {
      const value = raw(name);
      if ((allowed as readonly string[]).includes(value)) return value as (typeof allowed)[number];
      issues.push({ field: name, code: value === '' ? 'required' : 'invalid' });
      return null;
    },
    lines(name, options = {}) {
      const value = field(input, name, { trim: false });
      values[name] = value;
      const lines = value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
      if (lines.length > (options.maxLines ?? 30) || lines.some((line) => line.length > (options.maxLength ?? 200))) {
        issues.push({ field: name, code: 'too_many_lines', params: { max: options.maxLines ?? 30 } });
      }
      return lines;
    },
  };
}
