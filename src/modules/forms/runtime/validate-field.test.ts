import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Field } from '../definition/types.ts';
import type { AnswerValue } from './answers.ts';
import { checkIban } from './iban.ts';
import type { FieldIssue } from './issues.ts';
import { parseField } from './parse-field.ts';
import type { RawInput } from './raw-input.ts';
import { validateField } from './validate-field.ts';
import { proofFile } from './test-fixtures.ts';

const today = '2026-06-15';
const label = { de: 'Feld', en: 'Field' };
const options = [{ value: 'a', label }, { value: 'b', label }, { value: 'c', label }];
const f = (field: Record<string, unknown>): Field => ({ id: 'f', label, ...field }) as Field;
const files = (id: string) => (id === proofFile.id ? proofFile : undefined);

/** Parse, then validate what could be read (as validate-step.ts does). */
function run(field: Field, input: RawInput): { value: AnswerValue | undefined; issues: FieldIssue[] } {
  const parsed = parseField(field, input, field.id, { files });
  const issues = parsed.issues.length > 0 ? parsed.issues : validateField(field, parsed.value, field.id, {}, { today });
  return { value: parsed.value, issues };
}

// [name, field, raw input, expected answer, expected issues (code or full issue)]
type Case = [string, Field, RawInput, AnswerValue | undefined, (string | FieldIssue)[]];
const cases: Case[] = [
  ['text ok, trimmed', f({ type: 'text', required: true }), { f: '  Anna ' }, 'Anna', []],
  ['text required', f({ type: 'text', required: true }), { f: '   ' }, undefined, ['required']],
  ['text optional empty', f({ type: 'text' }), {}, undefined, []],
  ['text too long (characters, not bytes)', f({ type: 'text', maxLength: 3 }), { f: 'Jörg' }, 'Jörg', [{ field: 'f', code: 'too_long', params: { max: 3 } }]],
  ['text too short', f({ type: 'text', minLength: 3 }), { f: 'ab' }, 'ab', ['too_short']],
  ['text pattern matches whole answer', f({ type: 'text', pattern: '[0-9]{15}' }), { f: '276098106543210' }, '276098106543210', []],
  ['text pattern mismatch', f({ type: 'text', pattern: '[0-9]{15}' }), { f: '2760981065432101' }, '2760981065432101', ['pattern_mismatch']],
  ['textarea CRLF counts once', f({ type: 'textarea', maxLength: 3 }), { f: 'a\r\nb' }, 'a\nb', []],
  ['number German', f({ type: 'number' }), { f: '1.234,5' }, 1234.5, []],
  ['number German thousands', f({ type: 'number' }), { f: '1.234' }, 1234, []],
  ['number with decimal point', f({ type: 'number' }), { f: '0.5' }, 0.5, []],
  ['number with unit', f({ type: 'number', unit: { de: 'm³', en: 'm³' } }), { f: '2,5 m³' }, 2.5, []],
  ['number not a number', f({ type: 'number' }), { f: 'zwei' }, undefined, ['invalid_number']],
  ['number not integer', f({ type: 'number', integer: true }), { f: '2,5' }, 2.5, ['not_integer']],
  ['number below min', f({ type: 'number', min: 0.5 }), { f: '0,4' }, 0.4, [{ field: 'f', code: 'number_too_small', params: { min: 0.5 } }]],
  ['number above max', f({ type: 'number', max: 5 }), { f: '6' }, 6, ['number_too_large']],
  ['money with euro sign', f({ type: 'money' }), { f: '12,50 €' }, 1250, []],
  ['money thousands', f({ type: 'money' }), { f: '1.234,05 EUR' }, 123405, []],
  ['money one decimal means ten cents', f({ type: 'money' }), { f: '12,5' }, 1250, []],
  ['money German thousands without cents', f({ type: 'money' }), { f: '1.234' }, 123400, []],
  ['money exact cents', f({ type: 'money' }), { f: '0,29' }, 29, []],
  ['money three decimals', f({ type: 'money' }), { f: '1,234' }, undefined, ['invalid_money']],
  ['money negative', f({ type: 'money' }), { f: '-5' }, undefined, ['invalid_money']],
  ['money above max', f({ type: 'money', max: 10000 }), { f: '100,01' }, 10001, [{ field: 'f', code: 'money_too_large', params: { max: 10000 } }]],
  ['date German', f({ type: 'date' }), { f: '24.12.2026' }, '2026-12-24', []],
  ['date short German', f({ type: 'date' }), { f: '1.2.2026' }, '2026-02-01', []],
  ['date ISO', f({ type: 'date' }), { f: '2026-12-24' }, '2026-12-24', []],
  ['date not in calendar', f({ type: 'date' }), { f: '31.02.2026' }, undefined, ['invalid_date']],
  ['date two-digit year', f({ type: 'date' }), { f: '1.2.26' }, undefined, ['invalid_date']],
  ['date after max today-18y', f({ type: 'date', max: 'today-18y' }), { f: '16.06.2008' }, '2008-06-16', [{ field: 'f', code: 'date_after_max', params: { max: '2008-06-15' } }]],
  ['date on max today-18y', f({ type: 'date', max: 'today-18y' }), { f: '15.06.2008' }, '2008-06-15', []],
  ['date before min today+7', f({ type: 'date', min: 'today+7' }), { f: '21.06.2026' }, '2026-06-21', [{ field: 'f', code: 'date_before_min', params: { min: '2026-06-22' } }]],
  ['date fixed min', f({ type: 'date', min: '2026-01-01' }), { f: '31.12.2025' }, '2025-12-31', ['date_before_min']],
  ['date in future with max today', f({ type: 'date', max: 'today' }), { f: '16.06.2026' }, '2026-06-16', ['date_in_future']],
  ['email ok', f({ type: 'email' }), { f: 'anna@beispiel.de' }, 'anna@beispiel.de', []],
  ['email bad', f({ type: 'email' }), { f: 'anna@beispiel' }, 'anna@beispiel', ['invalid_email']],
  ['phone ok', f({ type: 'phone' }), { f: '+49 221 / 123-456' }, '+49 221 / 123-456', []],
  ['phone letters', f({ type: 'phone' }), { f: '0221 KREIS' }, '0221 KREIS', ['invalid_phone']],
  ['phone too short', f({ type: 'phone' }), { f: '112' }, '112', ['invalid_phone']],
  ['iban ok with spaces', f({ type: 'iban' }), { f: 'de89 3704 0044 0532 0130 00' }, 'DE89370400440532013000', []],
  ['iban bad checksum', f({ type: 'iban' }), { f: 'DE88370400440532013000' }, 'DE88370400440532013000', ['iban_checksum']],
  ['iban DE wrong length', f({ type: 'iban' }), { f: 'DE8937040044053201300' }, 'DE8937040044053201300', [{ field: 'f', code: 'iban_length', params: { country: 'DE', length: 22 } }]],
  ['iban garbage', f({ type: 'iban' }), { f: 'keine iban' }, 'KEINEIBAN', ['invalid_iban']],
  ['postcode ok', f({ type: 'postcode' }), { f: '50667' }, '50667', []],
  ['postcode four digits', f({ type: 'postcode' }), { f: '5066' }, '5066', ['invalid_postcode']],
  ['address ok', f({ type: 'address', required: true }), { 'f.street': 'Domplatz 1', 'f.postcode': '50667', 'f.place': 'Köln' }, { street: 'Domplatz 1', postcode: '50667', place: 'Köln' }, []],
  ['address required', f({ type: 'address', required: true }), {}, undefined, ['required']],
  ['address place missing', f({ type: 'address' }), { 'f.street': 'Domplatz 1', 'f.postcode': '50667' }, { street: 'Domplatz 1', postcode: '50667', place: '' }, [{ field: 'f.place', code: 'address_place_missing' }]],
  ['address bad postcode', f({ type: 'address' }), { 'f.street': 'Domplatz 1', 'f.postcode': '5O667', 'f.place': 'Köln' }, { street: 'Domplatz 1', postcode: '5O667', place: 'Köln' }, [{ field: 'f.postcode', code: 'invalid_postcode' }]],
  ['select ok', f({ type: 'select', options }), { f: 'b' }, 'b', []],
  ['radios unknown option', f({ type: 'radios', options }), { f: 'z' }, 'z', ['invalid_option']],
  ['radios required', f({ type: 'radios', options, required: true }), {}, undefined, ['required']],
  ['checkboxes ok, hidden empty value ignored', f({ type: 'checkboxes', options }), { f: ['', 'a', 'c'] }, ['a', 'c'], []],
  ['checkboxes unknown option', f({ type: 'checkboxes', options }), { f: ['a', 'x'] }, ['a', 'x'], ['invalid_option']],
  ['checkboxes too many', f({ type: 'checkboxes', options, maxSelected: 1 }), { f: ['a', 'b'] }, ['a', 'b'], [{ field: 'f', code: 'too_many_selected', params: { max: 1 } }]],
  ['checkboxes too few', f({ type: 'checkboxes', options, minSelected: 2 }), { f: 'a' }, ['a'], ['too_few_selected']],
  ['yesno ja', f({ type: 'yesno' }), { f: 'ja' }, true, []],
  ['yesno nein', f({ type: 'yesno', required: true }), { f: 'nein' }, false, []],
  ['yesno other', f({ type: 'yesno' }), { f: 'vielleicht' }, undefined, ['invalid_option']],
  ['file known reference', f({ type: 'file', accept: ['.pdf'], maxSizeMb: 10 }), { f: 'upload-1' }, [proofFile], []],
  ['file unknown reference', f({ type: 'file', accept: ['.pdf'], maxSizeMb: 10 }), { f: 'upload-9' }, undefined, ['unknown_file']],
  ['file required', f({ type: 'file', accept: ['.pdf'], maxSizeMb: 10, required: true }), {}, undefined, ['required']],
  ['file: the same reference twice counts once', f({ type: 'file', accept: ['.pdf'], maxSizeMb: 10, maxFiles: 1 }), { f: ['upload-1', 'upload-1'] }, [proofFile], []],
];

