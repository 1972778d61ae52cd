/** The part of fontkit (a dependency of pdfkit, no types of its own) the font tests use. */
declare module 'fontkit' {
  export function create(buffer: Buffer): { hasGlyphForCodePoint(codePoint: number): boolean };
}
