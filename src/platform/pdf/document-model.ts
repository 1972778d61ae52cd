/**
 * The neutral document model behind every PDF the platform issues (Eingangsbestätigung now,
 * Bescheide of the case-processing module later). It says what the document *is*, not how it
 * looks: the builder maps each block to one structure element, so the logical structure a
 * screen reader follows (ISO 32000-1 §14.8, PDF/UA-1 §7) can never drift from the page.
 */
import type { Locale } from '../i18n/i18n.ts';

/** A label and its value, e.g. "Nachname" – "Mustermann"; a value may have several lines (an address). */
export type PdfRow = { label: string; lines: readonly string[] };

export type PdfBlock =
  | { kind: 'paragraph'; text: string }
  /** Label–value pairs, tagged as a two-column table with row headers (TH Scope Row). */
  | { kind: 'rows'; rows: readonly PdfRow[] }
  /** A bulleted list (L, LI, Lbl, LBody). */
  | { kind: 'list'; items: readonly string[] }
  /**
   * A titled part of the document (Sect). Its heading level follows from nesting — H2 at the
   * top, H3 inside, and so on — so no level is ever skipped (WCAG 2.1 SC 1.3.1, PDF/UA-1 §7.4.2).
   */
  | { kind: 'section'; heading: string; blocks: readonly PdfBlock[] };

export type PdfDocumentModel = {
  /** The H1 and the document title viewers show in the window title. */
  title: string;
  /** The natural language of the whole document (`/Lang`). */
  language: Locale;
  /** Who issues the document, e.g. the municipality (metadata `Author`). */
  author: string;
  /** What the document is about (metadata `Subject`). */
  subject?: string;
  keywords?: readonly string[];
  /** Printed in the footer of every page next to the page number (e.g. the reference). */
  footer?: string;
  /** The creation date in the metadata. The same model and date give the same bytes. */
  createdAt: Date;
  blocks: readonly PdfBlock[];
};
