/**
 * Readable URL slugs for catalog entries: German transliteration (DIN 5007-2 style: ä→ae, ö→oe,
 * ü→ue, ß→ss), other accents dropped, "&" read as "und", at most `maxSlugLength` characters cut at
 * a word boundary (LeiKa names run to almost 300 characters).
 */

const transliteration: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ẞ: 'ss' };

/** 120 leaves 91 of the 5,247 services of 2019 needing a "-2" suffix; 80 would cut 428 into twins. */
export const maxSlugLength = 120;

/** "Abdrucke aus dem Schuldnerverzeichnis" → "abdrucke-aus-dem-schuldnerverzeichnis", "Bauen & Wohnen" → "bauen-und-wohnen". */
export function catalogSlug(name: string): string {
  const slug = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[äöüßẞ]/g, (char) => transliteration[char] ?? char)
    .replace(/&/g, ' und ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxSlugLength) return slug || 'leistung';
  const cut = slug.slice(0, maxSlugLength + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 20 ? cut.slice(0, boundary) : cut.slice(0, maxSlugLength)).replace(/-+$/, '');
}

export type SlugCandidate = { key: string; name: string };

/**
 * Gives every entry a unique slug, deterministically: the outcome depends only on the set of
 * entries and the reserved slugs, never on file or database order. Entries with the same base
 * slug are ordered by key — LeiKa keys (digits) before local keys ("L…") — the first keeps the
 * base, the next get "-2", "-3" …. `reserved` are slugs of retired entries, which keep theirs.
 */
export function assignSlugs(entries: readonly SlugCandidate[], reserved: ReadonlySet<string>): Map<string, string> {
  const byBase = new Map<string, SlugCandidate[]>();
  for (const entry of entries) {
    const base = catalogSlug(entry.name);
    const group = byBase.get(base) ?? [];
    group.push(entry);
    byBase.set(base, group);
  }
  const taken = new Set(reserved);
  const result = new Map<string, string>();
  // Bases in sorted order too, so a "-2" suffix that equals another base is resolved the same way every time.
  for (const base of [...byBase.keys()].sort()) {
    const group = (byBase.get(base) ?? []).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let counter = 1;
    for (const entry of group) {
      let slug = counter === 1 ? base : `${base}-${counter}`;
      while (taken.has(slug)) slug = `${base}-${++counter}`;
      counter++;
      taken.add(slug);
      result.set(entry.key, slug);
    }
  }
  return result;
}
