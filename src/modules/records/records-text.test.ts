/**
 * Text extraction in the outbox worker (pdftotext, Tesseract OCR with German) and full-text
 * search with filters; and a case that files itself into the year's file of its service.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp, type TestClient } from '../../platform/testing/test-app.ts';
import { signedInCitizen, signedInStaff } from '../../platform/testing/signed-in.ts';
import { buildPdf } from '../../platform/pdf/build-pdf.ts';
import { sql } from '../../platform/db/sql.ts';
import { applyForSperrmuell, caseIdOf, publishSperrmuell } from '../cases/test-support.ts';
import { extractText } from './extract-text.ts';
import { csrfOf, documentFields, positionId, postMultipart } from './test-support.ts';

let t: TestApp;
let manager: TestClient;
let tenantId: string;
let fileUrl: string;

const letterPdf = () =>
  buildPdf({ title: 'Widerspruch gegen den Gebührenbescheid', language: 'de', author: 'Lemgo', createdAt: new Date('2026-03-17T10:00:00Z'), blocks: [{ kind: 'paragraph', text: 'Hiermit lege ich Widerspruch gegen die Abfallgebühren ein. Die Mülltonne wurde nicht geleert.' }] });

/** A scan: the PDF rendered to a PNG image, so only OCR can read it. */
function scanOf(pdf: Buffer): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-scan-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', path.join(dir, 'in.pdf'), path.join(dir, 'scan')]);
    return fs.readFileSync(path.join(dir, 'scan.png'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

before(async () => {
  t = await createTestApp();
  ({ client: manager, tenantId } = await signedInStaff(t, 'lemgo', ['records_manager']));
  const id = await positionId(t.db, tenantId, '70.10');
  await manager.get(`/verwaltung/akten/plan/${id}`);
  const created = await manager.post(`/verwaltung/akten/plan/${id}/akten`, { fileTitle: 'Abfallgebühren 2026' });
  fileUrl = String(created.headers.location).replace(/\?.*$/, '');
});
after(() => t.close());

describe('text extraction', () => {
  test('pdftotext reads a PDF with a text layer; OCR reads the same letter as an image', async () => {
    const pdf = await letterPdf();
    const fromPdf = await extractText(pdf, 'application/pdf');
    assert.equal(fromPdf.method, 'pdftotext');
    assert.match(fromPdf.text, /Abfallgebühren/);
    const fromScan = await extractText(scanOf(pdf), 'image/png');
    assert.equal(fromScan.method, 'ocr');
    assert.match(fromScan.text, /Widerspruch/);
    assert.deepEqual(await extractText(Buffer.from('PK\u0003\u0004'), 'application/zip'), { method: 'none', text: '' });
  });

  test('uploaded documents are read by the worker and found by the full-text search, with filters', async () => {
    const page = await manager.get(fileUrl);
    const pdf = await letterPdf();
    const scanned = await postMultipart(manager, `${fileUrl}/dokumente`, csrfOf(page), documentFields('Eingescannter Brief', { kind: 'schreiben', documentDate: '10.03.2026' }), { name: 'scan.png', data: scanOf(pdf) });
    assert.equal(scanned.statusCode, 303);
    const note = await postMultipart(manager, `${fileUrl}/dokumente`, csrfOf(page), documentFields('Telefonnotiz', { kind: 'vermerk', documentDate: '20.03.2026', direction: 'intern' }), { name: 'notiz.txt', data: Buffer.from('Anruf wegen der Biotonne, Rückruf zugesagt.') });
    assert.equal(note.statusCode, 303, note.body.slice(0, 3000));
    const before = await manager.get('/verwaltung/akten/suche?q=Widerspruch');
    assert.match(before.body, /Kein Dokument gefunden/);
    assert.ok((await t.drainOutbox()) >= 2);
    const file = await manager.get(fileUrl);
    assert.match(file.body, /Texterkennung \(OCR\)/);
    // Stemming: "Widerspruch" finds the OCR'd text, which the title does not contain.
    const found = await manager.get('/verwaltung/akten/suche?q=Widerspruch');
    assert.match(found.body, /Eingescannter Brief/);
    assert.match(found.body, /<mark>Widerspruch<\/mark>/);
    assert.doesNotMatch(found.body, /Telefonnotiz/);
    assert.match((await manager.get('/verwaltung/akten/suche?q=Biotonne')).body, /Telefonnotiz/);
    // Filters: document type, date range, status, position.
    assert.match((await manager.get('/verwaltung/akten/suche?q=Widerspruch&kind=vermerk')).body, /Kein Dokument gefunden/);
    assert.match((await manager.get('/verwaltung/akten/suche?q=Widerspruch&from=11.03.2026')).body, /Kein Dokument gefunden/);
    assert.match((await manager.get('/verwaltung/akten/suche?q=Widerspruch&from=01.03.2026&to=10.03.2026')).body, /Eingescannter Brief/);
    assert.match((await manager.get('/verwaltung/akten/suche?q=Widerspruch&status=abgeschlossen')).body, /Kein Dokument gefunden/);
    const group = await positionId(t.db, tenantId, '7');
    const other = await positionId(t.db, tenantId, '2');
    assert.match((await manager.get(`/verwaltung/akten/suche?q=Widerspruch&position=${group}`)).body, /Eingescannter Brief/);
    assert.match((await manager.get(`/verwaltung/akten/suche?q=Widerspruch&position=${other}`)).body, /Kein Dokument gefunden/);
    assert.equal((await manager.get('/verwaltung/akten/suche?q=x&from=32.13.2026')).statusCode, 422);
    // Another tenant finds nothing of it.
    const { client } = await signedInStaff(t, 'detmold', ['records_manager']);
    assert.match((await client.get('/verwaltung/akten/suche?q=Widerspruch')).body, /Kein Dokument gefunden/);
  });
});

describe('automatic filing of cases', () => {
  test('each new Sperrmüll case gets a process in the year\'s file of position 70.20, created on first use', async () => {
    await publishSperrmuell(t, 'lemgo', 'Bürgerbüro Lemgo');
    const references: string[] = [];
    for (const person of [{ vorname: 'Erika', nachname: 'Mustermann' }, { vorname: 'Max', nachname: 'Muster' }]) {
      const { client, email } = await signedInCitizen(t);
      references.push(await applyForSperrmuell(client, 'lemgo', { ...person, email }));
    }
    await t.drainOutbox();
    const year = new Date().getFullYear();
    const rows = await t.db.transaction({ tenantId, userId: null }, (tx) =>
      tx.query<{ file_number: string; title: string; number: number; case_id: string; case_year: number }>(sql`
        select f.file_number, f.title, r.number, r.case_id, f.case_year from record_processes r join record_files f on f.tenant_id = r.tenant_id and f.id = r.file_id
        where r.case_id is not null order by r.number`),
    );
    assert.deepEqual(rows.map((row) => [row.file_number, row.title, row.number, row.case_year]), [
      ['70.20/0001', `Sperrmüll und Sonderabfuhren ${year}`, 1, year],
      ['70.20/0001', `Sperrmüll und Sonderabfuhren ${year}`, 2, year],
    ]);
    // The worker may file the two cases in either order.
    assert.deepEqual(rows.map((row) => row.case_id).sort(), [await caseIdOf(t, references[0]!), await caseIdOf(t, references[1]!)].sort());
    // The file page links the case; a redelivered job files nothing twice.
    const search = await manager.get('/verwaltung/akten/suche?az=70.20%2F0001');
    const link = /href="(\/verwaltung\/akten\/[0-9a-f-]+)"/.exec(search.body)?.[1];
    assert.ok(link);
    assert.match((await manager.get(link)).body, new RegExp(`Fall ${references[0]}`));
    await t.db.ownerTransaction((tx) => tx.query(sql`update outbox set done_at = null, run_at = now(), attempts = 0 where topic = 'records.file_case'`));
    await t.drainOutbox();
    const [count] = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from record_processes where case_id is not null`));
    assert.equal(count!.n, 2);
  });
});
