/**
 * Files in the case thread, through the real app: the caseworker's letter, the applicant's
 * document answering a Rückfrage through the notice link (multipart, the access secret in the
 * form), downloads on both sides, and every new route closed to other tenants, other offices and
 * strangers (404, never 403 that would confirm the case exists).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { openBlobStore } from '../../platform/blobs/open-blob-store.ts';
import { createTestApp, TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { signedInCitizen, signedInStaff } from '../../platform/testing/signed-in.ts';
import { applyForSperrmuell, caseIdOf, noticeLinkFor, publishSperrmuell } from './test-support.ts';

let t: TestApp;
let detmold: { tenantId: string; officeId: string | undefined };

before(async () => {
  t = await createTestApp();
  detmold = await publishSperrmuell(t, 'detmold', 'Abfallberatung');
  await publishSperrmuell(t, 'lemgo');
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));
const pdf = (text: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${text}\n`), crypto.randomBytes(48)]);
const exe = () => Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0]), crypto.randomBytes(32)]);
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(40)]);
const fileLinks = (body: string, prefix: string) => [...body.matchAll(new RegExp(`href="(${prefix}[^"]+)"`, 'g'))].map((match) => (match[1] ?? '').replaceAll('&amp;', '&'));

/** An examined case of Detmold's Abfallberatung with a Rückfrage that carries a letter; returns what the tests need. */
async function caseWithQuery(name: string) {
  const email = `${name.toLowerCase()}@example.test`;
  const reference = await applyForSperrmuell(new TestClient(t.app), 'detmold', { vorname: 'Erika', nachname: name, email });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  await worker.client.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.equal((await worker.client.post(`/verwaltung/vorgaenge/${caseId}/status`, { status: 'in_pruefung' })).statusCode, 303);
  const letter = pdf('Anschreiben');
  await worker.client.get(`/verwaltung/vorgaenge/${caseId}`);
  const sent = await worker.client.postMultipart(`/verwaltung/vorgaenge/${caseId}/nachricht`, { message: 'Bitte reichen Sie ein Foto des Klaviers ein.', rueckfrage: 'ja' }, [
    { field: 'dateien', name: 'Anschreiben Rückfrage.pdf', data: letter },
  ]);
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 400));
  return { reference, caseId, worker, letter, email, link: await noticeLinkFor(t, email, /^Neue Nachricht/) };
}

