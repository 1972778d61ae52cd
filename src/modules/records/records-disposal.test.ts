/**
 * Retention, legal hold and disposal (Aussonderung) through the real app: retention dates, the
 * due list with filters, a legal hold that blocks disposal, the full xdomea 3.0.0 cycle
 * 0501 → 0504 → 0502 → 0503 → 0506 with every message validated against the published XSDs,
 * content deleted after confirmation (or destruction) while the disposal record and the audit
 * remain, and 404 for another tenant on every new route.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp, type TestClient } from '../../platform/testing/test-app.ts';
import { signedInStaff } from '../../platform/testing/signed-in.ts';
import { sha256Hex } from '../../platform/blobs/digest.ts';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { parseIncoming } from './xdomea/messages.ts';
import { validateXdomea } from './xdomea/validate.ts';
import { readZip } from './xdomea/zip.ts';
import { retentionDates } from './retention.ts';
import { appraisal, archiveMessage, backdateClosedFile, csrfOf, documentFields, importResult, positionId, postMultipart } from './test-support.ts';

let t: TestApp;
let manager: TestClient;
let tenantId: string;
let positionUrlId: string;
const files: { id: string; url: string; number: string; letter: Buffer }[] = [];
let procedureUrl = '';
let processId = '';

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));
const blobFile = (data: Buffer) => {
  const hash = sha256Hex(data);
  return path.join(t.config.dataDir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash);
};
const xsdValid = (xml: string) => {
  const result = validateXdomea(xml);
  assert.ok(result.valid, result.valid ? '' : result.errors);
};
const sendMessage = async (client: TestClient, url: string, xml: string, name = 'nachricht.xml') => {
  const page = await client.get(url);
  return postMultipart(client, `${url}/nachricht`, csrfOf(page), {}, { name, data: Buffer.from(xml, 'utf8') });
};

before(async () => {
  t = await createTestApp();
  ({ client: manager, tenantId } = await signedInStaff(t, 'lemgo', ['records_manager']));
  positionUrlId = await positionId(t.db, tenantId, '02.10');
  await manager.get(`/verwaltung/akten/plan/${positionUrlId}`);
  // Three files closed "in 2014" (retention 5 years: kept until 31.12.2019), each with its own letter.
  for (const title of ['Beschwerden 2014', 'Anfragen 2014', 'Rechtsstreit Müller 2014']) {
    const created = await manager.post(`/verwaltung/akten/plan/${positionUrlId}/akten`, { fileTitle: title });
    const url = String(created.headers.location).replace(/\?.*$/, '');
    const letter = Buffer.from(`Schreiben zur Akte „${title}“, ${Date.now()} ${Math.random()}\n`);
    const page = await manager.get(url);
    const upload = await postMultipart(manager, `${url}/dokumente`, csrfOf(page), documentFields(`Brief ${title}`), { name: 'brief.txt', data: letter });
    assert.equal(upload.statusCode, 303);
    assert.equal((await manager.post(`${url}/abschliessen`, {})).statusCode, 303);
    const id = url.split('/').at(-1)!;
    await backdateClosedFile(t.db, tenantId, id, '2014-03-01');
    const number = /(02\.10\/\d{4})/.exec((await manager.get(url)).body)?.[1] ?? '';
    files.push({ id, url, number, letter });
  }
  await t.drainOutbox();
});
after(() => t.close());

describe('retention', () => {
  test('retention runs from the end of the closing year: closed 2026-03-01 with 10 years is kept until 2036-12-31, due 2037-01-01', async () => {
    const dates = await t.db.transaction({ tenantId, userId: null }, (tx) => retentionDates(tx, '2026-03-01', 10));
    assert.deepEqual(dates, { retainUntil: '2036-12-31', dueOn: '2037-01-01' });
    assert.deepEqual(await t.db.transaction({ tenantId, userId: null }, (tx) => retentionDates(tx, '2026-12-31', 0)), { retainUntil: '2026-12-31', dueOn: '2027-01-01' });
    const [row] = await owner<{ retain_until: string }>(sql`select to_char(retain_until, 'YYYY-MM-DD') as retain_until from record_files where id = ${files[0]!.id}`);
    assert.equal(row?.retain_until, '2019-12-31', '5 years of position 02.10 from the end of 2014');
  });

  test('the due list shows the due files with their dates and takes filters; a wrong date is 422', async () => {
    const list = await manager.get('/verwaltung/akten/aussonderung');
    assert.equal(list.statusCode, 200);
    for (const file of files) assert.match(list.body, new RegExp(file.number.replace('.', '\\.')));
    assert.match(list.body, /01\.01\.2020/, 'due from the day after the retention');
    assert.match((await manager.get('/verwaltung/akten/aussonderung?bis=01.01.2019')).body, /Keine Akte ist in diesem Zeitraum fällig/);
    assert.match((await manager.get('/verwaltung/akten/aussonderung?art=archivieren')).body, /Keine Akte ist in diesem Zeitraum fällig/);
    assert.match((await manager.get(`/verwaltung/akten/aussonderung?art=bewerten&position=${positionUrlId}`)).body, /3 Akten/);
    assert.equal((await manager.get('/verwaltung/akten/aussonderung?bis=32.12.2030')).statusCode, 422);
  });
});

describe('legal hold', () => {
  test('a hold needs a reason, is audited and blocks disposal, in the app and in the database', async () => {
    const held = files[2]!;
    const page = await manager.get(`${held.url}/aufbewahrung`);
    assert.match(page.body, /Legal Hold setzen/);
    assert.equal((await manager.post(`${held.url}/aufbewahrung`, { aktion: 'setzen', reason: ' ' })).statusCode, 422);
    assert.equal((await manager.post(`${held.url}/aufbewahrung`, { aktion: 'setzen', reason: 'Klage Müller ./. Stadt, VG Minden 1 K 12/26' })).statusCode, 303);
    const after = await manager.get(`${held.url}/aufbewahrung`);
    assert.match(after.body, /Für diese Akte gilt ein Legal Hold/);
    assert.match(after.body, /VG Minden 1 K 12\/26/);
    assert.match((await manager.get('/verwaltung/akten/aussonderung?hold=nur')).body, new RegExp(`${held.number.replace('.', '\\.')}[\\s\\S]*Legal Hold – wird nicht ausgesondert`));
    assert.doesNotMatch((await manager.get('/verwaltung/akten/aussonderung?hold=ohne')).body, new RegExp(held.number.replace('.', '\\.')));
    const [audit] = await owner<{ data: { reason: string } }>(sql`select data from audit_log where action = 'records.legal_hold_set' and subject_id = ${held.id}`);
    assert.equal(audit?.data.reason, 'Klage Müller ./. Stadt, VG Minden 1 K 12/26');
    // The database refuses to put a held file into a procedure, whatever the code path.
    await assert.rejects(
      t.db.transaction({ tenantId, userId: null }, async (tx) => {
        const [d] = await tx.query<{ id: string }>(sql`insert into record_disposals (tenant_id, archive_name) values (${tenantId}, 'x') returning id`);
        await tx.query(sql`insert into record_disposal_files (tenant_id, disposal_id, file_id, offered_kind) values (${tenantId}, ${d!.id}, ${held.id}, 'bewerten')`);
      }),
      /legal hold/,
    );
  });
});

describe('disposal with the archive (xdomea 3.0.0)', () => {
  test('0501: the due files without hold are offered; the offer validates against the XSD and names no held file', async () => {
    assert.equal((await manager.post('/verwaltung/akten/aussonderung', { archive: '', position: positionUrlId })).statusCode, 422);
    const started = await manager.post('/verwaltung/akten/aussonderung', { archive: 'Stadtarchiv Lemgo', position: positionUrlId });
    assert.equal(started.statusCode, 303, started.body.slice(0, 500));
    procedureUrl = String(started.headers.location);
    processId = procedureUrl.split('/').at(-1)!;
    const page = await manager.get(procedureUrl);
    assert.match(page.body, /angeboten – Bewertung des Archivs ausstehend/);
    const offer = await manager.get(`${procedureUrl}/0501.xml`);
    assert.equal(offer.statusCode, 200);
    assert.match(String(offer.headers['content-disposition']), new RegExp(`${processId}_Aussonderung\\.Anbieteverzeichnis\\.0501\\.xml`));
    xsdValid(offer.body);
    assert.match(offer.body, new RegExp(`<xdomea:ProzessID>${processId}</xdomea:ProzessID>`));
    for (const file of files.slice(0, 2)) assert.ok(offer.body.includes(`<xdomea:Kennzeichen>${file.number}</xdomea:Kennzeichen>`), file.number);
    assert.ok(!offer.body.includes(files[2]!.number), 'the held file is not offered');
    assert.ok(!offer.body.includes('Primaerdokument'), '0501 carries no primary documents');
    // A second start finds nothing left to offer.
    assert.equal((await manager.post('/verwaltung/akten/aussonderung', { archive: 'Stadtarchiv Lemgo', position: positionUrlId })).statusCode, 422);
  });

  test('0504 and 0502 from the archive are read; a message of another procedure or with unknown files is refused', async () => {
    const receipt = archiveMessage('Aussonderung.AnbietungEmpfangBestaetigen.0504', processId, '0504', '');
    xsdValid(receipt);
    assert.equal((await sendMessage(manager, procedureUrl, receipt)).statusCode, 303);
    const [archived, destroyed] = [files[0]!, files[1]!];
    const foreign = archiveMessage('Aussonderung.Bewertungsverzeichnis.0502', crypto.randomUUID(), '0502', appraisal(archived.id, 'A'));
    assert.match((await sendMessage(manager, procedureUrl, foreign)).body, /anderen Verfahren/);
    const unknown = archiveMessage('Aussonderung.Bewertungsverzeichnis.0502', processId, '0502', appraisal(files[2]!.id, 'A'));
    assert.equal((await sendMessage(manager, procedureUrl, unknown)).statusCode, 422);
    assert.match((await sendMessage(manager, procedureUrl, '<kein xml')).body, /keine passende xdomea-3\.0\.0-Nachricht/);
    const appraisalXml = archiveMessage('Aussonderung.Bewertungsverzeichnis.0502', processId, '0502', appraisal(archived.id, 'A') + appraisal(destroyed.id, 'V'));
    xsdValid(appraisalXml);
    assert.equal((await sendMessage(manager, procedureUrl, appraisalXml)).statusCode, 303);
    const page = await manager.get(procedureUrl);
    assert.match(page.body, /bewertet – Übergabe und Vernichtung ausstehend/);
    assert.match(page.body, /0504 Aussonderung\.AnbietungEmpfangBestaetigen\.0504, empfangen/);
    assert.equal((await sendMessage(manager, procedureUrl, appraisalXml)).statusCode, 422, 'appraised once');
  });

  test('0503: the package is a ZIP with the XSD-valid message and the archival file\'s documents only', async () => {
    const page = await manager.get(procedureUrl);
    assert.equal((await manager.post(`${procedureUrl}/uebergabe`, {})).statusCode, 303);
    assert.match((await manager.get(procedureUrl)).body, /übergeben – Importbestätigung des Archivs ausstehend/);
    assert.ok(csrfOf(page));
    const zip = await manager.get(`${procedureUrl}/0503.zip`);
    assert.equal(zip.statusCode, 200);
    assert.equal(zip.headers['content-type'], 'application/zip');
    const entries = readZip(zip.rawPayload);
    const message = entries.find((entry) => entry.name === `${processId}_Aussonderung.Aussonderung.0503.xml`);
    assert.ok(message, entries.map((entry) => entry.name).join(', '));
    const xml = message.data.toString('utf8');
    xsdValid(xml);
    assert.ok(xml.includes(files[0]!.number) && !xml.includes(files[1]!.number));
    const documents = entries.filter((entry) => entry !== message);
    assert.equal(documents.length, 1);
    assert.deepEqual(documents[0]!.data, files[0]!.letter);
    assert.ok(xml.includes(`<xdomea:Dateiname>${documents[0]!.name}</xdomea:Dateiname>`), 'the message names the file in the package');
  });

  test('destroying the files appraised V deletes their content (blob, text) and keeps the record', async () => {
    const destroyed = files[1]!;
    assert.ok(fs.existsSync(blobFile(destroyed.letter)));
    assert.equal((await manager.post(`${procedureUrl}/vernichtung`, {})).statusCode, 303);
    assert.ok(!fs.existsSync(blobFile(destroyed.letter)), 'the blob is gone');
    const [texts] = await owner<{ n: number }>(sql`select count(*)::int as n from record_texts t join record_documents d on d.id = t.document_id where d.file_id = ${destroyed.id}`);
    assert.equal(texts?.n, 0);
    const filePage = await manager.get(destroyed.url);
    assert.match(filePage.body, /vernichtet\. Aktenzeichen, Metadaten und der Nachweis bleiben erhalten/);
    const documentUrl = /href="(\/verwaltung\/akten\/[^"]+\/dokumente\/[0-9a-f-]+)"/.exec(filePage.body)?.[1];
    assert.ok(documentUrl, 'the document\'s metadata stays listed');
    assert.equal((await manager.get(`${documentUrl}/fassungen/1`)).statusCode, 410);
    // The record cannot be undone or deleted, not even by the owner.
    await assert.rejects(owner(sql`update record_disposal_files set content_deleted_at = null where file_id = ${destroyed.id}`), /complete and recorded/);
    await assert.rejects(owner(sql`delete from record_disposal_files where file_id = ${destroyed.id}`), /never deleted/);
  });

  test('0506: after the import confirmation the handed-over content is deleted; record, confirmation id and audit remain', async () => {
    const archived = files[0]!;
    assert.ok(fs.existsSync(blobFile(archived.letter)), 'kept until the archive confirms');
    const confirmation = archiveMessage('Aussonderung.AussonderungImportBestaetigen.0506', processId, '0506', importResult(archived.id, true, 'StA Lemgo B 12/2026-7'));
    xsdValid(confirmation);
    const response = await sendMessage(manager, procedureUrl, confirmation);
    assert.equal(response.statusCode, 303, response.body.slice(0, 800));
    assert.ok(!fs.existsSync(blobFile(archived.letter)));
    const page = await manager.get(procedureUrl);
    assert.match(page.body, /<strong>abgeschlossen<\/strong>/);
    assert.match(page.body, /übergeben \(StA Lemgo B 12\/2026-7\)/);
    assert.match((await manager.get(archived.url)).body, /an das Archiv übergeben \(StA Lemgo B 12\/2026-7\)/);
    const records = await owner<{ file_id: string; outcome: string; archive_reference: string | null; deleted_versions: number }>(sql`
      select file_id, outcome, archive_reference, deleted_versions from record_disposal_files where disposal_id = ${processId} order by outcome`);
    assert.deepEqual(records.map((r) => [r.file_id, r.outcome, r.archive_reference, r.deleted_versions]), [[archived.id, 'uebergeben', 'StA Lemgo B 12/2026-7', 1], [files[1]!.id, 'vernichtet', null, 1]]);
    const audit = await owner<{ action: string; data: { sha256: string[]; archiveReference: string | null } }>(sql`
      select action, data from audit_log where action in ('records.file_handed_over', 'records.file_destroyed') order by seq`);
    assert.deepEqual(audit.map((a) => [a.action, a.data.sha256, a.data.archiveReference]), [
      ['records.file_destroyed', [sha256Hex(files[1]!.letter)], null],
      ['records.file_handed_over', [sha256Hex(archived.letter)], 'StA Lemgo B 12/2026-7'],
    ]);
    const messages = await owner<{ code: string }>(sql`select code from record_disposal_messages where disposal_id = ${processId} order by created_at, code`);
    assert.deepEqual(messages.map((m) => m.code), ['0501', '0504', '0502', '0503', '0506']);
    // The held file keeps its content.
    assert.ok(fs.existsSync(blobFile(files[2]!.letter)));
    assert.deepEqual((await verifyAudit(t.db)).problems, []);
  });

  test('the sample messages of the Landesarchiv Thüringen toolkit are read', () => {
    const dir = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'xdomea', 'thueringen-xdomea_toolkit', 'pattern', 'xdomea_3.0.0');
    const appraisalSample = parseIncoming(fs.readFileSync(path.join(dir, 'xx_Aussonderung.Bewertungsverzeichnis.0502.xml'), 'utf8'));
    assert.deepEqual(appraisalSample, { code: '0502', processId: '242f44e8-bebf-4503-a086-db252c6a4277', appraisals: [{ id: 'cbdbfccc-72e5-44b2-9e71-937e6f4f8ce9', decision: 'archivieren' }] });
    const receipt = parseIncoming(fs.readFileSync(path.join(dir, 'xx_Aussonderung.AnbietungEmpfangBestaetigen.0504.xml'), 'utf8'));
    assert.deepEqual(receipt, { code: '0504', processId: '242f44e8-bebf-4503-a086-db252c6a4277' });
    assert.throws(() => parseIncoming(fs.readFileSync(path.join(dir, 'xx_Aussonderung.Anbieteverzeichnis.0501.xml'), 'utf8')), /not a message the archive sends/);
  });

  test('another tenant\'s records manager gets 404 on every new route', async () => {
    const { client } = await signedInStaff(t, 'detmold', ['records_manager']);
    const held = files[2]!;
    for (const url of [procedureUrl, `${procedureUrl}/0501.xml`, `${procedureUrl}/0503.zip`, `${held.url}/aufbewahrung`]) {
      assert.equal((await client.get(url)).statusCode, 404, url);
    }
    await client.get('/verwaltung/akten/aussonderung');
    for (const [url, fields] of [[`${procedureUrl}/uebergabe`, {}], [`${procedureUrl}/vernichtung`, {}], [`${held.url}/aufbewahrung`, { aktion: 'aufheben', reason: 'fremd' }]] as const) {
      assert.equal((await client.post(url, fields)).statusCode, 404, url);
    }
    const own = await client.get('/verwaltung/akten/aussonderung');
    assert.equal((await postMultipart(client, `${procedureUrl}/nachricht`, csrfOf(own), {}, { name: 'x.xml', data: Buffer.from('<x/>') })).statusCode, 404);
    assert.doesNotMatch(own.body, /Stadtarchiv Lemgo/);
    assert.doesNotMatch(own.body, /02\.10\/0001/);
    // The hold of Lemgo's file is untouched.
    const [file] = await owner<{ legal_hold: boolean }>(sql`select legal_hold from record_files where id = ${held.id}`);
    assert.equal(file?.legal_hold, true);
  });
});
