/**
 * The characters the portal's Fira Sans files keep (scripts/subset-fonts.ts writes them to
 * src/platform/views/fonts/): Basic Latin, Latin-1 (German umlauts and ß, French and other West
 * European letters, « » § ° ·), the Latin Extended letters of names in the district's data
 * (Œ œ Š š Ÿ Ž ž), and typographic punctuation (– — ‘ ’ ‚ “ ” „ • … ‰ ‹ › € ™). Every other
 * character is drawn by the fallback font of the font stack, which the `unicode-range` of each
 * face tells the browser before it downloads anything. The full faces are about 130 KB each;
 * these about 13 KB (issue 8: a first visit within 80 KB).
 */
export const subsetRanges: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x152, 0x153],
  [0x160, 0x161],
  [0x178, 0x178],
  [0x17d, 0x17e],
  [0x2013, 0x2014],
  [0x2018, 0x201e],
  [0x2022, 0x2022],
  [0x2026, 0x2026],
  [0x2030, 0x2030],
  [0x2039, 0x203a],
  [0x20ac, 0x20ac],
  [0x2122, 0x2122],
];

/** The ranges as a CSS `unicode-range` value (CSS Fonts 4, §4.5). */
export function unicodeRange(): string {
  const hex = (code: number) => code.toString(16).toUpperCase();
  return subsetRanges.map(([from, to]) => (from === to ? `U+${hex(from)}` : `U+${hex(from)}-${hex(to)}`)).join(', ');
}

/** Every character of the subset, in code point order. */
export function subsetCharacters(): string {
  let text = '';
  for (const [from, to] of subsetRanges) for (let code = from; code <= to; code++) text += String.fromCodePoint(code);
  return text;
}

/** The weights shipped, by the file name KERN gives them; other weights keep KERN's full file. */
export const subsetFaces: ReadonlyMap<number, { file: string; source: string }> = new Map([
  [400, { file: 'FiraSans-Regular.woff2', source: '400Regular/FiraSans_400Regular.ttf' }],
  [500, { file: 'FiraSans-Medium.woff2', source: '500Medium/FiraSans_500Medium.ttf' }],
  [600, { file: 'FiraSans-SemiBold.woff2', source: '600SemiBold/FiraSans_600SemiBold.ttf' }],
  [700, { file: 'FiraSans-Bold.woff2', source: '700Bold/FiraSans_700Bold.ttf' }],
]);
