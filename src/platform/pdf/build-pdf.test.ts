import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SaxesParser } from 'saxes';
import { buildPdf, metadataText } from './build-pdf.ts';
import type { PdfDocumentModel } from './document-model.ts';
import { pdfFonts, pdfInfo, pdfStructure, pdfText, xmpPacket } from './pdf-inspect.ts';

const model: PdfDocumentModel = {
  title: 'Eingangsbestätigung: Bauen & Wohnen',
  language: 'de',
  author: 'Stadt Detmold',
  subject: 'Antrag ANT-2026-7KQ4MX',
  keywords: ['Eingangsbestätigung', 'ANT-2026-7KQ4MX'],
  footer: 'ANT-2026-7KQ4MX',
  createdAt: new Date('2026-03-02T09:30:00Z'),
  blocks: [
    { kind: 'rows', rows: [{ label: 'Aktenzeichen', lines: ['ANT-2026-7KQ4MX'] }] },
    {
      kind: 'section',
      heading: 'Ihre Angaben',
      blocks: [
        { kind: 'rows', rows: [{ label: 'Nachname', lines: ['Łukasiewicz-Şahin'] }, { label: 'Anschrift', lines: ['Marktplatz 5', '32756 Detmold'] }] },
        { kind: 'section', heading: 'Hund 1', blocks: [{ kind: 'rows', rows: [{ label: 'Name des Hundes', lines: ['Bello'] }] }] },
      ],
    },
    { kind: 'section', heading: 'Nachweise', blocks: [{ kind: 'list', items: ['sachkunde.pdf', 'impfpass.jpg'] }] },
    { kind: 'section', heading: 'Wie geht es weiter?', blocks: [{ kind: 'paragraph', text: 'Wir prüfen Ihren Antrag und melden uns.' }] },
  ],
};