const group = f({
  type: 'group', itemLabel: label, required: true, minItems: 1, maxItems: 2,
  fields: [
    { id: 'name', type: 'text', label, required: true },
    { id: 'gefaehrlich', type: 'yesno', label, required: true },
    { id: 'nachweis', type: 'text', label, required: true, condition: { field: 'gefaehrlich', equals: true } },
  ],
});
cases.push(
  ['group ok, empty item dropped', group, { 'f[0].name': 'Bello', 'f[0].gefaehrlich': 'nein', 'f[1].name': '' }, [{ name: 'Bello', gefaehrlich: false }], []],
  ['group required', group, {}, undefined, [{ field: 'f', code: 'too_few_items', params: { min: 1 } }]],
  ['group too many', group, { 'f[0].name': 'A', 'f[1].name': 'B', 'f[2].name': 'C' }, [{ name: 'A' }, { name: 'B' }, { name: 'C' }], ['too_many_items']],
  ['group item fields, condition per item', group, { 'f[0].name': 'A', 'f[0].gefaehrlich': 'ja', 'f[3].gefaehrlich': 'nein' }, [{ name: 'A', gefaehrlich: true }, { gefaehrlich: false }], [
    { field: 'f[0].nachweis', code: 'required' },
    { field: 'f[1].name', code: 'required' },
  ]],
  ['group item parse issue named by position', group, { 'f[5].name': 'A', 'f[5].gefaehrlich': 'eher nicht' }, [{ name: 'A' }], [{ field: 'f[0].gefaehrlich', code: 'invalid_option' }]],
);

