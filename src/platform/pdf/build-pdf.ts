/**
 * Renders a document model as a tagged PDF/A-2a file (ISO 19005-2, conformance level A: tagged,
 * Unicode text, embedded fonts, sRGB output intent) with the document language (`/Lang`) and the
 * title shown in the viewer's window (`DisplayDocTitle`, PDF/UA-1 §7.1). Why pdfkit and what is
 * and is not checked: docs/adr/0007-tagged-pdf-documents.md.
 *
 * The output depends only on the model: the same model with the same `createdAt` gives the same
 * bytes (the file ID is derived from the metadata, font subsets are named deterministically).
 */
import PDFDocument from 'pdfkit';
import { translator } from '../i18n/i18n.ts';
import type { PdfDocumentModel } from './document-model.ts';
import { fontData, fontNames } from './fonts.ts';
import { pdfMessages } from './messages.ts';
import { colours, footer, page } from './page-style.ts';
import { renderBlocks, renderHeading, type Frame } from './render-blocks.ts';
import { artifact } from './tagging.ts';

type Doc = InstanceType<typeof PDFDocument>;

/**
 * pdfkit 0.20 copies Title, Author, Subject and Keywords into the XMP packet without escaping;
 * PDF/A requires that packet to be well-formed XML with the same values as the Info dictionary
 * (ISO 19005-2 §6.6.2.3), so markup characters are replaced by harmless look-alikes in both.
 */
export function metadataText(value: string): string {
  return value.replaceAll('&', '+').replaceAll('<', '‹').replaceAll('>', '›').replace(/\s+/g, ' ').trim();
}

function footers(doc: Doc, model: PdfDocumentModel, frame: Frame): void {
  const t = translator(pdfMessages, model.language);
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const pageText = t('page', { page: index + 1, pages: range.count });
    const text = model.footer ? `${model.footer} · ${pageText}` : pageText;
    const margin = doc.page.margins.bottom;
    // Writing inside the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    artifact(doc, 'Pagination', () => {
      doc.font(footer.font).fontSize(footer.size).fillColor(colours.text);
      doc.text(text, frame.left, doc.page.height - page.footerOffset, { width: frame.width, lineBreak: false });
    });
    doc.page.margins.bottom = margin;
  }
}

function render(doc: Doc, model: PdfDocumentModel): void {
  doc.registerFont(fontNames.regular, fontData(fontNames.regular));
  doc.registerFont(fontNames.semiBold, fontData(fontNames.semiBold));
  const frame: Frame = { doc, left: page.margins.left, width: doc.page.width - page.margins.left - page.margins.right };
  const root = doc.struct('Document');
  doc.addStructure(root);
  doc.y = page.margins.top;
  renderHeading(frame, root, 1, model.title);
  renderBlocks(frame, root, model.blocks);
  root.end();
  footers(doc, model, frame);
}

/** The PDF file of `model`. */
export function buildPdf(model: PdfDocumentModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: page.size,
      margins: page.margins,
      pdfVersion: '1.7',
      subset: 'PDF/A-2a',
      tagged: true,
      lang: model.language,
      displayTitle: true,
      bufferPages: true,
      info: {
        Title: metadataText(model.title),
        Author: metadataText(model.author),
        ...(model.subject ? { Subject: metadataText(model.subject) } : {}),
        ...(model.keywords?.length ? { Keywords: metadataText(model.keywords.join(', ')) } : {}),
        Creator: 'Kreisportal',
        CreationDate: model.createdAt,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      render(doc, model);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