test('the applicant answers a Rückfrage through the notice link with a document; both sides see and open the files', async () => {
  const { reference, caseId, worker, letter, email, link } = await caseWithQuery('Dokumentenreich');
  const mail = t.mails.filter((candidate) => candidate.to === email).at(-1);
  assert.ok(mail && !mail.text.includes('Anschreiben') && !mail.text.includes('Klavier'), 'no file name and no text in the mail');

  // The applicant on another device, with the link only.
  const phone = new TestClient(t.app);
  const page = await phone.get(link.path);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<form method="post" action="\/antraege\/detmold\/[^"]+\/antwort" enctype="multipart\/form-data" novalidate>\s*<input type="hidden" name="_csrf"[^>]*>\s*<input type="hidden" name="zugang" value="[A-Za-z0-9_-]{32}">/);
  assert.match(page.body, /<input[^>]+type="file" id="f-dateien" name="dateien"[^>]+multiple aria-describedby="f-dateien-hint">/);
  const letterLink = fileLinks(page.body, `/antraege/detmold/${reference}/dateien/`)[0] ?? '';
  assert.ok(letterLink.endsWith(`?zugang=${link.token}`), 'the file link carries the access secret');
  const download = await phone.get(letterLink);
  assert.equal(download.statusCode, 200);
  assert.match(String(download.headers['content-disposition']), /^attachment; filename="Anschreiben Ruckfrage\.pdf"; filename\*=UTF-8''Anschreiben%20R%C3%BCckfrage\.pdf$/);
  assert.equal(download.headers['x-content-type-options'], 'nosniff');
  assert.deepEqual(download.rawPayload, letter);
  assert.equal((await new TestClient(t.app).get(letterLink.replace(/\?zugang=.*/, ''))).statusCode, 404, 'not without the secret');

  const filesBefore = await owner<{ id: string }>(sql`select id from case_message_files where case_id = ${caseId}`);
  const refused = await phone.postMultipart(`/antraege/detmold/${reference}/antwort`, { zugang: link.token, antwort: 'Hier das Foto.' }, [{ field: 'dateien', name: 'foto.jpg', data: exe() }]);
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /href="#f-dateien">Die Datei „foto\.jpg“ ist keine erlaubte Datei/);
  assert.match(refused.body, /Hier das Foto\./, 'the text is kept');
  assert.equal((await owner(sql`select 1 from case_message_files where case_id = ${caseId}`)).length, filesBefore.length, 'nothing stored');
  assert.equal((await phone.postMultipart(`/antraege/detmold/${reference}/antwort`, { zugang: link.token, antwort: ' ' })).statusCode, 422, 'neither text nor file');

  const proof = pdf('Nachweis');
  const answered = await phone.postMultipart(`/antraege/detmold/${reference}/antwort`, { zugang: link.token, antwort: 'Anbei der Nachweis.' }, [
    { field: 'dateien', name: 'Nachweis.pdf', data: proof },
    { field: 'dateien', name: 'Foto.png', data: png() },
  ]);
  assert.equal(answered.statusCode, 303);
  assert.equal(answered.headers.location, `/antraege/detmold/${reference}?zugang=${link.token}&hinweis=gesendet`);
  const [state] = await owner<{ status: string }>(sql`select status from cases where id = ${caseId}`);
  assert.equal(state?.status, 'in_pruefung', 'the answer ends the query');
  // Files of one answer may share a timestamp (the embedded database's clock ticks in milliseconds): compared by name.
  const rows = await owner<{ id: string; file_name: string; media_type: string; direction: string; scan_result: string; sha256: string }>(sql`
    select f.id, f.file_name, f.media_type, m.direction, f.scan_result, f.sha256 from case_message_files f
    join case_messages m on m.tenant_id = f.tenant_id and m.id = f.message_id where f.case_id = ${caseId} order by f.file_name`);
  assert.deepEqual(rows.map((row) => [row.file_name, row.media_type, row.direction, row.scan_result]), [
    ['Anschreiben Rückfrage.pdf', 'application/pdf', 'to_applicant', 'not_scanned'],
    ['Foto.png', 'image/png', 'from_applicant', 'not_scanned'],
    ['Nachweis.pdf', 'application/pdf', 'from_applicant', 'not_scanned'],
  ]);
  const nachweis = rows[2];
  assert.deepEqual(await openBlobStore(t.config).get(nachweis?.sha256 ?? ''), proof, 'the bytes are in the blob store');
  // A file alone is an answer too.
  assert.equal((await phone.postMultipart(`/antraege/detmold/${reference}/antwort`, { zugang: link.token, antwort: '' }, [{ field: 'dateien', name: 'Rückseite.pdf', data: pdf('Rückseite') }])).statusCode, 303);

  // The caseworker sees the answer and opens the document in the browser; the opening is audited.
  const casePage = await worker.client.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.match(casePage.body, /Anbei der Nachweis\./);
  const staffLinks = fileLinks(casePage.body, `/verwaltung/vorgaenge/${caseId}/nachrichtendateien/`);
  assert.equal(staffLinks.length, 4);
  const opened = await worker.client.get(staffLinks.find((href) => href.includes(nachweis?.id ?? '-')) ?? '');
  assert.equal(opened.statusCode, 200);
  assert.equal(opened.headers['content-type'], 'application/pdf');
  assert.match(String(opened.headers['content-disposition']), /^inline; filename="Nachweis\.pdf"/);
  assert.deepEqual(opened.rawPayload, proof);
  const audited = await owner<{ action: string }>(sql`select action from audit_log where subject_id = ${caseId} and action = 'case.message_file_read'`);
  assert.equal(audited.length, 1);
  const events = await owner<{ kind: string; data: { files?: number } }>(sql`select kind, data from case_events where case_id = ${caseId} and kind in ('message_sent', 'message_received') order by seq`);
  assert.deepEqual(events.map((event) => [event.kind, event.data.files]), [['message_sent', 1], ['message_received', 2], ['message_received', 1]]);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('a caseworker attaches only allowed files, at most five; a reader cannot send any', async () => {
  const { caseId, worker } = await caseWithQuery('Briefschreiber');
  await worker.client.get(`/verwaltung/vorgaenge/${caseId}`);
  const wrong = await worker.client.postMultipart(`/verwaltung/vorgaenge/${caseId}/nachricht`, { message: 'Programm' }, [{ field: 'dateien', name: 'tool.exe', data: exe() }]);
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /href="#f-dateien">Die Datei „tool\.exe“ ist keine erlaubte Datei/);
  const many = await worker.client.postMultipart(`/verwaltung/vorgaenge/${caseId}/nachricht`, { message: 'Viele' }, Array.from({ length: 6 }, (_, index) => ({ field: 'dateien', name: `s${index}.pdf`, data: pdf(`s${index}`) })));
  assert.equal(many.statusCode, 422);
  assert.match(many.body, /höchstens 5 Dateien/);
  assert.equal((await owner(sql`select 1 from case_message_files where case_id = ${caseId}`)).length, 1, 'only the first letter');
  // A reader may look but not write: refused before any file is read or stored.
  const reader = await signedInStaff(t, 'detmold', ['reader']);
  await reader.client.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.equal((await reader.client.postMultipart(`/verwaltung/vorgaenge/${caseId}/nachricht`, { message: 'x' }, [{ field: 'dateien', name: 'a.pdf', data: pdf('a') }])).statusCode, 403);
  assert.equal((await owner(sql`select 1 from case_message_files where case_id = ${caseId}`)).length, 1);
});

