/**
 * The records rules the database itself enforces (migration 0012), on the app role as requests
 * use it: gap-free unique Aktenzeichen under concurrency, immutable versions, read-only closed
 * files, a versioned file plan, and tenant isolation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { openTestDatabase } from '../../platform/testing/test-database.ts';
import { addDocument, addVersion } from './documents.ts';
import { changePosition, ensureFilePlan, positionHistory } from './file-plan.ts';
import { closeFile, createFile, createProcess, filesByNumber } from './record-files.ts';
import { positionId } from './test-support.ts';

let db: Database;
let lemgo: string;
let detmold: string;
const sha = (digit: string) => digit.repeat(64);
const version = (digit: string) => ({ sha256: sha(digit), mediaType: 'text/plain', size: 5, fileName: 'brief.txt', scanResult: 'not_scanned' as const });
const docInput = (fileId: string) => ({ fileId, processId: null, title: 'Brief', kind: 'schreiben' as const, documentDate: '2026-03-17', direction: 'eingang' as const, sender: 'A', recipient: null });

before(async () => {
  db = await openTestDatabase();
  const rows = await db.ownerTransaction((tx) => tx.query<{ id: string; slug: string }>(sql`select id, slug from tenants where slug in ('lemgo', 'detmold')`));
  lemgo = rows.find((row) => row.slug === 'lemgo')!.id;
  detmold = rows.find((row) => row.slug === 'detmold')!.id;
});
after(() => db.close());

const as = <T>(tenantId: string, work: (tx: Queryable) => Promise<T>) => db.transaction({ tenantId, userId: null }, work);

describe('file plan', () => {
  test('the default plan is seeded once, with a first history version per position and the demo services mapped', async () => {
    assert.equal(await as(lemgo, (tx) => ensureFilePlan(tx, lemgo)), true);
    assert.equal(await as(lemgo, (tx) => ensureFilePlan(tx, lemgo)), false);
    const [counts] = await as(lemgo, (tx) => tx.query<{ positions: number; history: number; mappings: number }>(sql`
      select (select count(*)::int from file_plan_positions) as positions, (select count(*)::int from file_plan_history) as history,
             (select count(*)::int from record_service_mappings) as mappings`));
    assert.ok(counts!.positions > 50);
    assert.equal(counts!.history, counts!.positions);
    assert.equal(counts!.mappings, 5);
  });

  test('a change is a new version with history; the code never changes; history is append-only', async () => {
    const id = await positionId(db, lemgo, '22.30');
    const user = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`insert into users (kind, email, password_hash, display_name) values ('staff', 'plan@lemgo.test', 'x', 'Plan') returning id`));
    const scope = { tenantId: lemgo, userId: user[0]!.id };
    assert.equal(await as(lemgo, (tx) => changePosition(tx, scope, id, { title: 'Hundesteuer und Hundeanmeldung', retentionYears: 6, disposal: 'vernichten' })), 'saved');
    const history = await as(lemgo, (tx) => positionHistory(tx, lemgo, id));
    assert.deepEqual(history.map((h) => [h.version, h.title, h.retentionYears]), [[2, 'Hundesteuer und Hundeanmeldung', 6], [1, 'Hundesteuer', 10]]);
    await assert.rejects(as(lemgo, (tx) => tx.query(sql`update file_plan_positions set code = '22.31' where id = ${id}`)), /never change/);
    await assert.rejects(db.ownerTransaction((tx) => tx.query(sql`update file_plan_history set title = 'x' where position_id = ${id}`)), /append-only/);
    await assert.rejects(db.ownerTransaction((tx) => tx.query(sql`delete from file_plan_positions where id = ${id}`)), /never deleted/);
  });

  test('files only at the lowest level', async () => {
    const group = await positionId(db, lemgo, '22');
    await assert.rejects(as(lemgo, (tx) => createFile(tx, { tenantId: lemgo, userId: null }, { positionId: group, title: 'Falsch' })), /lowest plan level/);
  });
});

describe('Aktenzeichen', () => {
  test('20 files created at once get 0001–0020 of their position, each once, and never change', async () => {
    const id = await positionId(db, lemgo, '32.10');
    const files = await Promise.all(Array.from({ length: 20 }, (_, i) => as(lemgo, (tx) => createFile(tx, { tenantId: lemgo, userId: null }, { positionId: id, title: `Gewerbe ${i}` }))));
    const numbers = files.map((file) => file.fileNumber).sort();
    assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => `32.10/${String(i + 1).padStart(4, '0')}`));
    await assert.rejects(as(lemgo, (tx) => tx.query(sql`update record_files set file_number = '32.10/9999' where id = ${files[0]!.id}`)), /never change/);
    // Exact and prefix search.
    assert.deepEqual((await as(lemgo, (tx) => filesByNumber(tx, lemgo, '32.10/0007'))).map((f) => f.fileNumber), ['32.10/0007']);
    assert.equal((await as(lemgo, (tx) => filesByNumber(tx, lemgo, '32.10/001'))).length, 10);
    assert.equal((await as(lemgo, (tx) => filesByNumber(tx, lemgo, '32.10'))).length, 20);
    assert.equal((await as(lemgo, (tx) => filesByNumber(tx, lemgo, '32.1_'))).length, 0, 'LIKE wildcards are literal');
  });
});

describe('revision safety', () => {
  test('a version is never updated or deleted, not even by the schema owner; metadata is immutable', async () => {
    const id = await positionId(db, lemgo, '02.10');
    const file = await as(lemgo, (tx) => createFile(tx, { tenantId: lemgo, userId: null }, { positionId: id, title: 'Beschwerden 2026' }));
    const { documentId } = await as(lemgo, (tx) => addDocument(tx, { tenantId: lemgo, userId: null }, docInput(file.id), version('a')));
    assert.equal(await as(lemgo, (tx) => addVersion(tx, { tenantId: lemgo, userId: null }, documentId, version('b'))), 2);
    for (const statement of [sql`update record_document_versions set sha256 = ${sha('c')} where document_id = ${documentId}`, sql`delete from record_document_versions where document_id = ${documentId}`, sql`update record_documents set title = 'x' where id = ${documentId}`]) {
      await assert.rejects(db.ownerTransaction((tx) => tx.query(statement)), /append-only/);
      await assert.rejects(as(lemgo, (tx) => tx.query(statement)), /permission denied|append-only/);
    }
  });

  test('a closed file (zdA) refuses new processes, documents and versions and any change but the legal hold', async () => {
    const id = await positionId(db, lemgo, '02.20');
    const actor = { tenantId: lemgo, userId: null };
    const file = await as(lemgo, (tx) => createFile(tx, actor, { positionId: id, title: 'Presse 2026' }));
    const process = await as(lemgo, (tx) => createProcess(tx, actor, file.id, 'Anfrage'));
    const { documentId } = await as(lemgo, (tx) => addDocument(tx, actor, { ...docInput(file.id), processId: process!.id }, version('d')));
    const user = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`insert into users (kind, email, password_hash, display_name) values ('staff', 'zda@lemgo.test', 'x', 'Z') returning id`));
    assert.equal(await as(lemgo, (tx) => closeFile(tx, { tenantId: lemgo, userId: user[0]!.id }, file.id)), 'closed');
    const [closed] = await as(lemgo, (tx) => tx.query<{ retain_until: string; disposal: string }>(sql`select to_char(retain_until, 'YYYY-MM-DD') as retain_until, disposal from record_files where id = ${file.id}`));
    assert.equal(closed!.retain_until, `${new Date().getFullYear() + 5}-12-31`);
    assert.equal(closed!.disposal, 'archivieren');
    await assert.rejects(as(lemgo, (tx) => addDocument(tx, actor, docInput(file.id), version('e'))), /closed \(zdA\)/);
    await assert.rejects(as(lemgo, (tx) => addVersion(tx, actor, documentId, version('e'))), /closed \(zdA\)/);
    await assert.rejects(db.ownerTransaction((tx) => tx.query(sql`insert into record_processes (tenant_id, file_id, number, title) values (${lemgo}, ${file.id}, 99, 'x')`)), /closed \(zdA\)/);
    assert.equal(await as(lemgo, (tx) => createProcess(tx, actor, file.id, 'Noch einer')), undefined);
    await assert.rejects(as(lemgo, (tx) => tx.query(sql`update record_files set title = 'Neu' where id = ${file.id}`)), /read-only/);
    await as(lemgo, (tx) => tx.query(sql`update record_files set legal_hold = true where id = ${file.id}`));
    assert.equal(await as(lemgo, (tx) => closeFile(tx, actor as never, file.id)), 'already_closed');
  });
});

describe('tenant isolation', () => {
  test('an unscoped query through the app role sees no foreign records; another tenant sees none of Lemgo\'s', async () => {
    const tables = ['file_plan_positions', 'file_plan_history', 'record_service_mappings', 'file_number_counters', 'record_files', 'record_processes', 'record_documents', 'record_document_versions', 'record_texts'];
    for (const table of tables) {
      const [own] = await as(lemgo, (tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`));
      const [foreign] = await as(detmold, (tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${lemgo}`));
      const [none] = await db.transaction({ tenantId: null, userId: null }, (tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`));
      assert.equal(foreign!.n, 0, table);
      assert.equal(none!.n, 0, table);
      if (table !== 'record_texts') assert.ok(own!.n > 0, `${table} has rows in Lemgo`);
    }
    // Writing into another tenant is refused by the policy.
    await assert.rejects(as(detmold, (tx) => tx.query(sql`insert into file_plan_positions (tenant_id, code, title, retention_years, disposal) values (${lemgo}, '9', 'Fremd', 1, 'vernichten')`)), /row-level security/);
  });
});
