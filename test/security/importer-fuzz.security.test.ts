/**
 * Property-based fuzzing of every importer (fast-check): the catalog CSV files, the FIM
 * XDatenfelder import and the form JSON import. Whatever the bytes, the importer either succeeds
 * or fails with its own error type and a message that names the problem — never another
 * exception, never a hang (each run is bounded by the test timeout).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { readCatalogSource, sourceFiles } from '../../src/modules/catalog/read-source.ts';
import { buildCatalogRecords } from '../../src/modules/catalog/catalog-records.ts';
import { CatalogSourceError } from '../../src/modules/catalog/catalog-source-error.ts';
import { importXDatenfelder, FimImportError } from '../../src/modules/forms/fim/import-xdatenfelder.ts';
import { importDefinition, exportDefinition } from '../../src/modules/forms/store/exchange.ts';
import { fixture } from '../../src/modules/forms/store/test-support.ts';

const catalogDir = path.join(import.meta.dirname, '..', '..', 'seeds', 'catalog');
const fimDir = path.join(import.meta.dirname, '..', 'fixtures', 'forms', 'fim');
let scratch: string;
const counts = { catalog: 0, fim: 0, json: 0 };
before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-fuzz-'));
});
after(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(`# importer fuzzing: ${counts.catalog} catalog sources, ${counts.fim} XDatenfelder documents, ${counts.json} form JSON documents\n`);
});

/** Edits of a text: cut, insert random text, replace a slice, duplicate a slice, flip bytes. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('"', ',', '\n', '\r\n', '""', '\u0000', '\uFEFF', '<', '>', '&', ']]>', '<!ENTITY x "y">', '&x;', '{', '}', '[', ']', 'null', '1e999', '\\u0000', '"__proto__"')) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.nat({ max: 200 }), times: fc.integer({ min: 2, max: 50 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(original: Buffer, edits: Mutation[]): Buffer {
  let data = original;
  for (const edit of edits) {
    const at = data.length === 0 ? 0 : edit.at % data.length;
    if (edit.kind === 'cut') data = Buffer.concat([data.subarray(0, at), data.subarray(at + edit.length)]);
    else if (edit.kind === 'insert') data = Buffer.concat([data.subarray(0, at), Buffer.from(edit.text), data.subarray(at)]);
    else if (edit.kind === 'bytes') data = Buffer.concat([data.subarray(0, at), Buffer.from(edit.bytes), data.subarray(at)]);
    else data = Buffer.concat([data.subarray(0, at), ...Array.from({ length: edit.times }, () => data.subarray(at, at + edit.length)), data.subarray(at + edit.length)]);
  }
  return data;
}

function expectOwnError(error: unknown, type: new (...args: never[]) => Error, label: string): void {
  if (!(error instanceof type)) throw new Error(`${label}: unexpected ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`);
  assert.ok(error.message.length >= 10, `${label}: the message names the problem: "${error.message}"`);
}

test('catalog CSV import: mutated source files fail only with CatalogSourceError and a message', () => {
  // Small copies of the real files (header + first rows) keep each run fast.
  const originals = Object.fromEntries(Object.values(sourceFiles).map(({ file }) => [file, Buffer.from(fs.readFileSync(path.join(catalogDir, file), 'utf8').split('\n').slice(0, 40).join('\n'))]));
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(originals)), fc.array(mutation, { minLength: 1, maxLength: 4 }), (target, edits) => {
      counts.catalog++;
      const dir = fs.mkdtempSync(path.join(scratch, 'c'));
      for (const [file, bytes] of Object.entries(originals)) fs.writeFileSync(path.join(dir, file), file === target ? mutate(bytes, edits) : bytes);
      try {
        buildCatalogRecords(readCatalogSource(dir));
      } catch (error) {
        expectOwnError(error, CatalogSourceError, `catalog ${target}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 300 },
  );
});

test('XDatenfelder import: mutated and random XML fails only with FimImportError and a message', () => {
  const documents = fs.readdirSync(fimDir).filter((name) => name.endsWith('.xml')).map((name) => fs.readFileSync(path.join(fimDir, name)));
  const check = (xml: string) => {
    counts.fim++;
    try {
      importXDatenfelder(xml);
    } catch (error) {
      expectOwnError(error, FimImportError, 'XDatenfelder');
    }
  };
  fc.assert(fc.property(fc.constantFrom(...documents), fc.array(mutation, { minLength: 1, maxLength: 5 }), (document, edits) => check(mutate(document, edits).toString('utf8'))), { numRuns: 400 });
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => check(text)), { numRuns: 200 });
  // Entity expansion (billion laughs) and external entities are refused, not expanded.
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`;
  const external = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>`;
  for (const xml of [laughs, external]) {
    assert.throws(() => importXDatenfelder(xml), (error: unknown) => error instanceof FimImportError && !/root:/.test(error.message));
  }
});

test('form JSON import: mutated and random JSON never throws; invalid input is reported as problems with messages', () => {
  const valid = exportDefinition(fixture('gewerbeanmeldung'));
  const check = (text: string) => {
    counts.json++;
    const result = importDefinition(text);
    if (!result.ok) {
      assert.ok(result.problems.length > 0, 'at least one problem');
      for (const problem of result.problems) assert.ok(JSON.stringify(problem).length > 10, 'each problem says something');
    }
  };
  fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (edits) => check(mutate(Buffer.from(valid), edits).toString('utf8'))), { numRuns: 400 });
  fc.assert(fc.property(fc.json({ maxDepth: 6 }), (json) => check(json)), { numRuns: 300 });
  // Structure-aware: valid JSON with fields of the wrong type in random places.
  const base = JSON.parse(valid) as Record<string, unknown>;
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(base)), fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.anything(), { maxLength: 3 }), fc.object({ maxDepth: 2 })), (key, value) => check(JSON.stringify({ ...base, [key]: value }))),
    { numRuns: 300 },
  );
  check('{"__proto__": {"polluted": true}, "steps": []}');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  check('['.repeat(100_000));
});
