import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { createTestApp, TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { signedInCitizen, signedInStaff } from '../../platform/testing/signed-in.ts';
import { createCaseFromSubmission } from './create-case.ts';
import { applyForSperrmuell, caseIdOf, publishSperrmuell } from './test-support.ts';

let t: TestApp;
let detmold: { tenantId: string; officeId: string | undefined };

before(async () => {
  t = await createTestApp();
  detmold = await publishSperrmuell(t, 'detmold', 'Abfallberatung');
  await publishSperrmuell(t, 'lemgo');
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

test('a submission becomes exactly one case in the responsible office, with its due date, even when the event comes twice', async () => {
  const reference = await applyForSperrmuell(new TestClient(t.app), 'detmold', { vorname: 'Erika', nachname: 'Mustermann', email: 'erika@example.test' });
  assert.equal((await owner(sql`select 1 from cases where reference = ${reference}`)).length, 0, 'not before the outbox hands it on');
  await t.drainOutbox();
  const [row] = await owner<{ id: string; tenant_id: string; office_id: string; applicant_name: string; applicant_email: string; status: string; days: number; submission_id: string }>(sql`
    select c.id, c.tenant_id, c.office_id, c.applicant_name, c.applicant_email, c.status, c.submission_id,
           extract(day from c.due_at - c.received_at)::int as days
    from cases c where reference = ${reference}`);
  assert.ok(row);
  assert.deepEqual(
    { tenant: row.tenant_id, office: row.office_id, name: row.applicant_name, email: row.applicant_email, status: row.status, days: row.days },
    { tenant: detmold.tenantId, office: detmold.officeId, name: 'Erika Mustermann', email: 'erika@example.test', status: 'eingegangen', days: 14 },
  );
  // Redelivery, also concurrent: nothing new.
  const again = await Promise.all([1, 2, 3].map(() => createCaseFromSubmission(t.db, detmold.tenantId, row.submission_id)));
  assert.ok(again.every((result) => result?.created === false && result.caseId === row.id));
  assert.equal((await owner(sql`select 1 from cases where submission_id = ${row.submission_id}`)).length, 1);
  const events = await owner<{ kind: string }>(sql`select kind from case_events where case_id = ${row.id}`);
  assert.deepEqual(events.map((event) => event.kind), ['received']);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('the inbox lists, counts, searches and filters the tenant\'s cases; other tenants and offices see nothing of them', async () => {
  const reference = await applyForSperrmuell(new TestClient(t.app), 'detmold', { vorname: 'Hans', nachname: 'Schrankwand', email: 'hans@example.test' }, 'Eine Eichenkommode');
  await t.drainOutbox();
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  const inbox = await worker.client.get('/verwaltung/vorgaenge');
  assert.equal(inbox.statusCode, 200);
  assert.ok(inbox.body.includes(reference));
  assert.match(inbox.body, /Hans Schrankwand/);
  assert.match(inbox.body, /Eingegangen <span class="inbox-count">\(\d+\)<\/span>/);

  const search = async (q: string) => (await worker.client.get(`/verwaltung/vorgaenge?q=${encodeURIComponent(q)}`)).body;
  assert.ok((await search('Schrankwand')).includes(reference), 'by name');
  assert.ok((await search(reference.toLowerCase())).includes(reference), 'by reference');
  assert.ok((await search('Eichenkommode')).includes(reference), 'by a word of the answers');
  assert.ok(!(await search('Waschmaschine')).includes(reference));
  assert.ok(!(await search("'; drop table cases; --")).includes(reference), 'odd input is just a search');
  assert.ok(!(await worker.client.get('/verwaltung/vorgaenge?status=entschieden')).body.includes(reference));
  assert.ok((await worker.client.get('/verwaltung/vorgaenge?zustaendig=niemand&ueberfaellig=')).body.includes(reference));
  assert.ok(!(await worker.client.get('/verwaltung/vorgaenge?ueberfaellig=ja')).body.includes(reference), 'not overdue yet');
  const badDate = await worker.client.get('/verwaltung/vorgaenge?von=31.02.2026');
  assert.equal(badDate.statusCode, 422);
  assert.match(badDate.body, /href="#f-von">Geben Sie ein Datum im Format TT\.MM\.JJJJ ein/);
  assert.equal((await worker.client.get('/verwaltung/vorgaenge?nach=kaputt&status=xyz&dienststelle=1')).statusCode, 200, 'odd parameters are ignored');

  const lemgo = await signedInStaff(t, 'lemgo', ['caseworker', 'admin']);
  assert.ok(!(await lemgo.client.get('/verwaltung/vorgaenge')).body.includes(reference));
  const caseId = await caseIdOf(t, reference);
  assert.equal((await lemgo.client.get(`/verwaltung/vorgaenge/${caseId}`)).statusCode, 404);
  await lemgo.client.get('/verwaltung/vorgaenge');
  assert.equal((await lemgo.client.post(`/verwaltung/vorgaenge/${caseId}/notiz`, { note: 'fremd' })).statusCode, 404);

  // A caseworker of another office of the same tenant does not see it either.
  const other = await signedInStaff(t, 'detmold', ['caseworker']);
  await owner(sql`
    with office as (insert into offices (tenant_id, name, street, postcode, city) values (${detmold.tenantId}, 'Bürgerbüro', 'Markt 1', '32756', 'Detmold') returning id)
    insert into office_members (tenant_id, office_id, user_id) select ${detmold.tenantId}, id, ${other.userId} from office`);
  assert.equal((await other.client.get(`/verwaltung/vorgaenge/${caseId}`)).statusCode, 404);
  assert.ok(!(await other.client.get('/verwaltung/vorgaenge')).body.includes(reference));
  const citizen = await signedInCitizen(t);
  assert.equal((await citizen.client.get('/verwaltung/vorgaenge')).statusCode, 403);
  assert.equal((await new TestClient(t.app).get('/verwaltung/vorgaenge')).statusCode, 303);
});

test('a caseworker works a case to its decision; the applicant is told, answers a query and sees the timeline', async () => {
  const applicant = new TestClient(t.app);
  const reference = await applyForSperrmuell(applicant, 'detmold', { vorname: 'Erika', nachname: 'Fragezeichen', email: 'frage@example.test' });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  const page = await worker.client.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Ein altes Klavier/, 'the answers as submitted');
  const viewed = await owner<{ actor_id: string }>(sql`select actor_id from audit_log where action = 'case.viewed' and subject_id = ${caseId}`);
  assert.deepEqual(viewed.map((row) => row.actor_id), [worker.userId], 'who saw the applicant\'s data is in the audit log');
  const path = (action: string) => `/verwaltung/vorgaenge/${caseId}/${action}`;

  const skipping = await worker.client.post(path('status'), { status: 'entschieden' });
  assert.equal(skipping.statusCode, 422, 'no decision before the examination');
  assert.match(skipping.body, /Dieser Statuswechsel ist nicht erlaubt/);
  assert.equal((await worker.client.post(path('status'), { status: 'in_pruefung' })).statusCode, 303);
  assert.equal((await worker.client.post(path('zuweisung'), { assignee: worker.userId })).statusCode, 303);
  assert.equal((await worker.client.post(path('zuweisung'), { assignee: '00000000-0000-0000-0000-000000000000' })).statusCode, 422);
  assert.equal((await worker.client.post(path('frist'), { due: '31.12.2099' })).statusCode, 303);
  assert.equal((await worker.client.post(path('frist'), { due: 'morgen' })).statusCode, 422);
  assert.equal((await worker.client.post(path('notiz'), { note: 'Intern: Klavier braucht zwei Personen' })).statusCode, 303);
  assert.equal((await worker.client.post(path('notiz'), { note: '   ' })).statusCode, 422);

  await t.drainOutbox();
  const mailsBefore = t.mails.length;
  assert.equal((await worker.client.post(path('nachricht'), { message: 'Bitte nennen Sie das Gewicht des Klaviers.', rueckfrage: 'ja' })).statusCode, 303);
  await t.drainOutbox();
  const notice = t.mails.slice(mailsBefore).find((mail) => mail.to === 'frage@example.test');
  assert.ok(notice, 'the applicant gets a notice');
  assert.ok(!notice.text.includes('Gewicht') && !notice.text.includes('Fragezeichen'), 'no message text, no name in the mail');
  const link = /http:\/\/portal\.test(\/antraege\/detmold\/[A-Z0-9-]+\?zugang=[A-Za-z0-9_-]{32})/.exec(notice.text)?.[1];
  assert.ok(link, notice.text);

  // The applicant on another device, through the link only.
  const phone = new TestClient(t.app);
  const status = await phone.get(link);
  assert.equal(status.statusCode, 200);
  assert.equal(status.headers['referrer-policy'], 'no-referrer');
  assert.match(status.body, /Rückfrage an Antragsteller/);
  assert.match(status.body, /Bitte nennen Sie das Gewicht des Klaviers\./);
  assert.ok(!status.body.includes('Klavier braucht zwei Personen'), 'internal notes stay internal');
  const token = new URL(link, 'http://x').searchParams.get('zugang') ?? '';
  const empty = await phone.post(`/antraege/detmold/${reference}/antwort`, { zugang: token, antwort: ' ' });
  assert.equal(empty.statusCode, 422);
  const answered = await phone.post(`/antraege/detmold/${reference}/antwort`, { zugang: token, antwort: 'Etwa 250 kg.' });
  assert.equal(answered.statusCode, 303);
  const [state] = await owner<{ status: string }>(sql`select status from cases where id = ${caseId}`);
  assert.equal(state?.status, 'in_pruefung', 'the answer ends the query');
  assert.match((await worker.client.get(`/verwaltung/vorgaenge/${caseId}`)).body, /Etwa 250 kg\./);

  // The sending browser sees the status page too; a stranger and a wrong secret do not.
  assert.equal((await applicant.get(`/antraege/detmold/${reference}`)).statusCode, 200);
  assert.equal((await new TestClient(t.app).get(`/antraege/detmold/${reference}`)).statusCode, 404);
  assert.equal((await new TestClient(t.app).get(`/antraege/detmold/${reference}?zugang=${'A'.repeat(32)}`)).statusCode, 404);
  assert.equal((await new TestClient(t.app).get(`/antraege/lemgo/${reference}?zugang=${token}`)).statusCode, 404, 'not under another tenant');
  const otherCitizen = await signedInCitizen(t);
  assert.equal((await otherCitizen.client.get(`/antraege/detmold/${reference}`)).statusCode, 404);

  assert.equal((await worker.client.post(path('status'), { status: 'entschieden' })).statusCode, 303);
  assert.equal((await worker.client.post(path('nachricht'), { message: 'Noch etwas' })).statusCode, 422, 'no messages after the decision');
  const withdraw = await applicant.post(`/antraege/detmold/${reference}/zurueckziehen`, { bestaetigung: 'ja' });
  assert.equal(withdraw.statusCode, 422, 'too late to withdraw');
  assert.equal((await worker.client.post(path('status'), { status: 'abgeschlossen' })).statusCode, 303);

  const kinds = await owner<{ kind: string; visible: boolean }>(sql`select kind, visible from case_events where case_id = ${caseId} order by seq`);
  assert.deepEqual(kinds.map((event) => event.kind), [
    'received', 'status_changed', 'assigned', 'due_changed', 'note', 'message_sent', 'status_changed', 'message_received', 'status_changed', 'status_changed', 'status_changed',
  ]);
  assert.equal(kinds.find((event) => event.kind === 'note')?.visible, false);
  const audited = await owner<{ action: string }>(sql`select action from audit_log where subject_type = 'case' and subject_id = ${caseId} and action like 'case.%' and action <> 'case.viewed'`);
  assert.equal(audited.length, kinds.length, 'every event audited');
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
  await assert.rejects(owner(sql`update case_events set kind = 'note' where case_id = ${caseId}`), /append-only/);
});

test('the applicant withdraws before the decision; a reader sees cases but cannot act', async () => {
  const citizen = await signedInCitizen(t);
  const reference = await applyForSperrmuell(citizen.client, 'detmold', { vorname: 'Rolf', nachname: 'Rückzug', email: citizen.email });
  await t.drainOutbox();
  const list = await citizen.client.get('/konto/antraege');
  assert.match(list.body, new RegExp(`href="/antraege/detmold/${reference}"`), 'Meine Anträge links the status page');
  const unconfirmed = await citizen.client.post(`/antraege/detmold/${reference}/zurueckziehen`, {});
  assert.equal(unconfirmed.statusCode, 422);
  assert.equal((await citizen.client.post(`/antraege/detmold/${reference}/zurueckziehen`, { bestaetigung: 'ja' })).statusCode, 303);
  const [state] = await owner<{ status: string }>(sql`select status from cases where reference = ${reference}`);
  assert.equal(state?.status, 'zurueckgezogen');

  const reader = await signedInStaff(t, 'detmold', ['reader']);
  const caseId = await caseIdOf(t, reference);
  const page = await reader.client.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Sie können diesen Vorgang ansehen, aber nicht bearbeiten/);
  assert.equal((await reader.client.post(`/verwaltung/vorgaenge/${caseId}/notiz`, { note: 'x' })).statusCode, 403);
});
