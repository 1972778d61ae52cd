/**
 * Texts of the Eingangsbestätigung (PDF). Plain language (DIN ISO 24495-1, Leichte-Sprache-nahe
 * Empfehlungen der BITV 2.0 § 4): short sentences, say what happens and what the citizen can do.
 */
import { defineMessages } from '../../platform/i18n/i18n.ts';

export const receiptMessages = defineMessages({
  de: {
    title: 'Eingangsbestätigung',
    download: 'Eingangsbestätigung herunterladen',
    downloadFormat: 'PDF, barrierefrei',
    lead: 'Ihr Antrag ist bei uns eingegangen. Hier sehen Sie Ihre Angaben so, wie Sie sie abgeschickt haben.',
    authority: 'Behörde',
    form: 'Antrag',
    reference: 'Aktenzeichen',
    receivedAt: 'Eingegangen am',
    receivedAtValue: '{dateTime} Uhr',
    answers: 'Ihre Angaben',
    attachments: 'Hochgeladene Dateien',
    next: 'Wie geht es weiter?',
    nextBody: 'Wir prüfen Ihren Antrag. Wenn etwas fehlt oder unklar ist, melden wir uns bei Ihnen.',
    nextReference: 'Bitte geben Sie bei Fragen immer Ihr Aktenzeichen {reference} an.',
    notADecision: 'Diese Bestätigung ist noch keine Entscheidung über Ihren Antrag. Sie zeigt nur, dass Ihr Antrag angekommen ist. Bewahren Sie sie gut auf.',
    footer: 'Aktenzeichen {reference}',
    subject: 'Eingangsbestätigung zum Antrag „{form}“, Aktenzeichen {reference}',
  },
  en: {
    title: 'Acknowledgement of receipt',
    download: 'Download the acknowledgement of receipt',
    downloadFormat: 'PDF, accessible',
    lead: 'We have received your application. This shows your answers as you sent them.',
    authority: 'Authority',
    form: 'Application',
    reference: 'Reference number',
    receivedAt: 'Received on',
    receivedAtValue: '{dateTime} (German time)',
    answers: 'Your answers',
    attachments: 'Uploaded files',
    next: 'What happens next',
    nextBody: 'We will check your application. If anything is missing or unclear, we will contact you.',
    nextReference: 'Please always quote your reference number {reference} if you have questions.',
    notADecision: 'This acknowledgement is not yet a decision on your application. It only shows that your application has arrived. Please keep it safe.',
    footer: 'Reference number {reference}',
    subject: 'Acknowledgement of receipt for the application “{form}”, reference number {reference}',
  },
});
