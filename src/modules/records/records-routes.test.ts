/**
 * The E-Akte back office through the real app: file plan, creating a file by hand, uploading a
 * document and a new version (multipart), download with SHA-256 check (a damaged blob is reported,
 * never served), closing (zdA) with confirmation, Aktenzeichen search, roles and other tenants.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp, type TestClient } from '../../platform/testing/test-app.ts';
import { signedInStaff } from '../../platform/testing/signed-in.ts';
import { sha256Hex } from '../../platform/blobs/digest.ts';
import { csrfOf, documentFields, positionId, postMultipart } from './test-support.ts';

let t: TestApp;
let manager: TestClient;
let tenantId: string;
let fileUrl = '';
let documentUrl = '';
const letter = Buffer.from('Sehr geehrte Damen und Herren,\nhiermit beschwere ich mich über die Straßenbeleuchtung in der Mittelstraße.\n');
const pdfBytes = Buffer.from('%PDF-1.7\n% kein echter Inhalt\n');

before(async () => {
  t = await createTestApp();
  ({ client: manager, tenantId } = await signedInStaff(t, 'lemgo', ['records_manager']));
});
after(() => t.close());

describe('records back office', () => {
  test('the file plan is shown as a tree with codes; the back-office home links to it', async () => {
    const home = await manager.get('/verwaltung');
    assert.match(home.body, /href="\/verwaltung\/akten"/);
    const plan = await manager.get('/verwaltung/akten');
    assert.equal(plan.statusCode, 200);
    assert.match(plan.body, /32\.10 Gewerbeanzeigen und Gewerbeerlaubnisse/);
    assert.match(plan.body, /70\.20 Sperrmüll und Sonderabfuhren/);
  });

  test('a records manager creates a file by hand: 303 to its page with the Aktenzeichen', async () => {
    const id = await positionId(t.db, tenantId, '02.10');
    const page = await manager.get(`/verwaltung/akten/plan/${id}`);
    assert.match(page.body, /Neue Akte anlegen/);
    const empty = await manager.post(`/verwaltung/akten/plan/${id}/akten`, { fileTitle: '' });
    assert.equal(empty.statusCode, 422);
    const created = await manager.post(`/verwaltung/akten/plan/${id}/akten`, { fileTitle: 'Beschwerden Straßenbeleuchtung' });
    assert.equal(created.statusCode, 303);
    fileUrl = String(created.headers.location).replace(/\?.*$/, '');
    const file = await manager.get(fileUrl);
    assert.match(file.body, /02\.10\/0001/);
    assert.match(file.body, /enctype="multipart\/form-data" novalidate>\s*<input type="hidden" name="_csrf"/);
  });

  test('a group position takes no files', async () => {
    const group = await positionId(t.db, tenantId, '02');
    const page = await manager.get(`/verwaltung/akten/plan/${group}`);
    assert.doesNotMatch(page.body, /Neue Akte anlegen/);
    assert.equal((await manager.post(`/verwaltung/akten/plan/${group}/akten`, { fileTitle: 'Falsch' })).statusCode, 422);
  });

  test('upload of a document: missing metadata is 422 without storing; then stored, versioned and downloadable', async () => {
    const page = await manager.get(fileUrl);
    const invalid = await postMultipart(manager, `${fileUrl}/dokumente`, csrfOf(page), documentFields('', { documentDate: '31.02.2026' }), { name: 'brief.txt', data: letter });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /gültiges Datum/);
    const stored = await postMultipart(manager, `${fileUrl}/dokumente`, csrfOf(page), documentFields('Beschwerde Beleuchtung'), { name: 'brief.txt', data: letter });
    assert.equal(stored.statusCode, 303, stored.body.slice(0, 500));
    documentUrl = String(stored.headers.location).replace(/\?.*$/, '');
    const doc = await manager.get(documentUrl);
    assert.match(doc.body, new RegExp(sha256Hex(letter)));
    const second = await postMultipart(manager, `${documentUrl}/fassungen`, csrfOf(doc), {}, { name: 'scan.pdf', data: pdfBytes });
    assert.equal(second.statusCode, 303);
    const v1 = await manager.get(`${documentUrl}/fassungen/1`);
    assert.equal(v1.statusCode, 200);
    assert.deepEqual(v1.rawPayload, letter);
    assert.match(String(v1.headers['content-disposition']), /^attachment; filename="brief.txt"/);
    const v2 = await manager.get(`${documentUrl}/fassungen/2`);
    assert.equal(v2.headers['content-type'], 'application/pdf');
    assert.match(String(v2.headers['content-disposition']), /^inline; filename="scan.pdf"/);
    assert.equal((await manager.get(`${documentUrl}/fassungen/3`)).statusCode, 404);
  });

  test('unknown binary content is refused with a message', async () => {
    const page = await manager.get(fileUrl);
    const response = await postMultipart(manager, `${fileUrl}/dokumente`, csrfOf(page), documentFields('Programm'), { name: 'x.exe', data: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0xff, 0xfe]) });
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /Format, das die E-Akte nicht aufnimmt/);
  });

  test('Aktenzeichen search: exact and by prefix', async () => {
    const exact = await manager.get('/verwaltung/akten/suche?az=02.10%2F0001');
    assert.match(exact.body, /Beschwerden Straßenbeleuchtung/);
    const prefix = await manager.get('/verwaltung/akten/suche?az=02.1');
    assert.match(prefix.body, /02\.10\/0001/);
    const none = await manager.get('/verwaltung/akten/suche?az=99');
    assert.match(none.body, /Keine Akte gefunden/);
  });

  test('a damaged blob (SHA-256 mismatch) is reported on a page, never served', async () => {
    const file = path.join(t.config.dataDir, 'blobs', sha256Hex(letter).slice(0, 2), sha256Hex(letter).slice(2, 4), sha256Hex(letter));
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.from('Sehr geehrte Damen und Herren, GEÄNDERT'));
    try {
      const response = await manager.get(`${documentUrl}/fassungen/1`);
      assert.equal(response.statusCode, 500);
      assert.match(response.headers['content-type'] as string, /text\/html/);
      assert.match(response.body, /Die Datei ist beschädigt/);
      assert.doesNotMatch(response.body, /GEÄNDERT/);
    } finally {
      fs.writeFileSync(file, original);
    }
    assert.equal((await manager.get(`${documentUrl}/fassungen/1`)).statusCode, 200);
  });

  test('closing (zdA) asks first; afterwards uploads, versions and processes are refused', async () => {
    const confirm = await manager.get(`${fileUrl}/abschliessen`);
    assert.match(confirm.body, /Akte 02\.10\/0001 abschließen\?/);
    assert.match(confirm.body, /5 Jahre, danach bewerten/);
    const closed = await manager.post(`${fileUrl}/abschliessen`, {});
    assert.equal(closed.statusCode, 303);
    const page = await manager.get(fileUrl);
    assert.match(page.body, /abgeschlossen \(zdA\)/);
    assert.doesNotMatch(page.body, /multipart\/form-data/);
    const csrf = csrfOf(page);
    const upload = await postMultipart(manager, `${fileUrl}/dokumente`, csrf, documentFields('Nachzügler'), { name: 'n.txt', data: Buffer.from('zu spät') });
    assert.equal(upload.statusCode, 409);
    const version = await postMultipart(manager, `${documentUrl}/fassungen`, csrf, {}, { name: 'n.txt', data: Buffer.from('zu spät') });
    assert.equal(version.statusCode, 409);
    assert.equal((await manager.post(`${fileUrl}/vorgaenge`, { processTitle: 'Neu' })).statusCode, 409);
    // Reading stays possible.
    assert.equal((await manager.get(`${documentUrl}/fassungen/1`)).statusCode, 200);
  });

  test('a caseworker without the records role is refused (403); signed-out visitors go to the login', async () => {
    const { client } = await signedInStaff(t, 'lemgo', ['caseworker']);
    assert.equal((await client.get('/verwaltung/akten')).statusCode, 403);
    assert.equal((await client.get(fileUrl)).statusCode, 403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/verwaltung/akten' });
    assert.equal(anonymous.statusCode, 303);
  });

  test('another tenant\'s records manager gets 404 on every route with an id', async () => {
    const { client } = await signedInStaff(t, 'detmold', ['records_manager']);
    const lemgoPosition = await positionId(t.db, tenantId, '02.10');
    for (const url of [fileUrl, `${fileUrl}/abschliessen`, documentUrl, `${documentUrl}/fassungen/1`, `/verwaltung/akten/plan/${lemgoPosition}`]) {
      assert.equal((await client.get(url)).statusCode, 404, url);
    }
    const page = await client.get('/verwaltung/akten');
    for (const [url, fields] of [[`/verwaltung/akten/plan/${lemgoPosition}/akten`, { fileTitle: 'x' }], [`/verwaltung/akten/plan/${lemgoPosition}`, { title: 'x', retentionYears: '1', disposal: 'vernichten' }], [`${fileUrl}/vorgaenge`, { processTitle: 'x' }], [`${fileUrl}/abschliessen`, {}]] as const) {
      assert.equal((await client.post(url, fields)).statusCode, 404, url);
    }
    assert.equal((await postMultipart(client, `${fileUrl}/dokumente`, csrfOf(page), documentFields('x'), { name: 'x.txt', data: Buffer.from('x') })).statusCode, 404);
    assert.equal((await postMultipart(client, `${documentUrl}/fassungen`, csrfOf(page), {}, { name: 'x.txt', data: Buffer.from('x') })).statusCode, 404);
    const search = await client.get('/verwaltung/akten/suche?az=02.10');
    assert.match(search.body, /Keine Akte gefunden/);
  });
});
