/**
 * Structures the legal-basis columns of the LeiKa export. `rechtsgrundlage` lists citations, each
 * followed by its link in brackets:
 *   "§ 49 Kreislaufwirtschaftsgesetz [http://www.gesetze-im-internet.de/krwg/__49.html], § 23 ..."
 * `gesetze` and `gesetz_kuerzel` list the laws and their abbreviations in the same order, comma
 * separated — but a law's name may itself contain commas ("Verordnung zur Durchführung der
 * Vorschriften über Steuerberater, Steuerbevollmächtigte und ...").
 */

export type LegalReference = { citation: string; url: string | null };
export type Law = { name: string; abbreviation: string | null };

/** An http(s) URL, or null; "www.…" without a scheme (one row in 2019) gets https://. */
function normaliseUrl(target: string): string | null {
  const candidate = /^www\./i.test(target) ? `https://${target}` : target;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function cleanCitation(text: string): string {
  return text.replace(/^[\s,;]+|[\s,;]+$/g, '').replace(/\s+/g, ' ');
}

/**
 * Splits at the bracketed links: the text before each link is its citation (so commas inside a
 * citation such as "§§ 1, 2" survive). Text after the last link, or without any link, becomes a
 * citation without URL; a bracket that holds no URL stays part of the citation text.
 */
export function parseLegalReferences(text: string): LegalReference[] {
  const references: LegalReference[] = [];
  let pending = '';
  let rest = text;
  for (;;) {
    const match = /\[([^\]]*)\]/.exec(rest);
    if (!match) break;
    const before = rest.slice(0, match.index);
    const url = normaliseUrl((match[1] ?? '').trim());
    rest = rest.slice(match.index + match[0].length);
    if (url === null) {
      pending += before + match[0];
      continue;
    }
    const citation = cleanCitation(pending + before);
    pending = '';
    references.push({ citation: citation === '' ? url : citation, url });
  }
  const tail = cleanCitation(pending + rest);
  if (tail !== '') references.push({ citation: tail, url: null });
  return references;
}

/**
 * Pairs laws with abbreviations. One abbreviation (or none): the whole `gesetze` text is one law.
 * Several: split `gesetze` at ", " into as many parts as there are abbreviations, joining pieces
 * that continue a name; `knownNames` (every single-law name of the file) decides which pieces
 * belong together. When no split fits, the laws are kept as one entry rather than guessed.
 * Repeated names are listed once.
 */
export function parseLaws(names: string, abbreviations: string, knownNames: ReadonlySet<string>): Law[] {
  const abbrs = abbreviations.split(',').map((a) => a.trim()).filter((a) => a !== '');
  const text = names.trim();
  if (text === '') return abbrs.map((abbreviation) => ({ name: abbreviation, abbreviation }));
  let laws: Law[];
  if (abbrs.length <= 1) {
    laws = [{ name: text, abbreviation: abbrs[0] ?? null }];
  } else {
    const parts = splitNames(text.split(/,\s*/), abbrs.length, knownNames);
    laws = parts ? parts.map((name, i) => ({ name, abbreviation: abbrs[i] ?? null })) : [{ name: text, abbreviation: abbrs.join(', ') }];
  }
  const seen = new Set<string>();
  return laws.filter((law) => !seen.has(law.name) && seen.add(law.name));
}

/** Groups `pieces` into exactly `count` names, preferring names known from other rows. */
function splitNames(pieces: string[], count: number, knownNames: ReadonlySet<string>): string[] | null {
  if (pieces.length === count) return pieces;
  if (pieces.length < count) return null;
  const result: string[] = [];
  let index = 0;
  while (index < pieces.length) {
    // The longest run of pieces from here that forms a known name, else a single piece.
    let taken = 1;
    for (let end = pieces.length; end > index + 1; end--) {
      if (knownNames.has(pieces.slice(index, end).join(', '))) {
        taken = end - index;
        break;
      }
    }
    result.push(pieces.slice(index, index + taken).join(', '));
    index += taken;
  }
  return result.length === count ? result : null;
}
