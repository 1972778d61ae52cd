/** Texts of file uploads on the application pages (the field's own label and help come from the form). */
import { defineMessages, type Locale } from '../../../platform/i18n/i18n.ts';

export const uploadMessages = defineMessages({
  de: {
    chooseFile: 'Datei auswählen',
    chooseFiles: 'Dateien auswählen',
    allowed: 'Erlaubt: {types}, höchstens {mb} MB je Datei.',
    allowedCount: 'Sie können bis zu {max} Dateien hochladen.',
    uploaded: 'Hochgeladene Dateien',
    full: 'Sie haben die höchste Zahl an Dateien hochgeladen. Entfernen Sie eine Datei, um eine andere hochzuladen.',
    remove: 'Entfernen',
    tooLarge: 'Die Datei „{name}“ ist größer als {mb} MB.',
    empty: 'Die Datei „{name}“ ist leer.',
    wrongType: 'Die Datei „{name}“ ist keine erlaubte Datei. Erlaubt sind: {types}. Der Inhalt zählt, nicht der Dateiname.',
    tooMany: 'Sie können höchstens {max} Dateien hochladen. Entfernen Sie zuerst eine Datei.',
    infected: 'In der Datei „{name}“ wurde Schadsoftware gefunden. Die Datei wurde nicht gespeichert. Laden Sie bitte eine saubere Datei hoch.',
    unavailableTitle: 'Ihre Datei konnte nicht gespeichert werden',
    storageUnavailable: 'Der Dateispeicher ist gerade nicht erreichbar. Ihre Datei wurde nicht gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.',
    scanUnavailable: 'Die Virenprüfung ist gerade nicht erreichbar, und ungeprüfte Dateien nehmen wir nicht an. Ihre Datei wurde nicht gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.',
    backToStep: 'Zurück zum Formular',
  },
  en: {
    chooseFile: 'Choose a file',
    chooseFiles: 'Choose files',
    allowed: 'Allowed: {types}, at most {mb} MB per file.',
    allowedCount: 'You can upload up to {max} files.',
    uploaded: 'Uploaded files',
    full: 'You have uploaded the largest number of files. Remove a file to upload another one.',
    remove: 'Remove',
    tooLarge: 'The file “{name}” is larger than {mb} MB.',
    empty: 'The file “{name}” is empty.',
    wrongType: 'The file “{name}” is not an allowed file. Allowed are: {types}. What counts is the content, not the file name.',
    tooMany: 'You can upload at most {max} files. Remove a file first.',
    infected: 'Malware was found in the file “{name}”. The file was not saved. Please upload a clean file.',
    unavailableTitle: 'Your file could not be saved',
    storageUnavailable: 'The file storage cannot be reached right now. Your file was not saved. Please try again in a few minutes.',
    scanUnavailable: 'The virus check cannot be reached right now, and we do not accept unchecked files. Your file was not saved. Please try again in a few minutes.',
    backToStep: 'Back to the form',
  },
});

/** Short names of media types for people ("PDF", "JPEG"), in the order a form lists them. */
const typeNames: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/tiff': 'TIFF',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
  'text/plain': 'Text',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
};

export function typeList(accept: readonly string[], locale: Locale): string {
  const name = (entry: string) => {
    if (entry === 'image/*') return locale === 'de' ? 'Bilder' : 'images';
    return typeNames[entry] ?? (entry.startsWith('.') ? entry.slice(1).toUpperCase() : entry);
  };
  return [...new Set(accept.map(name))].join(', ');
}
