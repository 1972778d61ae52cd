import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { openTestDatabase } from '../../platform/testing/test-database.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import {
  CatalogSourceError,
  countServices,
  defaultCatalogDir,
  findServiceByKey,
  findServiceBySlug,
  importCatalog,
  listLebenslagen,
  localKey,
  type CatalogImportResult,
} from './index.ts';

// The 2019 snapshot (seeds/catalog/SOURCES.md): 4,813 LeiKa keys + 434 distinct local keys
// (435 "nicht im LeiKa" rows, one of them twice); 2 test rows with malformed keys are skipped.
const expectedServices = 5247;

let db: Database;
let first: CatalogImportResult;
const temporaryDirs: string[] = [];

before(async () => {
  db = await openTestDatabase();
  first = await importCatalog(db);
});
after(async () => {
  await db.close();
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the catalog source whose LeiKa file went through `edit`. */
function editedCopy(edit: (csv: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  temporaryDirs.push(dir);
  for (const file of fs.readdirSync(defaultCatalogDir)) fs.copyFileSync(path.join(defaultCatalogDir, file), path.join(dir, file));
  const leika = path.join(dir, 'leika_leistungen_ozg_zuordnung.csv');
  fs.chmodSync(leika, 0o644);
  fs.writeFileSync(leika, edit(fs.readFileSync(leika, 'utf8')));
  return dir;
}

async function count(table: string): Promise<number> {
  const rows = await db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`));
  return rows[0]!.n;
}

async function localKeys(): Promise<string[]> {
  const rows = await db.ownerTransaction((tx) => tx.query<{ key: string }>(sql`select key from services where key like 'L%' order by key`));
  return rows.map((row) => row.key);
}

test('the full import creates the 14 Themenfelder, 58 Lebenslagen, 557 OZG-Leistungen and every service once', async () => {
  assert.equal(first.themenfelder.created, 14);
  assert.equal(first.lebenslagen.created, 58);
  assert.equal(first.ozgLeistungen.created, 557);
  assert.equal(first.services.created, expectedServices);
  assert.equal(first.skippedRows, 2);
  assert.equal(first.duplicateRows, 1);
  assert.deepEqual(
    [await count('themenfelder'), await count('lebenslagen'), await count('ozg_leistungen'), await count('services')],
    [14, 58, 557, expectedServices],
  );
  const kinds = await db.ownerTransaction((tx) =>
    tx.query<{ leika: number; local: number }>(sql`
      select count(*) filter (where key like '99%')::int as leika, count(*) filter (where key like 'L%')::int as local from services`));
  assert.deepEqual(kinds, [{ leika: 4813, local: 434 }]);
});

test('a real LeiKa key maps to its name, OZG-Leistung, Verrichtung and parsed legal basis', async () => {
  // One query after the other: a transaction is one connection.
  const [object, erteilung, schuldner] = await db.ownerTransaction(async (tx) => [
    await findServiceByKey(tx, '99012001000000'),
    await findServiceByKey(tx, '99012001001000'),
    await findServiceByKey(tx, '99046029000000'),
  ]);
  assert.equal(object?.name, 'Abbruchgenehmigung');
  assert.equal(object.ozgId, 10513);
  assert.equal(object.ozgLeistung, 'Abbruchgenehmigung');
  assert.equal(object.verrichtungCode, '000');
  assert.equal(object.verrichtung, null);
  assert.equal(object.slug, 'abbruchgenehmigung');
  assert.equal(object.inLeika, true);
  assert.equal(erteilung?.verrichtung, 'Erteilung');
  assert.equal(schuldner?.typisierung, '2/3');
  assert.deepEqual(schuldner.legalReferences, [
    { citation: '§ 882g Zivilprozessordnung (ZPO)', url: 'http://www.gesetze-im-internet.de/zpo/__882g.html' },
  ]);
  assert.deepEqual(schuldner.laws, [{ name: 'Zivilprozessordnung', abbreviation: 'ZPO' }]);
  const bySlug = await db.ownerTransaction((tx) => findServiceBySlug(tx, 'abdrucke-aus-dem-schuldnerverzeichnis'));
  assert.equal(bySlug?.key, '99046029000000');
});

test('a law whose name contains a comma is kept whole and paired with its abbreviation', async () => {
  const rows = await db.ownerTransaction((tx) =>
    tx.query<{ laws: { name: string; abbreviation: string | null }[] }>(sql`select laws from services where laws @> '[{"abbreviation": "DVStB"}]' and jsonb_array_length(laws) = 2 limit 1`),
  );
  assert.deepEqual(rows[0]?.laws, [
    { name: 'Steuerberatungsgesetz', abbreviation: 'StBerG' },
    { name: 'Verordnung zur Durchführung der Vorschriften über Steuerberater, Steuerbevollmächtigte und Steuerberatungsgesellschaften', abbreviation: 'DVStB' },
  ]);
});

test('services without a LeiKa key get a local key derived from name and OZG-ID', async () => {
  const key = localKey('Abfallerzeugernummer beantragen', 10501);
  assert.match(key, /^L[0-9a-f]{13}$/);
  const service = await db.ownerTransaction((tx) => findServiceByKey(tx, key));
  assert.equal(service?.name, 'Abfallerzeugernummer beantragen');
  assert.equal(service.inLeika, false);
  assert.equal(service.verrichtungCode, null);
});

test('a second import changes nothing and is recorded and audited once', async () => {
  const keysBefore = await localKeys();
  const second = await importCatalog(db);
  assert.deepEqual([second.created, second.updated, second.retired], [0, 0, 0]);
  assert.equal(second.unchanged, 14 + 58 + 557 + expectedServices);
  assert.deepEqual(await localKeys(), keysBefore);
  const imports = await db.ownerTransaction((tx) =>
    tx.query<{ id: number; created: number; updated: number; source_hashes: Record<string, string> }>(sql`
      select id, created, updated, source_hashes from catalog_imports where id in (${first.importId}, ${second.importId}) order by id`));
  assert.deepEqual(imports.map((row) => [row.created, row.updated]), [[first.created, 0], [0, 0]]);
  assert.match(imports[1]?.source_hashes['leika_leistungen_ozg_zuordnung.csv'] ?? '', /^[0-9a-f]{64}$/);
  const audits = await db.ownerTransaction((tx) =>
    tx.query<{ subject_id: string; data: { created: number; sourceHashes: Record<string, string> } }>(sql`
      select subject_id, data from audit_log where action = 'catalog.imported' order by seq`));
  assert.deepEqual(audits.map((a) => a.subject_id), [String(first.importId), String(second.importId)]);
  assert.equal(audits[0]?.data.created, first.created);
  assert.deepEqual(audits[1]?.data.sourceHashes, second.sourceHashes);
  assert.equal((await verifyAudit(db)).problems.length, 0);
});

test('a changed name in the source updates exactly that service; the original source restores it', async () => {
  const dir = editedCopy((csv) => csv.replace('\n99012001001000,Abbruchgenehmigung Erteilung,', '\n99012001001000,Abbruchgenehmigung Erteilung (geändert),'));
  const original = await db.ownerTransaction((tx) => findServiceByKey(tx, '99012001001000'));
  const changed = await importCatalog(db, dir);
  assert.deepEqual(changed.services, { created: 0, updated: 1, unchanged: expectedServices - 1, retired: 0 });
  assert.deepEqual([changed.themenfelder.updated, changed.lebenslagen.updated, changed.ozgLeistungen.updated], [0, 0, 0]);
  const renamed = await db.ownerTransaction((tx) => findServiceByKey(tx, '99012001001000'));
  assert.equal(renamed?.name, 'Abbruchgenehmigung Erteilung (geändert)');
  assert.equal(renamed.slug, 'abbruchgenehmigung-erteilung-geaendert');
  assert.ok(renamed.updatedAt.getTime() >= original!.updatedAt.getTime());
  assert.equal(await count('services'), expectedServices);

  const restored = await importCatalog(db);
  assert.deepEqual([restored.services.created, restored.services.updated], [0, 1]);
  assert.equal((await db.ownerTransaction((tx) => findServiceByKey(tx, '99012001001000')))?.slug, 'abbruchgenehmigung-erteilung');
});

test('a service gone from the source is retired, not deleted, and comes back when it returns', async () => {
  const dir = editedCopy((csv) => csv.replace(/\n99046029001000,[^\n]*/, ''));
  const without = await importCatalog(db, dir);
  assert.deepEqual(without.services, { created: 0, updated: 0, unchanged: expectedServices - 1, retired: 1 });
  const retired = await db.ownerTransaction(async (tx) => ({ service: await findServiceByKey(tx, '99046029001000'), active: await countServices(tx) }));
  assert.ok(retired.service?.retiredAt instanceof Date);
  assert.equal(retired.active, expectedServices - 1);
  const back = await importCatalog(db);
  assert.deepEqual([back.services.updated, back.services.retired], [1, 0]);
  assert.equal((await db.ownerTransaction((tx) => findServiceByKey(tx, '99046029001000')))?.retiredAt, null);
});

test('local keys are the same on every import, whatever the row order', async () => {
  const keysBefore = await localKeys();
  const dir = editedCopy((csv) => {
    const [header, ...lines] = csv.trimEnd().split('\n');
    return `${[header, ...lines.reverse()].join('\n')}\n`;
  });
  const reordered = await importCatalog(db, dir);
  assert.deepEqual([reordered.services.created, reordered.services.updated, reordered.services.retired], [0, 0, 0]);
  assert.deepEqual(await localKeys(), keysBefore);
});

test('the application role reads the reference tables in a scoped transaction but cannot change them', async () => {
  const seen = await db.transaction({ tenantId: null, userId: null }, async (tx) => ({
    lebenslagen: await listLebenslagen(tx),
    services: await countServices(tx),
    service: await findServiceByKey(tx, '99012001000000'),
  }));
  assert.equal(seen.lebenslagen.length, 58);
  assert.equal(seen.services, expectedServices);
  assert.equal(seen.service?.name, 'Abbruchgenehmigung');
  const adoption = seen.lebenslagen.find((l) => l.name === 'Adoption & Pflegekinder');
  assert.deepEqual(adoption?.themenfeld, { id: 6, name: 'Familie & Kind', slug: 'familie-und-kind' });
  assert.equal(adoption.slug, 'adoption-und-pflegekinder');
  await assert.rejects(
    db.transaction({ tenantId: null, userId: null }, (tx) => tx.query(sql`update services set name = 'x' where key = '99012001000000'`)),
    /permission denied/,
  );
  await assert.rejects(db.transaction({ tenantId: null, userId: null }, (tx) => tx.query(sql`select * from catalog_imports`)), /permission denied/);
});

test('German full-text search finds a service by an inflected word', async () => {
  const rows = await db.transaction({ tenantId: null, userId: null }, (tx) =>
    tx.query<{ key: string }>(sql`select key from services where search_vector @@ websearch_to_tsquery('german', 'Abdruck Schuldnerverzeichnisse') order by key`),
  );
  assert.ok(rows.some((row) => row.key === '99046029000000'));
});

test('a missing or malformed source file stops the import with CatalogSourceError and changes nothing', async () => {
  const importsBefore = await count('catalog_imports');
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  temporaryDirs.push(empty);
  await assert.rejects(importCatalog(db, empty), (error: Error) => error instanceof CatalogSourceError && /ozg_themenfelder\.csv/.test(error.message));

  const noNameColumn = editedCopy((csv) => csv.replace('leistungsbezeichnung', 'bezeichnung'));
  await assert.rejects(importCatalog(db, noNameColumn), (error: Error) => error instanceof CatalogSourceError && /lacks the column\(s\) leistungsbezeichnung/.test(error.message));

  const unknownOzg = editedCopy((csv) => csv.replace('\n99012001000000,Abbruchgenehmigung,4,10513,', '\n99012001000000,Abbruchgenehmigung,4,99999,'));
  await assert.rejects(importCatalog(db, unknownOzg), (error: Error) => error instanceof CatalogSourceError && /line 2: unknown ozg_id 99999/.test(error.message));

  assert.equal(await count('catalog_imports'), importsBefore);
});
