import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Answers } from './answers.ts';
import { issueMessages } from './issue-messages.ts';
import { pruneAnswers, withStepAnswers } from './journey.ts';
import type { RawInput } from './raw-input.ts';
import { exampleForm, proofFile } from './test-fixtures.ts';
import { validateStep } from './validate-step.ts';

const hunde = exampleForm('hundeanmeldung');
const sperrmuell = exampleForm('sperrmuell');
const today = '2026-06-15';
const files = (id: string) => (id === proofFile.id ? proofFile : undefined);

const dog = (gefaehrlich: 'ja' | 'nein', extra: RawInput = {}): RawInput => ({
  'hunde[0].hundName': 'Bello',
  'hunde[0].rasse': 'Labrador-Mischling',
  'hunde[0].hundGeburtsdatum': '01.03.2024',
  'hunde[0].haltungsbeginn': '01.06.2026',
  'hunde[0].gefaehrlich': gefaehrlich,
  ...extra,
});

test('hundeanmeldung: a dangerous dog needs the proof of competence', () => {
  const result = validateStep(hunde, 'hundeAngaben', dog('ja'), { today, files });
  assert.deepEqual(result.issues, [{ field: 'hunde[0].sachkundenachweis', code: 'required' }]);
  assert.deepEqual(issueMessages(hunde, result.issues, 'de'), [{ field: 'hunde[0].sachkundenachweis', message: 'Hund 1: Laden Sie bei „Sachkundenachweis“ eine Datei hoch.' }]);
  const withProof = validateStep(hunde, 'hundeAngaben', dog('ja', { 'hunde[0].sachkundenachweis': 'upload-1' }), { today, files });
  assert.deepEqual(withProof.issues, []);
  assert.deepEqual((withProof.answers['hunde'] as Answers[])[0]?.['sachkundenachweis'], [proofFile]);
});

test('hundeanmeldung: for a dog that is not dangerous the upload is hidden and not kept', () => {
  const result = validateStep(hunde, 'hundeAngaben', dog('nein', { 'hunde[0].sachkundenachweis': 'upload-9' }), { today, files });
  assert.deepEqual(result.issues, [], 'no required and no unknown_file issue for the hidden upload');
  assert.deepEqual(result.answers, {
    hunde: [{ hundName: 'Bello', rasse: 'Labrador-Mischling', hundGeburtsdatum: '2024-03-01', haltungsbeginn: '2026-06-01', gefaehrlich: false }],
  });
});

test('hundeanmeldung: changing "gefährlich" to "nein" prunes the stored upload (Art. 5 (1) c DSGVO)', () => {
  const first = validateStep(hunde, 'hundeAngaben', dog('ja', { 'hunde[0].sachkundenachweis': 'upload-1' }), { today, files });
  let answers = withStepAnswers(hunde, { vorname: 'Anna' }, 'hundeAngaben', first.answers);
  assert.ok(JSON.stringify(answers).includes('upload-1'));
  // The page re-posts the stored file reference with the changed answer: it must still go.
  const second = validateStep(hunde, 'hundeAngaben', dog('nein', { 'hunde[0].sachkundenachweis': 'upload-1' }), { today, files, answers });
  answers = withStepAnswers(hunde, answers, 'hundeAngaben', second.answers);
  assert.equal(JSON.stringify(answers).includes('upload-1'), false);
  assert.equal(answers['vorname'], 'Anna');
  // And pruning alone does the same to stored answers.
  const stored = { hunde: [{ gefaehrlich: false, sachkundenachweis: [proofFile] }] };
  assert.deepEqual(pruneAnswers(hunde, stored), { hunde: [{ gefaehrlich: false }] });
});

test('hundeanmeldung: the owner must be 18 (max today-18y) and dates in items are named by item', () => {
  const owner = validateStep(hunde, 'antragsteller', { vorname: 'Anna', nachname: 'Muster', geburtsdatum: '16.06.2008', email: 'anna@beispiel.de' }, { today });
  assert.deepEqual(owner.issues, [{ field: 'geburtsdatum', code: 'date_after_max', params: { max: '2008-06-15' } }]);
  const born = validateStep(hunde, 'hundeAngaben', dog('nein', { 'hunde[0].hundGeburtsdatum': '16.06.2026' }), { today });
  assert.deepEqual(born.issues, [{ field: 'hunde[0].hundGeburtsdatum', code: 'date_in_future' }]);
});

