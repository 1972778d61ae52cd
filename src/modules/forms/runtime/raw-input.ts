/**
 * Reading an urlencoded POST body (`@fastify/formbody` gives strings, or arrays for repeated
 * names). A single-valued field posted several times is treated as tampered and read as its first
 * value. Names follow the page's inputs: `anschrift.street`, `hunde[0].hundName`.
 */
export type RawInput = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * U+0000 never comes from typing, and PostgreSQL cannot store it in text or jsonb (the insert
 * would fail with a server error): it is dropped on reading, like any other unreadable byte.
 */
const nul = '\u0000';

export function single(input: RawInput, name: string): string {
  const value = input[name];
  const text = typeof value === 'string' ? value : (value?.[0] ?? '');
  return text.replaceAll(nul, '');
}

/** All non-empty values (GOV.UK check boxes post a hidden empty value so that "none" arrives). */
export function multiple(input: RawInput, name: string): string[] {
  const value = input[name];
  const list = typeof value === 'string' ? [value] : (value ?? []);
  return list.map((entry) => entry.replaceAll(nul, '').trim()).filter((entry) => entry !== '');
}

/**
 * The item indices posted for a group `name`, ascending. Items are renumbered 0, 1, 2 … in this
 * order, so the page should post contiguous indices (it renders items from the parsed answers).
 */
export function groupIndices(input: RawInput, name: string): number[] {
  const prefix = `${name}[`;
  const indices = new Set<number>();
  for (const key of Object.keys(input)) {
    if (!key.startsWith(prefix)) continue;
    const match = /^(\d{1,4})\]/.exec(key.slice(prefix.length));
    if (match) indices.add(Number(match[1]));
  }
  return [...indices].sort((a, b) => a - b);
}

