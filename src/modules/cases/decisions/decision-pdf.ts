/**
 * The Bescheid as a tagged PDF/A (docs/adr/0007): the letterhead of the issuing authority and
 * the addressee (§ 37 Abs. 3 VwVfG: the authority must be recognisable), date and Aktenzeichen,
 * the decision (Tenor), its reasons (§ 39 VwVfG), the Rechtsbehelfsbelehrung (§ 37 Abs. 6 VwVfG)
 * and the name of the person who signs "Im Auftrag" (name rendering instead of a handwritten
 * signature, § 37 Abs. 3 Satz 1 VwVfG). The creation date is the moment of issue, so the same
 * decision always gives the same bytes and the stored SHA-256 can be checked again later.
 */
import { formatDate } from '../../../platform/i18n/format.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { buildPdf } from '../../../platform/pdf/build-pdf.ts';
import type { PdfBlock, PdfDocumentModel, PdfRow } from '../../../platform/pdf/document-model.ts';
import type { Outcome } from './decision-store.ts';
import { decisionMessages } from './messages.ts';

export type DecisionDocument = {
  language: Locale;
  authority: { name: string; address: readonly string[] };
  addressee: { name: string; address: readonly string[] };
  reference: string;
  formTitle: string;
  receivedAt: Date;
  issuedAt: Date;
  outcome: Outcome;
  tenor: string;
  reasons: string;
  legalRemedy: string;
  /** Who signs "Im Auftrag": the approver, or the drafter where no approval was needed. */
  signer: string;
  /** The caseworker who wrote it, when someone else signs. */
  drafter: string | null;
};

/** Paragraphs are separated by blank lines; single line breaks stay inside a paragraph. */
export function paragraphs(text: string): PdfBlock[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part): PdfBlock => ({ kind: 'paragraph', text: part }));
}

export function decisionModel(doc: DecisionDocument): PdfDocumentModel {
  const t = translator(decisionMessages, doc.language);
  // Dates in the German format in both languages, as on the receipt.
  const date = (value: Date) => formatDate(value, 'de');
  const rows: PdfRow[] = [
    { label: t('pdf.authority'), lines: [doc.authority.name, ...doc.authority.address] },
    { label: t('pdf.addressee'), lines: [doc.addressee.name || '–', ...doc.addressee.address] },
    { label: t('pdf.reference'), lines: [doc.reference] },
    { label: t('pdf.date'), lines: [date(doc.issuedAt)] },
    { label: t('pdf.application'), lines: [t('pdf.applicationValue', { form: doc.formTitle, date: date(doc.receivedAt) })] },
    { label: t('pdf.outcome'), lines: [t(`outcome.${doc.outcome}`)] },
    ...(doc.drafter ? [{ label: t('pdf.drafter'), lines: [doc.drafter] }] : []),
  ];
  const blocks: PdfBlock[] = [
    { kind: 'rows', rows },
    { kind: 'paragraph', text: doc.addressee.name ? t('pdf.greeting', { name: doc.addressee.name }) : t('pdf.greetingNoName') },
    { kind: 'paragraph', text: t('pdf.lead') },
    { kind: 'section', heading: t('pdf.tenor'), blocks: paragraphs(doc.tenor) },
    ...(doc.reasons.trim() !== '' ? [{ kind: 'section', heading: t('pdf.reasons'), blocks: paragraphs(doc.reasons) } as const] : []),
    { kind: 'section', heading: t('pdf.legalRemedy'), blocks: paragraphs(doc.legalRemedy) },
    { kind: 'paragraph', text: t('pdf.closing') },
    { kind: 'paragraph', text: `${t('pdf.onBehalf')}\n${doc.signer}` },
    { kind: 'paragraph', text: t('pdf.electronic') },
  ];
  return {
    title: t('pdf.title'),
    language: doc.language,
    author: doc.authority.name,
    subject: t('pdf.subject', { form: doc.formTitle, reference: doc.reference }),
    keywords: [t('pdf.title'), doc.reference],
    footer: `${doc.authority.name} · ${t('pdf.footer', { reference: doc.reference })}`,
    createdAt: doc.issuedAt,
    blocks,
  };
}

export function decisionPdf(doc: DecisionDocument): Promise<Buffer> {
  return buildPdf(decisionModel(doc));
}
