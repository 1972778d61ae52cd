/**
 * The fonts of our PDFs: Fira Sans, the typeface of the KERN design system, so a printed
 * document looks like the portal. PDF/A requires every font to be embedded (ISO 19005-2 §6.2.11.4).
 *
 * KERN (`@kern-ux/native`) ships Fira Sans only as WOFF2. fontkit reads WOFF2, but its subsetter
 * fails on composite glyphs — every umlaut is one — so we embed the TrueType files of the
 * Google Fonts build from `@expo-google-fonts/fira-sans` (fonts: SIL Open Font License 1.1,
 * © Mozilla Foundation and Telefónica S.A.; package: MIT). The OFL allows embedding in documents.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fontNames = { regular: 'FiraSans-Regular', semiBold: 'FiraSans-SemiBold' } as const;
export type FontName = (typeof fontNames)[keyof typeof fontNames];

const files: Record<FontName, string> = {
  'FiraSans-Regular': '@expo-google-fonts/fira-sans/400Regular/FiraSans_400Regular.ttf',
  'FiraSans-SemiBold': '@expo-google-fonts/fira-sans/600SemiBold/FiraSans_600SemiBold.ttf',
};

const cache = new Map<FontName, Buffer>();

/** The font file's bytes, read once per process. */
export function fontData(name: FontName): Buffer {
  let data = cache.get(name);
  if (!data) {
    data = fs.readFileSync(fileURLToPath(import.meta.resolve(files[name])));
    cache.set(name, data);
  }
  return data;
}
