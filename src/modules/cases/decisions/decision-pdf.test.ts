import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pdfInfo, pdfStructure, pdfText } from '../../../platform/pdf/pdf-inspect.ts';
import { decisionPdf, type DecisionDocument } from './decision-pdf.ts';

const decision: DecisionDocument = {
  language: 'de',
  authority: { name: 'Stadt Detmold', address: ['Marie-Rührmund-Straße 1', '32756 Detmold'] },
  addressee: { name: 'Anna Łukasiewicz', address: ['Domplatz 1', '32756 Detmold'] },
  reference: 'ANT-2026-7KQ4MX',
  formTitle: 'Hund anmelden',
  receivedAt: new Date('2026-07-01T08:00:00Z'),
  issuedAt: new Date('2026-07-20T10:00:00Z'),
  outcome: 'teilweise_bewilligt',
  tenor: 'Der Hund Bello wird angemeldet.\n\nDie Befreiung von der Hundesteuer wird abgelehnt.',
  reasons: 'Bello ist kein Assistenzhund.',
  legalRemedy: 'Gegen diesen Bescheid kann innerhalb eines Monats Klage beim Verwaltungsgericht Minden erhoben werden.',
  signer: 'Bernd Freigabe',
  drafter: 'Clara Entwurf',
};

test('the Bescheid is a tagged PDF in reading order: letterhead, decision, reasons, legal remedy, signature', async () => {
  const pdf = await decisionPdf(decision);
  const text = pdfText(pdf).replace(/\s+/g, ' ');
  const order = ['Bescheid', 'Stadt Detmold', 'Anna Łukasiewicz', 'ANT-2026-7KQ4MX', '20.07.2026', 'Hund anmelden vom 01.07.2026', 'Teilweise bewilligt', 'Clara Entwurf',
    'Entscheidung', 'Der Hund Bello wird angemeldet.', 'Die Befreiung', 'Begründung', 'Bello ist kein Assistenzhund.', 'Rechtsbehelfsbelehrung', 'Verwaltungsgericht Minden',
    'Im Auftrag', 'Bernd Freigabe'];
  let from = 0;
  for (const part of order) {
    const at = text.indexOf(part, from);
    assert.ok(at >= 0, `${part} after position ${from}:\n${text}`);
    from = at + part.length;
  }
  const structure = pdfStructure(pdf);
  for (const element of ['H1', 'H2', 'Table', 'TH', 'P', 'Sect']) assert.match(structure, new RegExp(`\\b${element}\\b`));
  assert.match(structure, /H2[^\n]*\n?[^\n]*Rechtsbehelfsbelehrung/);
  const info = pdfInfo(pdf);
  assert.equal(info.get('Title'), 'Bescheid');
  assert.equal(info.get('Tagged'), 'yes');
  assert.deepEqual(await decisionPdf(decision), pdf, 'the same decision gives the same bytes (its SHA-256 can be checked later)');
});

test('a decision granted in full may go without reasons; then there is no empty Begründung heading', async () => {
  const text = pdfText(await decisionPdf({ ...decision, outcome: 'bewilligt', reasons: '  ', drafter: null })).replace(/\s+/g, ' ');
  assert.ok(!text.includes('Begründung'));
  assert.ok(!text.includes('Bearbeitet von'));
  assert.match(text, /Bewilligt/);
});
