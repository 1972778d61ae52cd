/**
 * Property: whatever a browser (or anyone else) posts to a step of a demo form, the application
 * answers 303 (accepted, on to the next page) or 422 with an error summary — never a server
 * error, never a crash. Inputs are random: any Unicode (also NUL, bidi controls, emoji), huge
 * strings, lists where one value is expected, missing and unknown fields, malformed numbers,
 * dates and IBANs, and now and then a valid value so that conditional fields come into play.
 * Each step is reached first with the valid answers of demo-form-walks.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import type { Field, Step } from '../definition/types.ts';
import { createForm, publishDraft } from '../store/index.ts';
import { fixture, staffOf } from '../store/test-support.ts';
import { demoFormNames } from '../runtime/test-fixtures.ts';
import { walks } from './demo-form-walks.ts';

/** Runs per step; 23 steps in all keep the file well under a minute on two cores (about 15 s on PGlite). */
const numRuns = 40;
/** @fastify/formbody refuses larger bodies with 413 (src/app.ts); the property is about what it accepts. */
const bodyLimit = 256 * 1024;

let t: TestApp;
before(async () => {
  t = await createTestApp();
  const staff = await staffOf(t.db, 'detmold');
  for (const name of demoFormNames) await publishDraft(t.db, staff, (await createForm(t.db, staff, fixture(name))).formId);
});
after(() => t.close());

const tricky = [
  '', ' ', '\u0000', 'a\u0000b', '\u202eevil', '\ud83d\udc15\u200d\ud83e\uddba', 'ß', 'İ', '<script>alert(1)</script>', "' or 1=1 --", '%00', '../../etc/passwd',
  '0', '-1', '-0', '1e309', 'NaN', 'Infinity', '1,2,3', '1.234.5', ',', '\u0661\u0662\u0663', '12,345678', '999999999999999999999',
  '31.02.2024', '2024-13-01', '1.1.24', '29.02.2023', '00.00.0000', '9999-12-31', '0001-01-01', 'today',
  'DE89 3704 0044 0532 0130 00', 'DE00370400440532013000', 'XX89370400440532013000', 'DE8937040044053201300', 'GB82WEST12345698765432',
  'ja', 'nein', 'true', '12345', '1234', 'a@b', 'x@example.test', '+49 (0) 5231', 'LIP-AB 123', 'HRB 1234',
];

const junk: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  { weight: 4, arbitrary: fc.constantFrom(...tricky) },
  fc.integer().map(String),
  fc.double().map(String),
  fc.nat({ max: 60_000 }).map((n) => 'x'.repeat(n)),
  fc.nat({ max: 4_000 }).map((n) => '\u00fc\ud83d\udc15'.repeat(n)),
);

/** Values a real page could send for this field, so conditions and later checks are reached too. */
function plausible(field: Field): string[] {
  switch (field.type) {
    case 'select':
    case 'radios':
    case 'checkboxes':
      return field.options.map((option) => option.value);
    case 'yesno':
      return ['ja', 'nein'];
    case 'date':
      return ['01.01.2000', '2026-06-30'];
    case 'number':
    case 'money':
      return ['0', '2', '2,5'];
    default:
      return ['Beispiel'];
  }
}

/** The input names a page renders for these fields (groups with up to three items). */
function inputNames(fields: readonly Field[], prefix = ''): [string, Field][] {
  return fields.flatMap((field): [string, Field][] => {
    const name = prefix + field.id;
    if (field.type === 'address') return ['street', 'postcode', 'place'].map((part): [string, Field] => [`${name}.${part}`, field]);
    if (field.type === 'group') return [0, 1, 2].flatMap((index) => inputNames(field.fields, `${name}[${index}].`));
    return [[name, field]];
  });
}

/**
 * The valid answers of the step with a few entries replaced by junk, dropped or doubled: the
 * rest of the page is fine, so a bad value travels all the way to storage when it is accepted.
 */
function mutatedValid(step: Step, valid: Record<string, string>): fc.Arbitrary<[string, string][]> {
  const names = [...new Set([...Object.keys(valid), ...inputNames(step.fields).map(([name]) => name)])];
  const change = fc.tuple(fc.constantFrom(...names), fc.oneof(junk.map((v) => ['set', v] as const), fc.constant(['drop', ''] as const), junk.map((v) => ['add', v] as const)));
  return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => {
    const entries = new Map<string, string[]>(Object.entries(valid).map(([name, value]) => [name, [value]]));
    for (const [name, [kind, value]] of changes) {
      if (kind === 'drop') entries.delete(name);
      else if (kind === 'set') entries.set(name, [value]);
      else entries.set(name, [...(entries.get(name) ?? []), value]);
    }
    return [...entries].flatMap(([name, values]) => values.map((value): [string, string] => [name, value]));
  });
}

