import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issueMessage } from './issue-messages.ts';
import { issueCodes } from './issues.ts';
import { formMessages } from './messages.ts';
import { exampleForm } from './test-fixtures.ts';

const hunde = exampleForm('hundeanmeldung');
const sperrmuell = exampleForm('sperrmuell');

test('every issue code has a German and an English text', () => {
  for (const code of Object.values(issueCodes)) {
    assert.ok(formMessages.de[code].length > 0, code);
    assert.ok(formMessages.en[code].length > 0, code);
  }
});

const cases: [Parameters<typeof issueMessage>[1], 'de' | 'en', string][] = [
  [{ field: 'vorname', code: 'required' }, 'de', 'Füllen Sie das Feld „Vorname“ aus.'],
  [{ field: 'vorname', code: 'required' }, 'en', 'Enter first name'],
  [{ field: 'zahlungsweise', code: 'required' }, 'de', 'Wählen Sie bei „Zahlungsweise“ eine Antwort aus.'],
  [{ field: 'geburtsdatum', code: 'date_after_max', params: { max: '2008-06-15' } }, 'de', 'Das Datum bei „Geburtsdatum“ muss am 15.06.2008 oder davor liegen.'],
  [{ field: 'hunde[1].hundGeburtsdatum', code: 'date_in_future' }, 'de', 'Hund 2: Das Datum bei „Geburtsdatum des Hundes“ muss heute oder in der Vergangenheit liegen.'],
  [{ field: 'hunde[0].chipnummer', code: 'pattern_mismatch' }, 'de', 'Hund 1: Die Chipnummer hat 15 Ziffern.'],
  [{ field: 'anschrift.postcode', code: 'invalid_postcode' }, 'en', 'Enter a postcode with 5 digits, like 50667'],
  [{ field: 'iban', code: 'iban_length', params: { country: 'DE', length: 22 } }, 'de', 'Eine IBAN aus DE hat 22 Zeichen. Prüfen Sie Ihre IBAN.'],
  [{ field: 'iban', code: 'required' }, 'en', 'Enter IBAN'],
  [{ field: 'hunde', code: 'too_many_items', params: { max: 10 } }, 'en', 'You can add no more than 10 for dogs'],
];
for (const [found, locale, expected] of cases) {
  test(`${locale} ${found.field} ${found.code}`, () => assert.equal(issueMessage(hunde, found, locale), expected));
}

test('money parameters are shown in euro', () => {
  const def = { ...sperrmuell, steps: [{ id: 's', title: sperrmuell.title, fields: [{ id: 'betrag', type: 'money' as const, label: { de: 'Betrag', en: 'Amount' } }] }], rules: [] };
  assert.equal(issueMessage(def, { field: 'betrag', code: 'money_too_small', params: { min: 500 } }, 'de'), '„Betrag“ muss mindestens 5,00\u00a0€ betragen.');
});
