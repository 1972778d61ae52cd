/**
 * Lays out the blocks of a document model top to bottom and tags each one as it is drawn, so
 * the content order of the page is the reading order of the structure tree (PDF/UA-1 §7.2).
 * A heading is never left alone at the foot of a page, and a label–value row is kept on one
 * page unless it is taller than a page.
 */
import type PDFDocument from 'pdfkit';
import type { PdfBlock, PdfRow } from './document-model.ts';
import { body, bulletIndent, colours, columnGap, headingStyle, labelColumnShare, rowLabel, rowPadding, type TextStyle } from './page-style.ts';
import { artifact, container, leaf, type StructElement } from './tagging.ts';

type Doc = InstanceType<typeof PDFDocument>;

export type Frame = { doc: Doc; left: number; width: number };

function use(doc: Doc, style: TextStyle): void {
  doc.font(style.font).fontSize(style.size).fillColor(colours.text);
}

function heightOf(frame: Frame, style: TextStyle, text: string, width = frame.width): number {
  use(frame.doc, style);
  return frame.doc.heightOfString(text, { width, lineGap: style.lineGap });
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page when `height` does not fit below the current position. */
function keep(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc) && doc.y > doc.page.margins.top) doc.addPage();
}

export function renderHeading(frame: Frame, parent: StructElement, level: number, text: string): void {
  const { doc } = frame;
  const style = headingStyle(level);
  if (doc.y > doc.page.margins.top) doc.y += style.spaceBefore;
  // Keep with the next three lines of body text (no orphaned heading).
  keep(doc, heightOf(frame, style, text) + 3 * (body.size + body.lineGap) * 1.2);
  use(doc, style);
  leaf(doc, parent, `H${level}`, () => doc.text(text, frame.left, doc.y, { width: frame.width, lineGap: style.lineGap }));
  doc.y += style.spaceAfter;
}

function renderParagraph(frame: Frame, parent: StructElement, text: string): void {
  const { doc } = frame;
  keep(doc, 2 * (body.size + body.lineGap) * 1.2);
  use(doc, body);
  leaf(doc, parent, 'P', () => doc.text(text, frame.left, doc.y, { width: frame.width, lineGap: body.lineGap }));
  doc.y += body.spaceAfter;
}

function renderRow(frame: Frame, table: StructElement, row: PdfRow): void {
  const { doc } = frame;
  const labelWidth = frame.width * labelColumnShare;
  const valueX = frame.left + labelWidth + columnGap;
  const valueWidth = frame.width - labelWidth - columnGap;
  const value = row.lines.join('\n');
  const height = Math.max(heightOf(frame, rowLabel, row.label, labelWidth), heightOf(frame, body, value, valueWidth)) + 2 * rowPadding;
  const usable = bottom(doc) - doc.page.margins.top;
  keep(doc, Math.min(height, usable));

  const tr = container(doc, table, 'TR');
  const startPage = doc.page;
  const top = doc.y + rowPadding;
  use(doc, rowLabel);
  leaf(doc, tr, 'TH', () => doc.text(row.label, frame.left, top, { width: labelWidth, lineGap: rowLabel.lineGap }), { scope: 'Row' });
  const labelBottom = doc.y;
  const labelPage = doc.page;
  use(doc, body);
  // A label that ran over the page (very rare) pulls its value after it instead of beside it.
  const valueTop = labelPage === startPage ? top : doc.y;
  leaf(doc, tr, 'TD', () => doc.text(value, valueX, valueTop, { width: valueWidth, lineGap: body.lineGap }));
  tr.end();
  doc.y = (doc.page === labelPage ? Math.max(labelBottom, doc.y) : doc.y) + rowPadding;
  const ruleY = doc.y;
  artifact(doc, 'Layout', () => {
    doc.moveTo(frame.left, ruleY).lineTo(frame.left + frame.width, ruleY).lineWidth(0.5).strokeColor(colours.rule).stroke();
  });
}

function renderRows(frame: Frame, parent: StructElement, rows: readonly PdfRow[]): void {
  if (rows.length === 0) return;
  const table = container(frame.doc, parent, 'Table');
  for (const row of rows) renderRow(frame, table, row);
  table.end();
  frame.doc.y += body.spaceAfter;
}

function renderList(frame: Frame, parent: StructElement, items: readonly string[]): void {
  const { doc } = frame;
  if (items.length === 0) return;
  const list = container(doc, parent, 'L');
  for (const item of items) {
    keep(doc, heightOf(frame, body, item, frame.width - bulletIndent));
    const li = container(doc, list, 'LI');
    const top = doc.y;
    use(doc, body);
    leaf(doc, li, 'Lbl', () => doc.text('•', frame.left, top, { width: bulletIndent, lineBreak: false }));
    leaf(doc, li, 'LBody', () => doc.text(item, frame.left + bulletIndent, top, { width: frame.width - bulletIndent, lineGap: body.lineGap }));
    li.end();
    doc.y += 2;
  }
  list.end();
  doc.y += body.spaceAfter;
}

/** Renders `blocks` into `parent`; sections at `level` get H`level` headings (capped at H6). */
export function renderBlocks(frame: Frame, parent: StructElement, blocks: readonly PdfBlock[], level = 2): void {
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
        renderParagraph(frame, parent, block.text);
        break;
      case 'rows':
        renderRows(frame, parent, block.rows);
        break;
      case 'list':
        renderList(frame, parent, block.items);
        break;
      case 'section': {
        const section = container(frame.doc, parent, 'Sect');
        renderHeading(frame, section, Math.min(level, 6), block.heading);
        renderBlocks(frame, section, block.blocks, level + 1);
        section.end();
        break;
      }
    }
  }
}
