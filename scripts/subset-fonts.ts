/**
 * Writes the Fira Sans subsets the portal serves (src/platform/views/font-subset.ts says which
 * characters and weights, and why) to src/platform/views/fonts/. Run it after changing the
 * character set: `node scripts/subset-fonts.ts`; the files are committed, so neither start nor
 * CI needs the subsetter.
 *
 * Source: the Google Fonts build of Fira Sans in @expo-google-fonts/fira-sans (SIL Open Font
 * License 1.1 without a Reserved Font Name, so a subset may keep the name), the same files the
 * PDFs embed. Kept: the outlines, kerning and the ligatures and mark features German text uses;
 * dropped: TrueType hinting (modern browsers render without it) and the stylistic sets.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import subsetFont from 'subset-font';
import { subsetCharacters, subsetFaces } from '../src/platform/views/font-subset.ts';

const require = createRequire(import.meta.url);
const sourceDir = path.dirname(require.resolve('@expo-google-fonts/fira-sans/package.json'));
const targetDir = path.resolve(import.meta.dirname, '..', 'src', 'platform', 'views', 'fonts');
fs.mkdirSync(targetDir, { recursive: true });

const text = subsetCharacters();
for (const [weight, face] of subsetFaces) {
  const source = fs.readFileSync(path.join(sourceDir, face.source));
  const subset = await subsetFont(source, text, {
    targetFormat: 'woff2',
    keepFeatures: ['kern', 'liga', 'ccmp', 'locl', 'mark', 'mkmk'],
    noHinting: true,
    noLayoutClosure: true,
  });
  fs.writeFileSync(path.join(targetDir, face.file), subset);
  process.stdout.write(`${face.file} (${weight}): ${(source.length / 1024).toFixed(0)} KB → ${(subset.length / 1024).toFixed(1)} KB\n`);
}
fs.copyFileSync(path.join(sourceDir, 'LICENSE_FONT'), path.join(targetDir, 'OFL.txt'));