/** Positions of `parts` in `text`, each searched after the previous one: -1 when out of order. */
function inOrder(text: string, parts: string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** The structure tree as "indent type" lines, without the text and attribute lines. */
function elements(structure: string): string[] {
  return structure.split('\n').filter((line) => /^\s*[A-Z][A-Za-z0-9]*(:| \(block\)|)$/.test(line)).map((line) => line.replace(/:$| \(block\)$/, ''));
}

test('the text reads in document order: title, rows, sections, list, paragraph', async () => {
  const text = pdfText(await buildPdf(model));
  assert.ok(inOrder(text, [
    'Eingangsbestätigung: Bauen & Wohnen',
    'Aktenzeichen', 'ANT-2026-7KQ4MX',
    'Ihre Angaben', 'Nachname', 'Łukasiewicz-Şahin', 'Anschrift', 'Marktplatz 5', '32756 Detmold',
    'Hund 1', 'Name des Hundes', 'Bello',
    'Nachweise', 'sachkunde.pdf', 'impfpass.jpg',
    'Wie geht es weiter?', 'Wir prüfen Ihren Antrag und melden uns.',
    'ANT-2026-7KQ4MX · Seite 1 von 1',
  ]), text);
});

test('the structure tree has the document, headings by nesting, row-header tables and a list', async () => {
  const structure = pdfStructure(await buildPdf(model));
  assert.deepEqual(elements(structure), [
    'Document',
    '  H1',
    '  Table', '    TR', '      TH', '      TD',
    '  Sect', '    H2',
    '    Table', '      TR', '        TH', '        TD', '      TR', '        TH', '        TD',
    '    Sect', '      H3', '      Table', '        TR', '          TH', '          TD',
    '  Sect', '    H2', '    L', '      LI', '        Lbl', '        LBody', '      LI', '        Lbl', '        LBody',
    '  Sect', '    H2', '    P',
  ]);
  assert.equal(structure.match(/\/Scope \/Row/g)?.length, 4, 'every label cell is a row header');
  assert.ok(inOrder(structure, ['"Eingangsbestätigung: Bauen & Wohnen"', '"Aktenzeichen"', '"Hund 1"', '"Bello"', '"impfpass.jpg"']));
  assert.ok(!structure.includes('Seite 1 von 1'), 'the page footer is an artifact, outside the structure');
});

test('the catalog declares a tagged document, its language and the title as window title', async () => {
  const pdf = await buildPdf(model);
  const raw = pdf.toString('latin1');
  assert.match(raw, /\/Type \/StructTreeRoot/);
  assert.match(raw, /\/MarkInfo \d+ 0 R/);
  assert.match(raw, /<<\s*\/Marked true\s*>>/);
  assert.match(raw, /\/Lang \(de\)/);
  assert.match(raw, /\/DisplayDocTitle true/);
  assert.match(raw, /\/OutputIntents/);
  const info = pdfInfo(pdf);
  assert.equal(info.get('Tagged'), 'yes');
  assert.equal(info.get('Title'), 'Eingangsbestätigung: Bauen + Wohnen');
  assert.equal(info.get('Author'), 'Stadt Detmold');
  assert.equal(info.get('Page size'), '595.28 x 841.89 pts (A4)');
});

test('XMP metadata claims PDF/A-2a and stays well-formed XML with markup characters in the title', async () => {
  const xmp = xmpPacket(await buildPdf({ ...model, title: 'Hunde <groß> & klein' }));
  assert.match(xmp, /<pdfaid:part>2<\/pdfaid:part>/);
  assert.match(xmp, /<pdfaid:conformance>A<\/pdfaid:conformance>/);
  const parser = new SaxesParser({ xmlns: true });
  const texts: string[] = [];
  parser.on('text', (text) => texts.push(text.trim()));
  parser.write(xmp).close(); // throws on any well-formedness error
  assert.ok(texts.includes('Hunde ‹groß› + klein'), texts.join('|'));
  assert.equal(metadataText('a &\n<b>'), 'a + ‹b›');
});

test('every font is embedded (as a subset with Unicode mapping)', async () => {
  const fonts = pdfFonts(await buildPdf(model));
  assert.deepEqual(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort(), ['FiraSans-Regular', 'FiraSans-SemiBold']);
  for (const font of fonts) assert.deepEqual([font.embedded, font.subset, font.unicode], [true, true, true], font.name);
});

test('English documents say so and number their pages in English', async () => {
  const pdf = await buildPdf({ ...model, language: 'en', footer: undefined });
  assert.match(pdf.toString('latin1'), /\/Lang \(en\)/);
  assert.match(pdfText(pdf), /Page 1 of 1/);
});

test('long documents break across pages with a footer on every page and headings never skip a level', async () => {
  const rows = Array.from({ length: 60 }, (_, index) => ({ label: `Angabe ${index + 1}`, lines: [`Wert ${index + 1}`, 'zweite Zeile'] }));
  const deep = { kind: 'section', heading: 'Ebene 2', blocks: [{ kind: 'section', heading: 'Ebene 3', blocks: [{ kind: 'rows', rows }] }] } as const;
  const pdf = await buildPdf({ ...model, blocks: [deep] });
  const pages = Number(pdfInfo(pdf).get('Pages'));
  assert.ok(pages >= 3, `pages: ${pages}`);
  for (let page = 1; page <= pages; page += 1) assert.match(pdfText(pdf, page), new RegExp(`Seite ${page} von ${pages}`));
  const text = pdfText(pdf);
  assert.ok(inOrder(text, rows.flatMap((row) => [row.label, row.lines[0] ?? ''])), 'every row, in order');
  assert.deepEqual(elements(pdfStructure(pdf)).filter((line) => /H\d/.test(line)).map((line) => line.trim()), ['H1', 'H2', 'H3']);
});

test('the same model and date give the same bytes; another date gives another file', async () => {
  const first = await buildPdf(model);
  assert.ok(first.equals(await buildPdf(model)));
  assert.ok(!first.equals(await buildPdf({ ...model, createdAt: new Date('2026-03-02T09:31:00Z') })));
});
