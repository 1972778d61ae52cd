import { translator, type Locale } from './i18n/i18n.ts';
import { platformMessages } from './i18n/platform-messages.ts';

type PlatformKey = keyof typeof platformMessages.de;

/**
 * Input checks that return codes, never text: the page turns a code into a message in the
 * user's language from its catalog (field-specific first, then the generic `validation.*`).
 */
export type ValidationIssue = { field: string; code: string; params?: Record<string, number> };

export type FormInput = Record<string, unknown>;

/** A submitted form field as a trimmed string; anything that is not a single string counts as empty. */
export function field(input: FormInput | undefined, name: string, options: { trim?: boolean } = {}): string {
  const value = input?.[name];
  if (typeof value !== 'string') return '';
  return options.trim === false ? value : value.trim();
}

// A pragmatic check (not the full RFC 5322 grammar): one @, a dot in the domain, no spaces.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkRequired(issues: ValidationIssue[], name: string, value: string): boolean {
  if (value === '') {
    issues.push({ field: name, code: 'required' });
    return false;
  }
  return true;
}

export function checkLength(issues: ValidationIssue[], name: string, value: string, min: number, max: number): boolean {
  if ([...value].length > max) {
    issues.push({ field: name, code: 'too_long', params: { max } });
    return false;
  }
  if ([...value].length < min) {
    issues.push({ field: name, code: 'too_short', params: { min } });
    return false;
  }
  return true;
}

export function checkEmail(issues: ValidationIssue[], name: string, value: string): boolean {
  if (!checkRequired(issues, name, value)) return false;
  if (value.length > 254 || !emailPattern.test(value)) {
    issues.push({ field: name, code: 'invalid_email' });
    return false;
  }
  return true;
}

/** Translates issues: `${field}.${code}` from the module catalog if present, else the platform's `validation.${code}`. */
export function issueMessages(
  issues: readonly ValidationIssue[],
  lookup: (key: string, params?: Record<string, number>) => string | undefined,
  locale: Locale,
): { field: string; message: string }[] {
  const t = translator(platformMessages, locale);
  const generic = (code: string, params?: Record<string, number>) => {
    const key = `validation.${code}`;
    return key in platformMessages[locale] ? t(key as PlatformKey, params) : t('validation.invalid');
  };
  return issues.map((issue) => ({
    field: issue.field,
    message: lookup(`${issue.field}.${issue.code}`, issue.params) ?? generic(issue.code, issue.params),
  }));
}
