/**
 * Message catalogs. German is the default language, English the second (every citizen journey
 * speaks both). Each module defines its own catalog with `defineMessages`; the English catalog
 * must have exactly the German keys, which the type checker enforces.
 */
export const locales = ['de', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'de';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export type Catalog<Keys extends string> = { de: Record<Keys, string>; en: Record<Keys, string> };

export function defineMessages<const German extends Record<string, string>>(catalog: {
  de: German;
  en: Record<keyof German, string>;
}): Catalog<keyof German & string> {
  return catalog as Catalog<keyof German & string>;
}

export type Params = Record<string, string | number>;
export type Translate<Keys extends string> = (key: Keys, params?: Params) => string;

/** `{name}` placeholders are replaced by the parameters; an unknown placeholder stays visible. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function translator<Keys extends string>(catalog: Catalog<Keys>, locale: Locale): Translate<Keys> {
  const messages = catalog[locale];
  return (key, params) => interpolate(messages[key], params);
}
