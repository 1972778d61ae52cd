/**
 * How query terms become database conditions, shared by the candidate lookup and the ranking.
 */

/** Word parts and trigram matching start here; shorter words are too ambiguous. */
export const minPartLength = 4;
/**
 * Typos find services from here on: a word of five letters has six trigrams, and one typo spoils
 * three of them, so below this length trigram similarity finds every word with the same start.
 */
export const minTypoLength = 6;

/** Shorter words match whole words only: "ii" in "Arbeitslosengeld II", but "ge" finds nothing. */
export const minPrefixLength = 3;

/** `kraftfahrzeug zulassung` → `kraftfahrzeug & zulassung` (folded words are only [a-z0-9]). */
export function tsQueryText(term: string, prefix: boolean): string {
  return term
    .split(' ')
    .map((word) => (prefix && word.length >= minPrefixLength ? `${word}:*` : word))
    .join(' & ');
}
