import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleForm } from '../../forms/runtime/test-fixtures.ts';
import { answerText, fillTemplate, leftoverPlaceholders, unknownPlaceholders } from './placeholders.ts';

const values = { name: 'Erika Mustermann', aktenzeichen: 'ANT-2026-ABC123', antrag: 'Sperrmüll abholen lassen', eingangsdatum: '01.07.2026', datum: '02.07.2026', behoerde: 'Stadt Detmold' };
const sperrmuell = exampleForm('sperrmuell');
const answers = {
  vorname: 'Erika',
  abholanschrift: { street: 'Marktplatz 5', postcode: '32756', place: 'Detmold' },
  gegenstaende: ['sonstiges'],
  menge: 2,
  wunschtermin: '2026-07-10',
};

test('templates are filled from the case and the answers as the citizen reads them back', () => {
  const answer = (id: string) => answerText(sperrmuell, answers, id, 'de');
  const cases: [string, string][] = [
    ['{name}, {aktenzeichen}, {antrag}, {eingangsdatum}, {datum}, {behoerde}', 'Erika Mustermann, ANT-2026-ABC123, Sperrmüll abholen lassen, 01.07.2026, 02.07.2026, Stadt Detmold'],
    ['am {antwort:wunschtermin} in {antwort:abholanschrift}', 'am 10.07.2026 in Marktplatz 5, 32756 Detmold'],
    ['{antwort:vorname}', 'Erika'],
    // Not answered, not a field, not a placeholder: left visible for the caseworker.
    ['{antwort:telefon} {antwort:gibtsnicht} {unbekannt} {name:x}', '{antwort:telefon} {antwort:gibtsnicht} {unbekannt} {name:x}'],
    ['Kein Platzhalter: { name } {}', 'Kein Platzhalter: { name } {}'],
  ];
  for (const [template, expected] of cases) assert.equal(fillTemplate(template, values, answer), expected, template);
});

test('unknown and leftover placeholders are found', () => {
  assert.deepEqual(unknownPlaceholders('{name} {antwort:vorname} {nmae} {antwort} {datum:x} {nmae}'), ['{nmae}', '{antwort}', '{datum:x}']);
  assert.deepEqual(unknownPlaceholders('Alles bekannt: {behoerde}'), []);
  assert.deepEqual(leftoverPlaceholders('Text {antwort:x} und {name}'), ['{antwort:x}', '{name}']);
  assert.deepEqual(leftoverPlaceholders('fertig'), []);
});
