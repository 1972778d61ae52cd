import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pdfInfo, pdfStructure, pdfText } from '../../platform/pdf/pdf-inspect.ts';
import type { Answers } from '../forms/runtime/answers.ts';
import { exampleForm } from '../forms/runtime/test-fixtures.ts';
import { attachmentNames, receiptPdf, type ReceiptDocument } from './receipt-pdf.ts';

const bello = { id: 'u-1', name: 'bello-nachweis.pdf', mediaType: 'application/pdf', size: 10_000 };
const rex = { id: 'u-2', name: 'rex-sachkunde.pdf', mediaType: 'application/pdf', size: 20_000 };

const answers: Answers = {
  vorname: 'Anna',
  nachname: 'Łukasiewicz',
  geburtsdatum: '1980-04-01',
  email: 'anna@beispiel.de',
  anschrift: { street: 'Domplatz 1', postcode: '32756', place: 'Detmold' },
  hunde: [
    // Not a dangerous dog: the proof of competence does not apply, so its file is not listed.
    { hundName: 'Bello', rasse: 'Labrador', hundGeburtsdatum: '2024-03-01', haltungsbeginn: '2026-06-01', gefaehrlich: false, sachkundenachweis: [bello] },
    { hundName: 'Rex', rasse: 'Bullterrier', hundGeburtsdatum: '2023-01-10', haltungsbeginn: '2026-06-01', gefaehrlich: true, sachkundenachweis: [rex] },
  ],
  zahlungsweise: 'ueberweisung',
};

const receipt: ReceiptDocument = {
  authority: { name: 'Stadt Detmold', address: ['Marie-Rührmund-Straße 1', '32756 Detmold'] },
  definition: exampleForm('hundeanmeldung'),
  reference: 'ANT-2026-7KQ4MX',
  // 22:30 UTC on 1 July is 00:30 on 2 July in Germany (summer time).
  submittedAt: new Date('2026-07-01T22:30:00Z'),
  answers,
};

function inOrder(text: string, parts: string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

test('the German receipt names authority, form, reference and German time, then every answer in form order', async () => {
  const pdf = await receiptPdf(receipt, 'de');
  const text = pdfText(pdf);
  assert.ok(inOrder(text, [
    'Eingangsbestätigung',
    'Behörde', 'Stadt Detmold', 'Marie-Rührmund-Straße 1',
    'Antrag', 'Hund anmelden (Hundesteuer)',
    'Aktenzeichen', 'ANT-2026-7KQ4MX',
    'Eingegangen am', '02.07.2026, 00:30 Uhr',
    'Ihre Angaben',
    'Angaben zu Ihnen', 'Nachname', 'Łukasiewicz', 'Geburtsdatum', '01.04.1980',
    'Wo lebt der Hund?', 'Domplatz 1', '32756 Detmold',
    'Ihre Hunde', 'Hund 1', 'Bello', 'Hund 2', 'Rex', 'Ist Ihr Hund ein gefährlicher Hund?', 'Ja', 'rex-sachkunde.pdf',
    'Wie möchten Sie die Hundesteuer bezahlen?',
    'Hochgeladene Dateien', 'rex-sachkunde.pdf',
    'Wie geht es weiter?', 'Wir prüfen Ihren Antrag.', 'ANT-2026-7KQ4MX', 'noch keine Entscheidung',
  ]), text);
  assert.ok(!text.includes('bello-nachweis.pdf'), 'a file of a question that no longer applies is not listed');
  const info = pdfInfo(pdf);
  assert.equal(info.get('Title'), 'Eingangsbestätigung');
  assert.equal(info.get('Author'), 'Stadt Detmold');
  assert.match(info.get('Subject') ?? '', /ANT-2026-7KQ4MX/);
});

test('steps, groups and items become nested sections with headings H2 to H5', async () => {
  const structure = pdfStructure(await receiptPdf(receipt, 'de'));
  const headings = structure.split('\n').flatMap((line, index, lines) => {
    const match = /^\s*(H\d) \(block\)$/.exec(line);
    return match ? [`${match[1]} ${lines[index + 1]?.trim()}`] : [];
  });
  assert.deepEqual(headings, [
    'H1 "Eingangsbestätigung"',
    'H2 "Ihre Angaben"',
    'H3 "Angaben zu Ihnen"',
    'H3 "Wo lebt der Hund?"',
    'H3 "Ihre Hunde"',
    'H4 "Hunde"',
    'H5 "Hund 1"',
    'H5 "Hund 2"',
    'H3 "Wie möchten Sie die Hundesteuer bezahlen?"',
    'H2 "Hochgeladene Dateien"',
    'H2 "Wie geht es weiter?"',
  ]);
});

test('the English receipt speaks English and keeps German formats', async () => {
  const pdf = await receiptPdf(receipt, 'en');
  const text = pdfText(pdf);
  assert.ok(inOrder(text, ['Acknowledgement of receipt', 'Authority', 'Register a dog (dog tax)', 'Reference number', 'ANT-2026-7KQ4MX',
    'Received on', '02.07.2026, 00:30 (German time)', 'Your answers', 'About you', 'Uploaded files', 'What happens next']), text);
  assert.match(pdf.toString('latin1'), /\/Lang \(en\)/);
});

test('without uploaded files there is no file section; the same submission gives the same file', async () => {
  const plain = { ...receipt, answers: { ...answers, hunde: [{ hundName: 'Bello', gefaehrlich: false }] } };
  const pdf = await receiptPdf(plain, 'de');
  assert.ok(!pdfText(pdf).includes('Hochgeladene Dateien'));
  assert.ok(pdf.equals(await receiptPdf(plain, 'de')));
});

test('attachment names are found at the top level and inside repeatable groups', () => {
  assert.deepEqual(attachmentNames({ nachweis: [bello], hunde: [{ sachkundenachweis: [rex] }, { hundName: 'Ohne' }], name: 'x' }), ['bello-nachweis.pdf', 'rex-sachkunde.pdf']);
});
