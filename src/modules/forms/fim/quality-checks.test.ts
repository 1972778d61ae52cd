import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkQuality } from './quality-checks.ts';
import { qualityMessages } from './quality-messages.ts';
import type { QualityCode } from './quality-messages.ts';
import { readXdatenfelder } from './read-xdatenfelder.ts';
import { field, group, schema, schemaWith } from './xdf-test-builder.ts';
import { parseXml } from './xml-tree.ts';

const findings = (xml: string) => checkQuality(readXdatenfelder(parseXml(xml)));

const S = 'S99000000001';
const G = `${S}/G99000000001`;
const F = `${G}/F99000000001`;
const values = (...names: string[]) => names.map((name, index) => [String(index + 1), name] as const);
const choice = values('ja', 'nein');

/** Each case breaks one rule of the FIM quality messages on an otherwise clean schema. */
const cases: { code: QualityCode; path: string; xml: string }[] = [
  { code: '1002', path: F, xml: schemaWith(field({ name: null })) },
  { code: '1003', path: S, xml: schema([group({}, [field(), field({ id: 'F99000000002' })]), group({ id: 'G99000000002' }, [field({ version: '2.0.0' }), field({ id: 'F99000000003' })])]) },
  { code: '1004', path: G, xml: schemaWith(field(), field()) },
  { code: '1009', path: F, xml: schemaWith(field({ label: null })) },
  { code: '1011', path: F, xml: schemaWith(field({ feldart: 'select', datentyp: 'num', values: choice })) },
  { code: '1012', path: F, xml: schemaWith(field({ feldart: 'select', values: choice, precision: { maxLength: '5' } })) },
  { code: '1013', path: G, xml: schema([group({ elementType: 'ABS' }, [field(), field({ id: 'F99000000002' })])]) },
  { code: '1014', path: F, xml: schemaWith(field({ elementType: 'ABS' })) },
  { code: '1015', path: F, xml: schemaWith(field({ datentyp: 'num', precision: { minValue: '1', maxValue: '2', maxLength: '3' } })) },
  { code: '1016', path: F, xml: schemaWith(field({ datentyp: 'bool', precision: { minValue: '0' } })) },
  { code: '1017', path: F, xml: schemaWith(field({ values: choice })) },
  { code: '1018', path: F, xml: schemaWith(field({ feldart: 'select', precision: {} })) },
  { code: '1021', path: F, xml: schemaWith(field({}, '')) },
  { code: '1023', path: G, xml: schema([group({}, [])]) },
  { code: '1024', path: `${F}/R99000000001`, xml: schemaWith(field({ rule: { id: 'R99000000001' } })) },
  { code: '1025', path: S, xml: schema([group({}, [field(), field({ id: 'F99000000002' })]), group({}, [field(), field({ id: 'F99000000002' })])]) },
  { code: '1027', path: F, xml: schemaWith(field({ feldart: 'slider' })) },
  { code: '1028', path: F, xml: schemaWith(field({ datentyp: 'colour' })) },
  { code: '1030', path: F, xml: schemaWith(field({ prefill: 'immer' })) },
  { code: '1031', path: F, xml: schemaWith(field({ elementType: 'XYZ' })) },
  { code: '1042', path: G, xml: schema([group({ art: 'Y' }, [field(), field({ id: 'F99000000002' })])]) },
  { code: '1043', path: G, xml: schema([group({ art: 'X' }, [field({}, '0:1')])]) },
  { code: '1044', path: F, xml: schemaWith(field({ feldart: 'select', values: values('nur einer'), precision: {} })) },
  { code: '1045', path: F, xml: schemaWith(field({ feldart: 'select', values: [['A', 'eins'], ['A', 'zwei']], precision: {} })) },
  { code: '1046', path: F, xml: schemaWith(field({}, '1..2')) },
  { code: '1047', path: F, xml: schemaWith(field({}, '3:1')) },
  { code: '1050', path: S, xml: schema([group({}, [field(), field({ id: 'F99000000002' })])], { label: null }) },
  { code: '1056', path: F, xml: schemaWith(field({ maxSize: '1000' })) },
  { code: '1057', path: F, xml: schemaWith(field({ mediaTypes: ['application/pdf'] })) },
  { code: '1059', path: F, xml: schemaWith(field({ precision: { minLength: '-1', maxLength: '5' } })) },
  { code: '1060', path: F, xml: schemaWith(field({ precision: { minLength: '0', maxLength: '0' } })) },
  { code: '1061', path: F, xml: schemaWith(field({ precision: { minLength: '10', maxLength: '5' } })) },
  { code: '1062', path: F, xml: schemaWith(field({ datentyp: 'num', precision: { minValue: 'klein', maxValue: '5' } })) },
  { code: '1063', path: F, xml: schemaWith(field({ datentyp: 'num_currency', precision: { minValue: '1', maxValue: 'groß' } })) },
  { code: '1064', path: F, xml: schemaWith(field({ datentyp: 'num', precision: { minValue: '5', maxValue: '1' } })) },
  { code: '1065', path: F, xml: schemaWith(field({ datentyp: 'num_int', precision: { minValue: '1.5', maxValue: '5' } })) },
  { code: '1066', path: F, xml: schemaWith(field({ datentyp: 'num_int', precision: { minValue: '1', maxValue: '2.5' } })) },
  { code: '1067', path: F, xml: schemaWith(field({ datentyp: 'date', precision: { minValue: '01.01.2020', maxValue: '2030-01-01' } })) },
  { code: '1068', path: F, xml: schemaWith(field({ datentyp: 'date', precision: { minValue: '2020-01-01', maxValue: '2030-02-30' } })) },
  { code: '1069', path: F, xml: schemaWith(field({ datentyp: 'num', precision: { minValue: '1' }, content: 'viel' })) },
  { code: '1070', path: F, xml: schemaWith(field({ datentyp: 'num_int', precision: { minValue: '1' }, content: '1.5' })) },
  { code: '1071', path: F, xml: schemaWith(field({ datentyp: 'date', precision: { minValue: '2020-01-01' }, content: 'gestern' })) },
  { code: '1077', path: F, xml: schemaWith(field({ datentyp: 'bool', content: 'ja' })) },
  { code: '1078', path: S, xml: schema([]) },
  { code: '1090', path: F, xml: schemaWith(field({ feldart: 'label', datentyp: 'num', content: 'Hinweis' })) },
  { code: '1093', path: F, xml: schemaWith(field({ feldart: 'select', values: [['A', 'gleich'], ['B', 'gleich']], precision: {} })) },
  { code: '1098', path: F, xml: schemaWith(field({ label: 'Geburtsort', help: 'Geburtsort' })) },
  { code: '1099', path: F, xml: schemaWith(field({ name: 'Geburtsort', help: 'Geburtsort' })) },
  { code: '1100', path: F, xml: schemaWith(field({ datentyp: 'file', content: 'anlage.pdf' }, '0:*')) },
  { code: '1102', path: F, xml: schemaWith(field({ precision: { maxLength: '50' } })) },
  { code: '1103', path: F, xml: schemaWith(field({ datentyp: 'num_currency' })) },
  { code: '1106', path: G, xml: schema([group({}, [field()])]) },
  { code: '1109', path: F, xml: schemaWith(field({ feldart: 'label', precision: {} })) },
  { code: '1118', path: F, xml: schema([group({ art: 'X' }, [field({}, '1:1'), field({ id: 'F99000000002' }, '0:1')])]) },
  { code: '1120', path: F, xml: schemaWith(field({ datentyp: 'file', precision: { pattern: '.*' } }, '0:*')) },
  { code: '1139', path: F, xml: schemaWith(field({ datentyp: 'file' }, '0:3')) },
];

test('a clean schema has no findings', () => {
  assert.deepEqual(findings(schemaWith(field())), []);
});

test('every quality message in the table has a case', () => {
  const tested = new Set(cases.map((c) => c.code));
  assert.deepEqual(Object.keys(qualityMessages).filter((code) => !tested.has(code as QualityCode)), []);
});

for (const { code, path, xml } of cases) {
  test(`FIM ${code}: ${qualityMessages[code].text}`, () => {
    const found = findings(xml);
    const match = found.find((finding) => finding.code === code && finding.path === path);
    assert.ok(match, `expected ${code} at ${path}, got ${JSON.stringify(found.map((f) => `${f.code} ${f.path}`))}`);
    assert.equal(match.severity, qualityMessages[code].severity);
    assert.equal(match.message, qualityMessages[code].text);
  });
}
