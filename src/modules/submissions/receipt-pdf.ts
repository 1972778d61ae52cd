/**
 * The Eingangsbestätigung as a PDF the citizen can keep: who received what and when, every
 * answer as it was sent (the rows of "check your answers"), the uploaded files and what happens
 * next. The answers are shown as submitted, i.e. already pruned (Art. 5 (1) c DSGVO); the date
 * is the moment of receipt in German time, the same instant as the file's creation date, so
 * one submission always gives the same file.
 */
import { formatDateTime } from '../../platform/i18n/format.ts';
import { translator, type Locale } from '../../platform/i18n/i18n.ts';
import { buildPdf } from '../../platform/pdf/build-pdf.ts';
import type { PdfBlock, PdfDocumentModel, PdfRow } from '../../platform/pdf/document-model.ts';
import type { FormDefinition } from '../forms/definition/types.ts';
import type { AnswerValue, Answers, FileRef } from '../forms/runtime/answers.ts';
import { pruneAnswers } from '../forms/runtime/journey.ts';
import { checkYourAnswers, type SummaryRow } from '../forms/runtime/summary.ts';
import { receiptMessages } from './receipt-messages.ts';

export type ReceiptDocument = {
  /** The receiving authority: its official name and, when known, its address lines. */
  authority: { name: string; address: readonly string[] };
  definition: FormDefinition;
  reference: string;
  submittedAt: Date;
  answers: Answers;
};

/** Label–value rows, with each repeatable group as a section and each of its items as a subsection. */
function answerBlocks(rows: readonly SummaryRow[]): PdfBlock[] {
  const blocks: PdfBlock[] = [];
  let pending: PdfRow[] = [];
  const flush = () => {
    if (pending.length > 0) blocks.push({ kind: 'rows', rows: pending });
    pending = [];
  };
  for (const row of rows) {
    if ('lines' in row.displayValue) {
      pending.push({ label: row.label, lines: row.displayValue.lines });
      continue;
    }
    flush();
    const items = row.displayValue.items.map((item): PdfBlock => ({ kind: 'section', heading: item.label, blocks: answerBlocks(item.rows) }));
    blocks.push({ kind: 'section', heading: row.label, blocks: items });
  }
  flush();
  return blocks;
}

/** One section per step, titled like the step the citizen answered it on. */
function stepSections(def: FormDefinition, rows: readonly SummaryRow[], locale: Locale): PdfBlock[] {
  return def.steps.flatMap((step): PdfBlock[] => {
    const own = rows.filter((row) => row.stepId === step.id);
    return own.length > 0 ? [{ kind: 'section', heading: step.title[locale], blocks: answerBlocks(own) }] : [];
  });
}

function isFileRef(value: unknown): value is FileRef {
  return typeof value === 'object' && value !== null && 'id' in value && 'name' in value && 'mediaType' in value;
}

/** Names of every uploaded file, also inside repeatable groups, in form order. */
export function attachmentNames(answers: Answers): string[] {
  const names: string[] = [];
  const visit = (value: AnswerValue | undefined): void => {
    if (!Array.isArray(value)) return;
    for (const entry of value) {
      if (isFileRef(entry)) names.push(entry.name);
      else if (typeof entry === 'object' && entry !== null) Object.values(entry).forEach(visit);
    }
  };
  Object.values(answers).forEach(visit);
  return names;
}

/** The receipt's document model (exported for tests and for a later HTML or mail rendering). */
export function receiptModel(receipt: ReceiptDocument, locale: Locale): PdfDocumentModel {
  const t = translator(receiptMessages, locale);
  const def = receipt.definition;
  const answers = pruneAnswers(def, receipt.answers);
  const files = attachmentNames(answers);
  const formTitle = def.title[locale];
  // Dates in the German format in both languages, as the answers themselves are shown.
  const received = t('receivedAtValue', { dateTime: formatDateTime(receipt.submittedAt, 'de') });
  const blocks: PdfBlock[] = [
    { kind: 'paragraph', text: t('lead') },
    {
      kind: 'rows',
      rows: [
        { label: t('authority'), lines: [receipt.authority.name, ...receipt.authority.address] },
        { label: t('form'), lines: [formTitle] },
        { label: t('reference'), lines: [receipt.reference] },
        { label: t('receivedAt'), lines: [received] },
      ],
    },
    { kind: 'section', heading: t('answers'), blocks: stepSections(def, checkYourAnswers(def, answers, locale), locale) },
    ...(files.length > 0 ? [{ kind: 'section', heading: t('attachments'), blocks: [{ kind: 'list', items: files }] } as const] : []),
    {
      kind: 'section',
      heading: t('next'),
      blocks: [
        { kind: 'paragraph', text: t('nextBody') },
        { kind: 'paragraph', text: t('nextReference', { reference: receipt.reference }) },
        { kind: 'paragraph', text: t('notADecision') },
      ],
    },
  ];
  return {
    title: t('title'),
    language: locale,
    author: receipt.authority.name,
    subject: t('subject', { form: formTitle, reference: receipt.reference }),
    keywords: [t('title'), receipt.reference],
    footer: `${receipt.authority.name} · ${t('footer', { reference: receipt.reference })}`,
    createdAt: receipt.submittedAt,
    blocks,
  };
}

/** The Eingangsbestätigung as PDF bytes, in the citizen's language. */
export function receiptPdf(receipt: ReceiptDocument, locale: Locale): Promise<Buffer> {
  return buildPdf(receiptModel(receipt, locale));
}
