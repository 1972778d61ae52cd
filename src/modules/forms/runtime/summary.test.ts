import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Answers } from './answers.ts';
import { checkYourAnswers } from './summary.ts';
import type { SummaryRow } from './summary.ts';
import { exampleForm, proofFile } from './test-fixtures.ts';

const hunde = exampleForm('hundeanmeldung');
const sperrmuell = exampleForm('sperrmuell');

const answers: Answers = {
  vorname: 'Anna',
  nachname: 'Muster',
  geburtsdatum: '1980-04-01',
  email: 'anna@beispiel.de',
  anschrift: { street: 'Domplatz 1', postcode: '50667', place: 'Köln' },
  hunde: [
    { hundName: 'Bello', rasse: 'Labrador', hundGeburtsdatum: '2024-03-01', haltungsbeginn: '2026-06-01', gefaehrlich: false, sachkundenachweis: [proofFile] },
    { hundName: 'Rex', rasse: 'Bullterrier', hundGeburtsdatum: '2023-01-10', haltungsbeginn: '2026-06-01', gefaehrlich: true, sachkundenachweis: [proofFile] },
  ],
  zahlungsweise: 'lastschrift',
  kontoinhaber: 'Anna Muster',
  iban: 'DE89370400440532013000',
  sepaMandat: ['erteilt'],
};

/** Rows as "stepId/fieldId label: lines", items indented, for readable expectations. */
function flat(rows: readonly SummaryRow[], indent = ''): string[] {
  return rows.flatMap((row) =>
    'lines' in row.displayValue
      ? [`${indent}${row.stepId}/${row.fieldId} ${row.label}: ${row.displayValue.lines.join(' | ')}`]
      : [`${indent}${row.stepId}/${row.fieldId} ${row.label}:`, ...row.displayValue.items.flatMap((item) => [`${indent}  ${item.label}`, ...flat(item.rows, `${indent}    `)])],
  );
}

test('hundeanmeldung summary in German: formatted values, option labels, items, hidden upload left out', () => {
  assert.deepEqual(flat(checkYourAnswers(hunde, answers, 'de')), [
    'antragsteller/vorname Vorname: Anna',
    'antragsteller/nachname Nachname: Muster',
    'antragsteller/geburtsdatum Geburtsdatum: 01.04.1980',
    'antragsteller/email E-Mail-Adresse: anna@beispiel.de',
    'wohnort/anschrift Anschrift: Domplatz 1 | 50667 Köln',
    'hundeAngaben/hunde Hunde:',
    '  Hund 1',
    '    hundeAngaben/hundName Name des Hundes: Bello',
    '    hundeAngaben/rasse Rasse: Labrador',
    '    hundeAngaben/hundGeburtsdatum Geburtsdatum des Hundes: 01.03.2024',
    '    hundeAngaben/haltungsbeginn Seit wann halten Sie den Hund?: 01.06.2026',
    '    hundeAngaben/gefaehrlich Ist Ihr Hund ein gefährlicher Hund?: Nein',
    '  Hund 2',
    '    hundeAngaben/hundName Name des Hundes: Rex',
    '    hundeAngaben/rasse Rasse: Bullterrier',
    '    hundeAngaben/hundGeburtsdatum Geburtsdatum des Hundes: 10.01.2023',
    '    hundeAngaben/haltungsbeginn Seit wann halten Sie den Hund?: 01.06.2026',
    '    hundeAngaben/gefaehrlich Ist Ihr Hund ein gefährlicher Hund?: Ja',
    '    hundeAngaben/sachkundenachweis Sachkundenachweis: sachkunde.pdf',
    'bezahlung/zahlungsweise Zahlungsweise: Per Lastschrift (SEPA-Lastschriftmandat)',
    'bezahlung/kontoinhaber Name der Kontoinhaberin oder des Kontoinhabers: Anna Muster',
    'bezahlung/iban IBAN: DE89 3704 0044 0532 0130 00',
    'bezahlung/sepaMandat SEPA-Lastschriftmandat: Ich erteile das SEPA-Lastschriftmandat.',
  ]);
});

test('English labels, German formats; direct-debit rows vanish for a bank transfer', () => {
  const rows = flat(checkYourAnswers(hunde, { ...answers, zahlungsweise: 'ueberweisung' }, 'en'));
  assert.ok(rows.includes('antragsteller/geburtsdatum Date of birth: 01.04.1980'));
  assert.ok(rows.includes('    hundeAngaben/gefaehrlich Is your dog a dangerous dog?: No'));
  assert.equal(rows.at(-1), 'bezahlung/zahlungsweise Payment method: I will pay by bank transfer');
  assert.equal(rows.some((row) => row.includes('IBAN')), false);
});

test('sperrmuell summary: checkbox labels on lines, number with unit, multi-line text, unanswered optional fields left out', () => {
  const rows = flat(checkYourAnswers(sperrmuell, {
    vorname: 'Anna', nachname: 'Muster', telefon: '0221 123456',
    abholanschrift: { street: 'Domplatz 1', postcode: '50667', place: 'Köln' },
    stellplatz: 'Neben der Garage\nlinks',
    gegenstaende: ['moebel', 'matratzen'], menge: 1.5, wunschtermin: '2026-06-22',
  }, 'de'));
  assert.deepEqual(rows.slice(3), [
    'abholort/abholanschrift Anschrift: Domplatz 1 | 50667 Köln',
    'abholort/stellplatz Wo stellen Sie die Sachen hin? (freiwillig): Neben der Garage | links',
    'sperrmuellArt/gegenstaende Gegenstände: Möbel, zum Beispiel Schrank, Tisch, Sofa | Matratzen und Lattenroste',
    'sperrmuellArt/menge Wie viel ist es ungefähr?: 1,5\u00a0m³',
    'termin/wunschtermin Wunschtermin: 22.06.2026',
  ]);
});

test('money is shown in euro with cents', () => {
  const def = { ...sperrmuell, steps: [{ id: 's', title: sperrmuell.title, fields: [{ id: 'betrag', type: 'money' as const, label: { de: 'Betrag', en: 'Amount' } }] }], rules: [] };
  const [row] = checkYourAnswers(def, { betrag: 123450 }, 'de');
  assert.deepEqual(row?.displayValue, { lines: ['1.234,50\u00a0€'] });
});

test('an answer left on a skipped step neither shows nor switches on a later question', () => {
  const label = { de: 'Frage', en: 'Question' };
  const def = {
    ...sperrmuell,
    rules: [],
    steps: [
      { id: 'a', title: label, fields: [{ id: 'kinder', type: 'yesno' as const, label }] },
      { id: 'b', title: label, condition: { field: 'kinder', equals: true }, fields: [{ id: 'anzahl', type: 'number' as const, label }] },
      { id: 'c', title: label, fields: [{ id: 'schule', type: 'text' as const, label, condition: { field: 'anzahl', filled: true } }] },
    ],
  };
  assert.deepEqual(flat(checkYourAnswers(def, { kinder: false, anzahl: 2, schule: 'Grundschule' }, 'de')), ['a/kinder Frage: Nein']);
});