test('hundeanmeldung: the direct-debit fields apply only to "lastschrift"', () => {
  const debit = validateStep(hunde, 'bezahlung', { zahlungsweise: 'lastschrift', kontoinhaber: 'Anna Muster', iban: 'DE88 3704 0044 0532 0130 00' }, { today });
  assert.deepEqual(debit.issues.map((found) => `${found.field}:${found.code}`), ['iban:iban_checksum', 'sepaMandat:required']);
  const transfer = validateStep(hunde, 'bezahlung', { zahlungsweise: 'ueberweisung', kontoinhaber: 'Anna Muster', iban: 'kaputt' }, { today });
  assert.deepEqual(transfer, { answers: { zahlungsweise: 'ueberweisung' }, issues: [] });
});

const termin = (wunschtermin: string, ausweichtermin = ''): RawInput => ({ wunschtermin, ausweichtermin });
// [raw input, issues], with today = 2026-06-15: the earliest date is 2026-06-22, the latest 2026-12-15.
const sperrmuellCases: [RawInput, string[]][] = [
  [termin('22.06.2026'), []],
  [termin('21.06.2026'), ['wunschtermin:date_before_min:2026-06-22']],
  [termin('16.12.2026'), ['wunschtermin:date_after_max:2026-12-15']],
  [termin(''), ['wunschtermin:required']],
  [termin('22.06.2026', '23.06.2026'), []],
  [termin('23.06.2026', '22.06.2026'), ['ausweichtermin:rule_failed:ausweichterminNachWunschtermin']],
  [termin('23.06.2026', '23.06.2026'), ['ausweichtermin:rule_failed:ausweichterminNachWunschtermin']],
  [termin('23.06.2026', '20.06.2026'), ['ausweichtermin:date_before_min:2026-06-22']],
];
for (const [input, expected] of sperrmuellCases) {
  test(`sperrmuell termin ${JSON.stringify(input)} → ${expected.join(', ') || 'ok'}`, () => {
    const result = validateStep(sperrmuell, 'termin', input, { today });
    assert.deepEqual(result.issues.map((found) => [found.field, found.code, ...Object.values(found.params ?? {})].join(':')), expected);
  });
}

test('sperrmuell: the injected today moves the earliest date', () => {
  assert.deepEqual(validateStep(sperrmuell, 'termin', termin('22.06.2026'), { today: '2026-06-16' }).issues.map((found) => found.params?.['min']), ['2026-06-23']);
});

test('sperrmuell: the contact rule wants an email address or a phone number, with the rule’s own text', () => {
  const none = validateStep(sperrmuell, 'kontakt', { vorname: 'Anna', nachname: 'Muster' }, { today });
  assert.deepEqual(none.issues, [{ field: 'email', code: 'rule_failed', params: { rule: 'erreichbarkeit' } }]);
  assert.equal(issueMessages(sperrmuell, none.issues, 'en')[0]?.message, 'Give an email address or a phone number so that we can reach you.');
  assert.deepEqual(validateStep(sperrmuell, 'kontakt', { vorname: 'Anna', nachname: 'Muster', telefon: '0221 123456' }, { today }).issues, []);
});

test('sperrmuell: "Etwas anderes" shows the description field, issues in page order', () => {
  const result = validateStep(sperrmuell, 'sperrmuellArt', { gegenstaende: ['moebel', 'sonstiges'], menge: '7' }, { today });
  assert.deepEqual(result.issues.map((found) => `${found.field}:${found.code}`), ['sonstigesBeschreibung:required', 'menge:number_too_large']);
  const without = validateStep(sperrmuell, 'sperrmuellArt', { gegenstaende: 'moebel', sonstigesBeschreibung: 'Klavier', menge: '1,5' }, { today });
  assert.deepEqual(without, { answers: { gegenstaende: ['moebel'], menge: 1.5 }, issues: [] });
});

test('an unknown step is a programming error', () => {
  assert.throws(() => validateStep(sperrmuell, 'gibtsnicht', {}, { today }), /unknown step/);
});