for (const [name, field, input, value, expected] of cases) {
  test(`${field.type}: ${name}`, () => {
    const result = run(field, input);
    assert.deepEqual(result.value, value);
    const issues = result.issues.map((found) => (expected.some((e) => typeof e === 'object') ? found : found.code));
    assert.deepEqual(issues, expected);
  });
}

test('file size and type are not checked here: only the reference (upload layer does the rest)', () => {
  const big = { ...proofFile, size: 50_000_000, mediaType: 'application/zip' };
  const field = f({ type: 'file', accept: ['.pdf'], maxSizeMb: 1, maxFiles: 1 });
  assert.deepEqual(validateField(field, [big], 'f', {}, { today }), []);
  assert.deepEqual(validateField(field, [big, big], 'f', {}, { today }).map((found) => found.code), ['too_many_files']);
});

// ISO 13616 test IBANs (published examples) and single-digit changes of them.
const ibans: [string, boolean][] = [
  ['DE89370400440532013000', true],
  ['DE89370400440532013001', false],
  ['GB82WEST12345698765432', true],
  ['GB82WEST12345698765433', false],
  ['AT611904300234573201', true],
  ['NL91ABNA0417164300', true],
  ['CH9300762011623852957', true],
  ['FR1420041010050500013M02606', true],
  ['FR1420041010050500013M02607', false],
];
for (const [iban, valid] of ibans) {
  test(`IBAN ${iban} is ${valid ? 'valid' : 'invalid'} (ISO 13616 mod 97)`, () => assert.equal(checkIban(iban) === undefined, valid));
}