test('every file route and the answer are 404 for other tenants, other offices, strangers and other cases', async () => {
  const { reference, caseId, link } = await caseWithQuery('Geheimnisvoll');
  const [file] = await owner<{ id: string }>(sql`select id from case_message_files where case_id = ${caseId}`);
  assert.ok(file);
  const staffFile = `/verwaltung/vorgaenge/${caseId}/nachrichtendateien/${file.id}`;
  const applicantFile = `/antraege/detmold/${reference}/dateien/${file.id}`;

  const lemgo = await signedInStaff(t, 'lemgo', ['caseworker', 'admin']);
  const otherOffice = await signedInStaff(t, 'detmold', ['caseworker']);
  await owner(sql`
    with office as (insert into offices (tenant_id, name, street, postcode, city) values (${detmold.tenantId}, 'Standesamt', 'Markt 2', '32756', 'Detmold') returning id)
    insert into office_members (tenant_id, office_id, user_id) select ${detmold.tenantId}, id, ${otherOffice.userId} from office`);
  for (const [who, client] of [['Lemgo', lemgo.client], ['another office', otherOffice.client]] as const) {
    assert.equal((await client.get(staffFile)).statusCode, 404, `${who}: file`);
    await client.get('/verwaltung/vorgaenge');
    const posted = await client.postMultipart(`/verwaltung/vorgaenge/${caseId}/nachricht`, { message: 'fremd' }, [{ field: 'dateien', name: 'x.pdf', data: pdf('x') }]);
    assert.equal(posted.statusCode, 404, `${who}: message`);
  }
  // A file of this case under another case of the same tenant is not found either.
  const { caseId: otherCase, worker } = await caseWithQuery('Nachbarin');
  assert.equal((await worker.client.get(`/verwaltung/vorgaenge/${otherCase}/nachrichtendateien/${file.id}`)).statusCode, 404);
  assert.equal((await worker.client.get(`/verwaltung/vorgaenge/${otherCase}/nachrichtendateien/kaputt`)).statusCode, 404);

  const citizen = await signedInCitizen(t);
  assert.equal((await citizen.client.get(staffFile)).statusCode, 403, 'citizens have no back office at all');
  for (const client of [citizen.client, new TestClient(t.app)]) {
    assert.equal((await client.get(applicantFile)).statusCode, 404);
    assert.equal((await client.get(`${applicantFile}?zugang=${'A'.repeat(32)}`)).statusCode, 404);
    await client.get('/detmold/antrag/sperrmuell-abholung');
    const answer = await client.postMultipart(`/antraege/detmold/${reference}/antwort`, { antwort: 'fremd' }, [{ field: 'dateien', name: 'x.pdf', data: pdf('y') }]);
    assert.equal(answer.statusCode, 404);
  }
  assert.equal((await new TestClient(t.app).get(`/antraege/lemgo/${reference}/dateien/${file.id}?zugang=${link.token}`)).statusCode, 404, 'not under another tenant');
  assert.equal((await owner(sql`select 1 from case_message_files where case_id = ${caseId}`)).length, 1, 'nothing stored by anyone else');

  // Row-level security: in Lemgo's scope the rows do not exist.
  const seen = await t.db.transaction({ tenantId: lemgo.tenantId, userId: lemgo.userId }, (tx) => tx.query(sql`select 1 from case_message_files where case_id = ${caseId}`));
  assert.equal(seen.length, 0);
  const [own] = await owner<{ message_id: string }>(sql`select message_id from case_message_files where id = ${file.id}`);
  await assert.rejects(
    t.db.transaction({ tenantId: lemgo.tenantId, userId: null }, (tx) => tx.query(sql`
      insert into case_message_files (tenant_id, case_id, message_id, file_name, media_type, size, sha256, scan_result)
      values (${detmold.tenantId}, ${caseId}, ${own?.message_id}, 'x', 'application/pdf', 1, ${'0'.repeat(64)}, 'clean')`)),
    /row-level security/,
  );
});
