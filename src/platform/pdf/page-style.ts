/**
 * Page geometry and type scale of our documents: A4 (DIN EN ISO 216, the paper German
 * authorities print on), 2 cm margins, body text at 10.5 pt with generous leading so print
 * and zoomed reading stay comfortable; headings step down in size and weight like the portal.
 */
import { fontNames, type FontName } from './fonts.ts';

const cm = 72 / 2.54;

export const page = {
  size: 'A4',
  margins: { top: 2 * cm, right: 2 * cm, bottom: 2.5 * cm, left: 2 * cm },
  /** Baseline area of the footer, inside the bottom margin. */
  footerOffset: 1.4 * cm,
} as const;

export type TextStyle = { font: FontName; size: number; lineGap: number; spaceBefore: number; spaceAfter: number };

export const body: TextStyle = { font: fontNames.regular, size: 10.5, lineGap: 3, spaceBefore: 0, spaceAfter: 8 };
export const rowLabel: TextStyle = { ...body, font: fontNames.semiBold };
export const footer: TextStyle = { ...body, size: 8.5, lineGap: 0, spaceAfter: 0 };

/** H1 … H6; the document title is H1, sections start at H2. */
export function headingStyle(level: number): TextStyle {
  const sizes = [20, 14, 12, 11, 10.5, 10.5];
  return { font: fontNames.semiBold, size: sizes[level - 1] ?? 10.5, lineGap: 2, spaceBefore: level === 1 ? 0 : 10, spaceAfter: level === 1 ? 14 : 6 };
}

/** Share of the text width the label column of label–value rows takes. */
export const labelColumnShare = 0.38;
export const columnGap = 12;
export const rowPadding = 5;
export const bulletIndent = 14;

export const colours = { text: '#1b1b1b', rule: '#c4c7cc' } as const;
