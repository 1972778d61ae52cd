/**
 * Small helpers over pdfkit's marked-content API. Every mark on a page is either part of the
 * structure tree or an artifact (PDF/UA-1 §7.1, ISO 32000-1 §14.8.2.2): rules and page numbers
 * are artifacts so assistive technology skips them; all text belongs to a structure element.
 */
import type PDFDocument from 'pdfkit';

type Doc = InstanceType<typeof PDFDocument>;
export type StructElement = PDFKit.PDFStructureElement;

/** Table header cells name what they head: `Row` for the label column (PDF/UA-1 §7.5). */
type ElementOptions = PDFKit.Mixins.StructureElementOptions & { scope?: 'Row' | 'Column' | 'Both' };

/** A structure element that will hold further elements; the caller ends it. */
export function container(doc: Doc, parent: StructElement, type: string): StructElement {
  const element = doc.struct(type);
  parent.add(element);
  return element;
}

/** A structure element whose content is what `draw` puts on the page. */
export function leaf(doc: Doc, parent: StructElement, type: string, draw: () => void, options: ElementOptions = {}): void {
  const element = doc.struct(type, options);
  parent.add(element);
  element.add(draw);
  element.end();
}

/** Content that is not part of the document's meaning (ISO 32000-1 §14.8.2.2.2). */
export function artifact(doc: Doc, type: 'Layout' | 'Pagination', draw: () => void): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}