function rawBody(step: Step): fc.Arbitrary<[string, string][]> {
  const named = inputNames(step.fields).map(([name, field]) => {
    const value = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...plausible(field)) }, { weight: 3, arbitrary: junk });
    const values = fc.oneof({ weight: 4, arbitrary: value.map((v) => [v]) }, { weight: 1, arbitrary: fc.array(value, { maxLength: 4 }) });
    return fc.option(values.map((list) => list.map((v): [string, string] => [name, v])), { nil: [] as [string, string][], freq: 3 });
  });
  // Unknown names, also ones that look like group items far out of range; never the page's own controls (`_csrf`, `_add`).
  const extraName = fc.oneof(fc.string({ maxLength: 20 }), fc.nat({ max: 99_999 }).map((n) => `${step.fields[0]?.id ?? 'x'}[${n}].x`)).filter((name) => !name.startsWith('_'));
  const extra = fc.array(fc.tuple(extraName, junk), { maxLength: 3 });
  return fc.tuple(fc.tuple(...named), extra).map(([fields, more]) => [...fields.flat(), ...more]);
}

for (const name of demoFormNames) {
  test(`random input to every step of ${name} gives 303 or 422 with an error summary, never a server error`, async () => {
    const definition = fixture(name);
    const base = `/detmold/antrag/${definition.id}`;
    // The walk through the most steps reaches every step of the form.
    const walk = walks.filter((candidate) => candidate.form === name).sort((a, b) => b.steps.length - a.steps.length)[0];
    assert.ok(walk, `a walk for ${name}`);
    assert.deepEqual(walk.steps.map(([stepId]) => stepId), definition.steps.map((step) => step.id), 'the walk visits every step');

    for (const [index, [stepId, valid]] of walk.steps.entries()) {
      const step = definition.steps.find((candidate) => candidate.id === stepId);
      assert.ok(step);
      const client = new TestClient(t.app);
      await client.get(base);
      assert.equal((await client.post(base, {})).statusCode, 303);
      for (const [earlier, fields] of walk.steps.slice(0, index)) assert.equal((await client.post(`${base}/schritt/${earlier}`, fields)).statusCode, 303, earlier);
      const page = await client.get(`${base}/schritt/${stepId}`);
      assert.equal(page.statusCode, 200, stepId);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const cookie = `kp_anon=${client.cookie('kp_anon') ?? ''}; kp_antrag=${client.cookie('kp_antrag') ?? ''}`;

      await fc.assert(
        fc.asyncProperty(fc.oneof(rawBody(step), mutatedValid(step, valid)), async (entries) => {
          const payload = new URLSearchParams([['_csrf', csrf], ...entries]).toString();
          fc.pre(Buffer.byteLength(payload) < bodyLimit);
          const response = await t.app.inject({
            method: 'POST',
            url: `${base}/schritt/${stepId}`,
            payload,
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          });
          assert.ok(response.statusCode === 303 || response.statusCode === 422, `${stepId}: status ${response.statusCode} ${response.body.slice(0, 300)}`);
          if (response.statusCode === 422) assert.match(response.body, /id="error-summary"/, `${stepId}: 422 without error summary`);
          else assert.match(String(response.headers.location), new RegExp(`^${base}/(schritt/[A-Za-z0-9_]+|pruefen)$`));
        }),
        { numRuns },
      );
    }
  });
}

test('a NUL character in an otherwise valid answer is dropped instead of failing the database write', async () => {
  const [stepId, valid] = walks.find((walk) => walk.form === 'sperrmuell')?.steps[0] ?? ['', {}];
  const client = new TestClient(t.app);
  const base = '/detmold/antrag/sperrmuell-abholung';
  await client.get(base);
  await client.post(base, {});
  const response = await client.post(`${base}/schritt/${stepId}`, { ...valid, vorname: 'Er\u0000ika' });
  assert.equal(response.statusCode, 303, response.body.slice(0, 300));
  assert.match((await client.get(`${base}/schritt/${stepId}`)).body, /value="Erika"/);
});
