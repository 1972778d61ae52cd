/** Texts the PDF builder prints itself (the documents' own texts come from their modules). */
import { defineMessages } from '../i18n/i18n.ts';

export const pdfMessages = defineMessages({
  de: { page: 'Seite {page} von {pages}' },
  en: { page: 'Page {page} of {pages}' },
});
