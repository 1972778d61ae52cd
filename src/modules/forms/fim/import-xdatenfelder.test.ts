import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Field, FormDefinition } from '../definition/types.ts';
import { validateDefinition } from '../definition/validate-definition.ts';
import { FimImportError, importXDatenfelder } from './import-xdatenfelder.ts';
import type { FimErrorCode, FimImportResult } from './import-xdatenfelder.ts';
import { defaultDeclaration } from './map-definition.ts';
import { field, group, groupMessage, schema } from './xdf-test-builder.ts';
import { maxXmlDepth, maxXmlLength } from './xml-tree.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const testData = path.resolve(repoRoot, '..', 'shared', 'data', 'fim', 'xdatenfelder-xml-testdata');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'forms', 'fim');
const read = (file: string): string => readFileSync(file, 'utf8');

/** A definition in one line per step: `stepId: fieldId:type, group:group[inner:type]`. */
function outline(definition: FormDefinition): string[] {
  const fields = (list: readonly Field[]): string =>
    list.map((f) => (f.type === 'group' ? `${f.id}:group[${fields(f.fields)}]` : `${f.id}:${f.type}${f.required ? '!' : ''}`)).join(', ');
  return definition.steps.map((step) => `${step.id}: ${fields(step.fields)}`);
}

function expectError(xml: string, code: FimErrorCode, line?: number): FimImportError {
  let caught: unknown;
  try {
    importXDatenfelder(xml);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof FimImportError, `expected FimImportError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (line !== undefined) assert.equal(caught.where?.line, line, caught.message);
  return caught;
}

function expectValid(result: FimImportResult): void {
  const validation = validateDefinition(result.definition);
  assert.deepEqual(validation.ok ? [] : validation.problems, []);
}

type Good = { outline: string[]; quality: string[]; unmapped: string[]; title: string };
type Broken = { error: FimErrorCode; line: number };

/**
 * Every file of the shared FIM test data (flxbe/xdatenfelder-xml, EUPL-1.2) with its outcome.
 * input.xml repeats <inhalt> (and has an empty <codelisteReferenz>), which XDatenfelder 3.0.0
 * allows once; the upstream parser keeps the last value, this importer refuses the file.
 */
const expected: Record<string, Good | Broken> = {
  'v2/data-field-rule.xml': { title: 'Test', outline: ['step_t1234: f123:text!'], quality: ['1102'], unmapped: ['T1234/F123/R60000037'] },
  'v2/data-group-rule.xml': { title: 'Test', outline: ['step_g00000082: '], quality: ['1013', '1023'], unmapped: ['T1234/G00000082/R60000037'] },
  'v2/duplicate-optional-value.xml': { error: 'duplicate_element', line: 15 },
  'v2/duplicate-required-value.xml': { error: 'duplicate_element', line: 13 },
  'v2/label.xml': { title: 'Test', outline: ['step_t1234: '], quality: [], unmapped: [] },
  'v2/minimal.xml': { title: 'Test', outline: ['step_t1234: '], quality: ['1078'], unmapped: [] },
  'v2/rule.xml': { title: 'Test', outline: ['step_t1234: '], quality: ['1078'], unmapped: ['T1234/R60000037'] },
  'v2/select.xml': { title: 'Test', outline: ['step_t1234: '], quality: [], unmapped: ['T1234/F123'] },
  'v2/simple.xml': { title: 'Test', outline: ['step_g00000082: f60000227:text!'], quality: ['1013', '1106'], unmapped: ['T1234/R60000037'] },
  'v2/unknown-namespace.xml': { error: 'unknown_namespace', line: 2 },
  'v3/duplicate-id-node.xml': { error: 'duplicate_id', line: 11 },
  'v3/empty-id-node.xml': { error: 'empty_id', line: 10 },
  'v3/input.xml': { error: 'duplicate_element', line: 64 },
  'v3/invalid-freigabestatus.xml': { error: 'invalid_freigabestatus', line: 17 },
  'v3/missing-id-node.xml': { error: 'missing_id', line: 9 },
  'v3/simple.xml': {
    title: 'Anschrift in Deutschland',
    outline: ['step_g60000000086: f60000000243:text'],
    quality: ['1106', '1106'],
    unmapped: ['G60000000088/R60000000019', 'G60000000088/G60000000086', 'G60000000088/G60000000086/F60000000243/R60000000019'],
  },
  'v3/unexpected-node.xml': { error: 'unexpected_node', line: 11 },
  'v3/unknown-namespace.xml': { error: 'unknown_namespace', line: 2 },
};

test('every file of the FIM test data has an expected outcome', () => {
  const files = ['v2', 'v3'].flatMap((dir) => readdirSync(path.join(testData, dir)).filter((f) => f.endsWith('.xml')).map((f) => `${dir}/${f}`));
  assert.deepEqual(files.sort(), Object.keys(expected).sort());
});

for (const [file, outcome] of Object.entries(expected)) {
  if ('error' in outcome) {
    test(`${file} is refused with ${outcome.error} at line ${outcome.line}`, () => {
      expectError(read(path.join(testData, file)), outcome.error, outcome.line);
    });
    continue;
  }
  test(`${file} imports to a valid definition`, () => {
    const result = importXDatenfelder(read(path.join(testData, file)));
    expectValid(result);
    const { definition, report } = result;
    assert.equal(definition.title.de, outcome.title);
    assert.deepEqual(outline(definition), outcome.outline);
    assert.deepEqual(report.quality.map((q) => q.code), outcome.quality);
    assert.deepEqual(report.unmapped.map((u) => u.path), outcome.unmapped);
    const version = file.startsWith('v2') ? 2 : 3;
    assert.equal(report.standard, version === 2 ? 'XDatenfelder 2.0' : 'XDatenfelder 3.0.0');
    assert.equal(definition.source?.kind, `fim-xdatenfelder-${version}`);
    assert.ok(report.untranslated.includes('/title'));
    assert.deepEqual(definition.declaration, defaultDeclaration);
  });
}

test('v2/label.xml: the static text becomes the intro of its step', () => {
  const { definition } = importXDatenfelder(read(path.join(testData, 'v2/label.xml')));
  assert.deepEqual(definition.steps[0]?.intro, { de: 'Hinweis Inhalt', en: 'Hinweis Inhalt' });
});

test('a byte order mark and Windows line ends do not matter', () => {
  const xml = `\uFEFF${read(path.join(testData, 'v2/simple.xml')).replaceAll('\n', '\r\n')}`;
  assert.deepEqual(outline(importXDatenfelder(xml).definition), ['step_g00000082: f60000227:text!']);
});

test('v3/simple.xml: the field of an optional group (0:1) is optional, with label and help from FIM', () => {
  const { definition, report } = importXDatenfelder(read(path.join(testData, 'v3/simple.xml')));
  assert.equal(definition.id, 'fim-g60000000088');
  assert.deepEqual(definition.source, { kind: 'fim-xdatenfelder-3', id: 'G60000000088', version: '1.2.0' });
  const street = definition.steps[0]?.fields[0];
  assert.deepEqual(street, { id: 'f60000000243', type: 'text', label: { de: 'Straße', en: 'Straße' }, help: { de: 'Geben Sie an, wie die Straße heißt.', en: 'Geben Sie an, wie die Straße heißt.' }, minLength: 1, maxLength: 55 });
  assert.equal(report.message, '0103');
});

test('v2/select.xml: a Codeliste reference is reported with its URN, since the values live in XRepository', () => {
  const { report } = importXDatenfelder(read(path.join(testData, 'v2/select.xml')));
  assert.match(report.unmapped[0]?.reason ?? '', /Codeliste urn:de:example version 1/);
});

test('own XDatenfelder 3.0.0 fixture: every Feldart, Datentyp and structure maps as documented', () => {
  const result = importXDatenfelder(read(path.join(fixtures, 'xdf3-hundesteuer.xml')));
  expectValid(result);
  const { definition, report } = result;
  assert.equal(definition.id, 'fim-s99000000001');
  assert.deepEqual(definition.title, { de: 'Hund anmelden', en: 'Hund anmelden' });
  assert.deepEqual(definition.intro?.de, 'Melden Sie Ihren Hund innerhalb von 14 Tagen an.');
  assert.deepEqual(outline(definition), [
    'step_g99000000010: f99000000011:text!, f99000000012:text!, f99000000013:date!, f99000000016:text!, f99000000017:text!, f99000000018:text!, f99000000019:text!',
    'step_g99000000020: g99000000020:group[f99000000022:text!, f99000000023:radios!, f99000000024:date!, f99000000025:yesno!, f99000000026:file, f99000000027:number]',
    'step_g99000000030: f99000000031:text, f99000000032:text',
    'step_g99000000050: f99000000051:yesno, f99000000052:yesno',
    'step_s99000000001: f99000000040:yesno!, f99000000041:money, f99000000043:group[f99000000043_item:text!], f99000000044:checkboxes!, f99000000045:text, f99000000046:text, f99000000047:textarea, f99000000048:number, f99000000011_2:text',
  ]);
  const [person, dogs, , , rest] = definition.steps;
  // label field and nested group help go to the step intro, after the group's own help text
  assert.equal(person?.intro?.de, 'Wer hält den Hund?\n\nWir verwenden Ihre Angaben nur, um die Hundesteuer festzusetzen.\n\nDie Anschrift, unter der Sie den Hund halten.');
  assert.deepEqual(person?.fields[2], { id: 'f99000000013', type: 'date', label: { de: 'Geburtsdatum', en: 'Geburtsdatum' }, required: true, min: '1900-01-01', max: '2030-12-31' });
  assert.equal((person?.fields[5] as { pattern?: string }).pattern, '[0-9]{5}');
  const dogGroup = dogs?.fields[0];
  assert.ok(dogGroup?.type === 'group');
  assert.deepEqual([dogGroup.minItems, dogGroup.maxItems, dogGroup.required, dogGroup.itemLabel.de], [1, 5, true, 'Hund']);
  assert.deepEqual(dogGroup.fields[1], {
    id: 'f99000000023',
    type: 'radios',
    label: { de: 'Rasse', en: 'Rasse' },
    required: true,
    options: [
      { value: 'MIX', label: { de: 'Mischling', en: 'Mischling' } },
      { value: 'LAB', label: { de: 'Labrador Retriever', en: 'Labrador Retriever' } },
      { value: 'DSH', label: { de: 'Deutscher Schäferhund', en: 'Deutscher Schäferhund' } },
      { value: 'AST', label: { de: 'American Staffordshire Terrier', en: 'American Staffordshire Terrier' } },
    ],
  });
  assert.deepEqual(dogGroup.fields[4], { id: 'f99000000026', type: 'file', label: { de: 'Sachkundenachweis', en: 'Sachkundenachweis' }, accept: ['application/pdf', 'image/jpeg'], maxSizeMb: 5, maxFiles: 10 });
  assert.deepEqual(dogGroup.fields[5], { id: 'f99000000027', type: 'number', label: { de: 'Gewicht in kg', en: 'Gewicht in kg' }, min: 1, max: 120, integer: true });
  const byId = new Map(rest?.fields.map((f) => [f.id, f]));
  assert.deepEqual(byId.get('f99000000041'), { id: 'f99000000041', type: 'money', label: { de: 'Erwarteter Jahresbetrag', en: 'Erwarteter Jahresbetrag' }, min: 0, max: 100050 });
  assert.deepEqual(byId.get('f99000000044'), {
    id: 'f99000000044',
    type: 'checkboxes',
    label: { de: 'Haltungszwecke', en: 'Haltungszwecke' },
    required: true,
    minSelected: 1,
    options: [
      { value: 'PRIV', label: { de: 'privat', en: 'privat' } },
      { value: 'BLIND', label: { de: 'Blindenführhund', en: 'Blindenführhund' } },
      { value: 'DIENST', label: { de: 'Diensthund', en: 'Diensthund' } },
    ],
  });
  assert.equal((byId.get('f99000000046') as { pattern?: string }).pattern, '([01][0-9]|2[0-3]):[0-5][0-9]');
  assert.equal((byId.get('f99000000047') as { maxLength?: number }).maxLength, 2000);

  assert.deepEqual(report.quality.map((q) => `${q.code} ${q.path}`), [
    '1103 S99000000001/G99000000020/F99000000024',
    '1098 S99000000001/F99000000040',
    '1046 S99000000001/F99000000048',
    '1064 S99000000001/F99000000048',
  ]);
  assert.deepEqual(report.unmapped.map((u) => u.what), [
    'Regel R99000000001 "Sachkundenachweis bei gefährlichen Hunden"',
    'position of the static text F99000000014',
    'heading "Anschrift" of the nested group G99000000015',
    'Datentyp text_latin of F99000000017',
    'Datenfeld F99000000021 (selection)',
    'help texts of the values of F99000000023',
    'Anzahl 0:1 of the group G99000000030',
    'pattern of F99000000032',
    'Auswahlgruppe G99000000050 (Gruppenart X)',
    'Datenfeld F99000000042',
    'Datentyp datetime of F99000000045',
    'Anzahl "1-3" of F99000000048',
  ]);
  assert.deepEqual(report.generated.map((g) => g.what.split(':')[0]), ['f99000000026', 'f99000000043', 'f99000000045', 'f99000000046', 'declaration']);
  // every FIM text is German only; the generated declaration and pattern messages are bilingual
  assert.ok(report.untranslated.includes('/steps/1/fields/0/fields/1/options/0/label'));
  assert.ok(!report.untranslated.some((p) => p.startsWith('/declaration') || p.endsWith('/patternMessage')));
});

test('own XDatenfelder 2.0 fixture: JSON Präzisierung, Codeliste, static text, repeatable group, empty Anzahl', () => {
  const result = importXDatenfelder(read(path.join(fixtures, 'xdf2-sperrmuell.xml')));
  expectValid(result);
  const { definition, report } = result;
  assert.deepEqual(outline(definition), ['step_g99000010: f99000012:date!, f99000013:number!', 'step_g99000020: g99000020:group[f99000021:text!, f99000022:yesno]']);
  assert.equal(definition.steps[0]?.intro?.de, 'Stellen Sie die Sachen am Abholtag bis 6 Uhr an den Straßenrand.');
  assert.deepEqual(definition.steps[0]?.fields[1], { id: 'f99000013', type: 'number', label: { de: 'Menge in Kubikmetern', en: 'Menge in Kubikmetern' }, required: true, min: 0.5, max: 5 });
  const items = definition.steps[1]?.fields[0];
  assert.ok(items?.type === 'group');
  assert.deepEqual([items.minItems, items.maxItems], [1, undefined]);
  assert.deepEqual(report.quality.map((q) => q.code), ['1102', '1021', '1015', '1077']);
  assert.deepEqual(report.unmapped.map((u) => u.path), ['S99000002/G99000010/F99000014', 'S99000002/G99000020/F99000021', 'S99000002/G99000020/F99000022']);
});

test('a Datenfeld message (0104) imports as a form with one field', () => {
  const xml = schema([field()])
    .replace(/<xdf:stammdatenschema>[\s\S]*<xdf:struktur><xdf:anzahl>1:1<\/xdf:anzahl><xdf:enthaelt>/, '')
    .replace('</xdf:enthaelt></xdf:struktur>\n</xdf:stammdatenschema>', '')
    .replaceAll('stammdatenschema.0102', 'datenfeld.0104');
  const result = importXDatenfelder(xml);
  expectValid(result);
  assert.equal(result.report.message, '0104');
  assert.deepEqual(outline(result.definition), ['step_f99000000001: f99000000001:text!']);
});

test('a repeatable group whose members all fail to map is left out, not emitted empty', () => {
  const xml = schema([group({}, [group({ id: 'G99000000002' }, [field({ feldart: 'hidden' }), field({ id: 'F99000000002', feldart: 'locked' })], '0:*'), field({ id: 'F99000000003' })])]);
  const result = importXDatenfelder(xml);
  expectValid(result);
  assert.deepEqual(outline(result.definition), ['step_g99000000001: f99000000003:text!']);
  assert.ok(result.report.unmapped.some((u) => u.what === 'Datenfeldgruppe G99000000002'));
});

test('a repeated select (Anzahl 0:2) with more options becomes check boxes with at most 2 ticks', () => {
  const xml = schema([group({}, [field({ feldart: 'select', values: [['a', 'A'], ['b', 'B'], ['c', 'C']], precision: {} }, '0:2'), field({ id: 'F99000000002' })])]);
  const checkboxes = importXDatenfelder(xml).definition.steps[0]?.fields[0];
  assert.deepEqual(checkboxes && { type: checkboxes.type, maxSelected: (checkboxes as { maxSelected?: number }).maxSelected, required: checkboxes.required }, { type: 'checkboxes', maxSelected: 2, required: undefined });
});

test('more than five values make a drop-down', () => {
  const values = ['1', '2', '3', '4', '5', '6'].map((code) => [code, `Wert ${code}`] as const);
  const xml = schema([group({}, [field({ feldart: 'select', values, precision: {} }), field({ id: 'F99000000002' })])]);
  assert.equal(importXDatenfelder(xml).definition.steps[0]?.fields[0]?.type, 'select');
});

test('a Datenfeldgruppe message whose root is an Auswahlgruppe makes every field optional and says so', () => {
  const xml = groupMessage({ art: 'X', label: 'Anschrift' }, [
    group({ id: 'G99000000002', label: 'Inland' }, [field({ id: 'F99000000002' }), field({ id: 'F99000000003' })], '0:1'),
    field({ id: 'F99000000004', label: 'Postfach' }, '0:1'),
  ]);
  const result = importXDatenfelder(xml);
  expectValid(result);
  assert.deepEqual(outline(result.definition), ['step_g99000000002: f99000000002:text, f99000000003:text', 'step_g99000000001: f99000000004:text']);
  assert.deepEqual(result.report.unmapped.map((u) => u.what), ['Auswahlgruppe G99000000001 (Gruppenart X)', 'Anzahl 0:1 of the group G99000000002']);
  assert.equal(result.definition.title.de, 'Anschrift');
});

test('defective bounds in the Präzisierung are dropped, so the definition stays valid', () => {
  const reversed = [
    field({ id: 'F99000000001', datentyp: 'date', precision: { minValue: '2030-01-01', maxValue: '2020-01-01' } }),
    field({ id: 'F99000000002', datentyp: 'num', precision: { minValue: '10', maxValue: '1' } }),
    field({ id: 'F99000000003', datentyp: 'num_currency', precision: { minValue: 'zehn', maxValue: '-1' } }),
    field({ id: 'F99000000004', precision: { minLength: '9', maxLength: '3', pattern: '[a-' } }),
    field({ id: 'F99000000005', datentyp: 'file', maxSize: '-5', mediaTypes: ['PDF'] }, '0:1'),
  ];
  const result = importXDatenfelder(schema([group({}, reversed)]));
  expectValid(result);
  const fields = result.definition.steps[0]?.fields ?? [];
  assert.deepEqual(
    fields.map(({ id, type, ...rest }) => [id, type, Object.keys(rest).filter((key) => !['label', 'required'].includes(key))]),
    [
      ['f99000000001', 'date', []],
      ['f99000000002', 'number', []],
      ['f99000000003', 'money', ['max']],
      ['f99000000004', 'text', []],
      ['f99000000005', 'file', ['accept', 'maxSizeMb']],
    ],
  );
  assert.deepEqual(fields[4] && 'accept' in fields[4] ? [fields[4].accept, fields[4].maxSizeMb] : [], [['application/pdf', 'image/jpeg', 'image/png'], 10]);
});

test('a repeatable field inside an optional group is optional and demands no items', () => {
  const xml = schema([group({}, [field({}, '1:3'), field({ id: 'F99000000002', feldart: 'select', values: [['a', 'A'], ['b', 'B'], ['c', 'C']], precision: {} }, '2:*')], '0:1')]);
  const result = importXDatenfelder(xml);
  expectValid(result);
  const [phones, choices] = result.definition.steps[0]?.fields ?? [];
  assert.deepEqual([phones?.type, phones?.required, phones && 'minItems' in phones ? phones.minItems : undefined], ['group', undefined, undefined]);
  assert.deepEqual([choices?.type, choices?.required, choices && 'minSelected' in choices ? choices.minSelected : undefined], ['checkboxes', undefined, undefined]);
});

const v3 = 'urn:xoev-de:fim:standard:xdatenfelder_3.0.0';
const inlineErrors: { name: string; xml: string; code: FimErrorCode; line?: number }[] = [
  { name: 'an empty string', xml: '', code: 'not_xml' },
  { name: 'plain text', xml: 'Stammdatenschema Hundesteuer', code: 'not_xml' },
  { name: 'an unclosed element', xml: `<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="${v3}">`, code: 'not_xml' },
  { name: 'JSON', xml: '{"formatVersion":1}', code: 'not_xml' },
  { name: 'a DOCTYPE', xml: `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "e">]>\n<x/>`, code: 'doctype_not_allowed', line: 2 },
  { name: 'a root element without namespace', xml: '<xdatenfelder.stammdatenschema.0102/>', code: 'unknown_namespace', line: 1 },
  { name: 'a Dokumentsteckbrief message (0101)', xml: `<xdf:xdatenfelder.dokumentsteckbrief.0101 xmlns:xdf="${v3}"/>`, code: 'unsupported_message' },
  { name: 'a message without header', xml: `<xdf:xdatenfelder.datenfeld.0104 xmlns:xdf="${v3}"/>`, code: 'missing_element' },
  {
    name: 'a child element from another namespace',
    xml: schema([field()]).replace('<xdf:name>Testschema</xdf:name>', '<xdf:name>Testschema</xdf:name>\n<other:note xmlns:other="urn:example">x</other:note>'),
    code: 'unexpected_node',
    line: 7,
  },
  { name: 'a Struktur without Anzahl', xml: schema([field().replace('<xdf:anzahl>1:1</xdf:anzahl>', '')]), code: 'missing_element' },
  {
    name: 'a Struktur holding a field and a group',
    xml: schema([field().replace('</xdf:datenfeld></xdf:enthaelt>', `</xdf:datenfeld>${group({}, []).replace(/^.*?<xdf:enthaelt>|<\/xdf:enthaelt>.*$/g, '')}</xdf:enthaelt>`)]),
    code: 'unexpected_node',
  },
  { name: 'an empty Struktur content', xml: schema([field().replace(/<xdf:datenfeld>.*<\/xdf:datenfeld>/, '')]), code: 'missing_element' },
  { name: 'a field without Datentyp', xml: schema([field().replace(/<xdf:datentyp>.*?<\/xdf:datentyp>/, '')]), code: 'missing_element' },
  { name: 'a Freigabestatus without code', xml: schema([field()]).replace('<xdf:freigabestatus><code>6</code></xdf:freigabestatus>', '<xdf:freigabestatus></xdf:freigabestatus>'), code: 'missing_element' },
  { name: 'an empty id of a rule', xml: schema([field({ rule: { id: ' ' } })]), code: 'empty_id' },
  { name: 'nesting deeper than the limit', xml: `${'<a>'.repeat(maxXmlDepth + 1)}${'</a>'.repeat(maxXmlDepth + 1)}`, code: 'too_deep' },
  { name: 'a file above the size limit', xml: `<a>${' '.repeat(maxXmlLength)}</a>`, code: 'too_large' },
];

for (const { name, xml, code, line } of inlineErrors) {
  test(`refuses ${name} with ${code}`, () => {
    const error = expectError(xml, code, line);
    assert.ok(error.message.length > 20, 'the message says what is wrong');
  });
}

/** Every damaged variant of a good file either imports to a valid definition or fails with FimImportError. */
function assertNeverCrashes(xml: string, variants: Iterable<string>): number {
  let refused = 0;
  for (const variant of variants) {
    try {
      expectValid(importXDatenfelder(variant));
    } catch (error) {
      if (!(error instanceof FimImportError)) assert.fail(`crash on a variant of ${xml.length} characters: ${String(error)}`);
      refused++;
    }
  }
  return refused;
}

for (const file of ['v3/simple.xml', 'v2/simple.xml']) {
  test(`${file} cut short anywhere or missing any one line gives a result or a FimImportError, never a crash`, () => {
    const xml = read(path.join(testData, file));
    const lines = xml.split('\n');
    const cuts = Array.from({ length: Math.ceil(xml.length / 37) }, (_, i) => xml.slice(0, i * 37));
    const withoutLine = lines.map((_, i) => [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'));
    const refused = assertNeverCrashes(xml, [...cuts, ...withoutLine]);
    assert.ok(refused > cuts.length, 'most damaged variants are refused');
  });
}
