/**
 * Notification of the Bescheid (§ 41 Abs. 2a VwVfG): the applicant's one-time consent on the
 * status page, the periodic task that decides portal or post, the back office's list "Bescheid
 * per Post versenden" with its action, and the inbox's counts and CSV export beside it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../../platform/db/sql.ts';
import { parseCsv } from '../../../platform/csv.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { signedInCitizen, signedInStaff } from '../../../platform/testing/signed-in.ts';
import { applyForSperrmuell, caseIdOf, issueGrantingDecision, publishSperrmuell } from '../test-support.ts';
import { deliveryVerdict, settleDecisionDeliveries } from './postal-delivery.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp();
  await publishSperrmuell(t, 'blomberg', 'Bürgerbüro');
  await publishSperrmuell(t, 'lage');
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));
const day = 86_400_000;

test('portal or post: consent and retrieval within ten days decide, as § 41 Abs. 2a VwVfG says', () => {
  const issuedAt = new Date('2026-03-02T10:00:00Z');
  const at = (days: number) => new Date(issuedAt.getTime() + days * day);
  const cases: [string, boolean | null, Date | null, Date, ReturnType<typeof deliveryVerdict>][] = [
    ['declined: by post at once', false, null, at(0.1), 'consent_declined'],
    ['declined, even when downloaded', false, at(1), at(2), 'consent_declined'],
    ['consent and retrieval: notified', true, at(3), at(4), 'portal_done'],
    ['consent, not yet retrieved, days left', true, null, at(9), 'wait'],
    ['consent, not retrieved in ten days', true, null, at(10.01), 'not_retrieved'],
    ['consent, retrieved too late', true, at(11), at(12), 'not_retrieved'],
    ['no answer yet, days left', null, at(1), at(5), 'wait'],
    ['no consent after ten days, even though downloaded', null, at(1), at(10.5), 'consent_missing'],
  ];
  for (const [name, consent, retrievedAt, now, expected] of cases) {
    assert.equal(deliveryVerdict({ consent, issuedAt, retrievedAt }, now), expected, name);
  }
});

/** A Blomberg case of a new applicant, examined by `worker`; the applicant reaches its status page in their own browser. */
async function examinedCase(worker: TestClient, name: string): Promise<{ applicant: TestClient; reference: string; caseId: string; page: string }> {
  const applicant = new TestClient(t.app);
  const reference = await applyForSperrmuell(applicant, 'blomberg', { vorname: 'Paula', nachname: name, email: `${name.toLowerCase()}@example.test` });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  await worker.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.equal((await worker.post(`/verwaltung/vorgaenge/${caseId}/status`, { status: 'in_pruefung' })).statusCode, 303);
  return { applicant, reference, caseId, page: `/antraege/blomberg/${reference}` };
}

test('the applicant chooses once how the Bescheid comes; the task puts cases without notification on the post list, where a caseworker records the dispatch', async () => {
  const worker = await signedInStaff(t, 'blomberg', ['caseworker']);
  const portal = await examinedCase(worker.client, 'Portalnutzerin');
  const post = await examinedCase(worker.client, 'Postfreundin');
  const silent = await examinedCase(worker.client, 'Schweigsam');

  const page = await portal.applicant.get(portal.page);
  assert.match(page.body, /<legend class="kern-label">Bescheid erhalten<\/legend>/);
  assert.match(page.body, /§ 41 Abs\. 2a Verwaltungsverfahrensgesetz/);
  const none = await portal.applicant.post(`${portal.page}/einwilligung`, {});
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /href="#f-einwilligung">Wählen Sie aus, wie Sie den Bescheid erhalten möchten/);
  assert.equal((await portal.applicant.post(`${portal.page}/einwilligung`, { einwilligung: 'ja' })).statusCode, 303);
  const chosen = await portal.applicant.get(`${portal.page}?hinweis=einwilligung`);
  assert.match(chosen.body, /Ihre Wahl wurde gespeichert\./);
  assert.match(chosen.body, /Sie haben am \d{2}\.\d{2}\.\d{4} eingewilligt, den Bescheid im Portal abzurufen\./);
  assert.ok(!chosen.body.includes('/einwilligung"'), 'the form is gone: a one-time choice');
  const again = await portal.applicant.post(`${portal.page}/einwilligung`, { einwilligung: 'nein' });
  assert.equal(again.statusCode, 422);
  assert.match(again.body, /Sie haben Ihre Wahl schon getroffen/);
  await post.applicant.get(post.page);
  assert.equal((await post.applicant.post(`${post.page}/einwilligung`, { einwilligung: 'nein' })).statusCode, 303);
  // Strangers learn nothing, whatever they send.
  const stranger = await signedInCitizen(t);
  await stranger.client.get('/blomberg/antrag/sperrmuell-abholung');
  assert.equal((await stranger.client.post(`${silent.page}/einwilligung`, { einwilligung: 'ja' })).statusCode, 404);
  assert.equal((await stranger.client.post(`${silent.page}/einwilligung`, {})).statusCode, 404);
  assert.equal((await new TestClient(t.app).get(silent.page)).statusCode, 404);
  const consents = await owner<{ reference: string; portal_consent: boolean | null }>(sql`select reference, portal_consent from cases where reference in (${portal.reference}, ${post.reference}, ${silent.reference}) order by reference`);
  assert.deepEqual(new Map(consents.map((row) => [row.reference, row.portal_consent])), new Map([[portal.reference, true], [post.reference, false], [silent.reference, null]]));
  const audited = await owner<{ data: { granted: boolean } }>(sql`select data from audit_log where action = 'case.portal_consent' and subject_id = ${portal.caseId}`);
  assert.deepEqual(audited.map((row) => row.data.granted), [true]);

  for (const item of [portal, post, silent]) await issueGrantingDecision(worker.client, item.caseId);
  const now = new Date();
  assert.equal(await settleDecisionDeliveries(t.db, now), 1, 'only the declined one at once');
  assert.equal(await settleDecisionDeliveries(t.db, now), 0, 'idempotent');
  // The applicant with consent downloads the Bescheid: notified through the portal.
  const pdf = await portal.applicant.get(`${portal.page}/bescheid.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(await settleDecisionDeliveries(t.db, now), 1);
  assert.equal(await settleDecisionDeliveries(t.db, new Date(now.getTime() + 11 * day)), 1, 'the silent one after ten days');
  const delivery = await owner<{ reference: string; decision_delivery: string; post_reason: string | null }>(sql`
    select reference, decision_delivery, post_reason from cases where reference in (${portal.reference}, ${post.reference}, ${silent.reference})`);
  assert.deepEqual(new Map(delivery.map((row) => [row.reference, [row.decision_delivery, row.post_reason]])), new Map([
    [portal.reference, ['portal_done', null]],
    [post.reference, ['post_required', 'consent_declined']],
    [silent.reference, ['post_required', 'consent_missing']],
  ]));

  // The back office: a count in the inbox, the list, the flag on the case.
  assert.match((await worker.client.get('/verwaltung/vorgaenge')).body, /href="\/verwaltung\/vorgaenge\/postversand">Bescheid per Post versenden: 2</);
  const list = await worker.client.get('/verwaltung/vorgaenge/postversand');
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes(post.reference) && list.body.includes(silent.reference) && !list.body.includes(portal.reference));
  assert.match(list.body, /Post gewählt/);
  assert.match(list.body, /keine Einwilligung/);
  assert.match(list.body, new RegExp(`href="/verwaltung/vorgaenge/${post.caseId}/bescheid.pdf"`));
  assert.match((await worker.client.get(`/verwaltung/vorgaenge/${silent.caseId}`)).body, /Der Bescheid muss per Post versandt werden\./);

  // Other tenants, other offices, readers.
  const lage = await signedInStaff(t, 'lage', ['caseworker', 'admin']);
  assert.ok(!(await lage.client.get('/verwaltung/vorgaenge/postversand')).body.includes(post.reference));
  assert.equal((await lage.client.post(`/verwaltung/vorgaenge/${post.caseId}/postversand`, {})).statusCode, 404);
  const otherOffice = await signedInStaff(t, 'blomberg', ['caseworker']);
  await owner(sql`
    with office as (insert into offices (tenant_id, name, street, postcode, city) values (${otherOffice.tenantId}, 'Bauamt', 'Markt 3', '32825', 'Blomberg') returning id)
    insert into office_members (tenant_id, office_id, user_id) select ${otherOffice.tenantId}, id, ${otherOffice.userId} from office`);
  assert.ok(!(await otherOffice.client.get('/verwaltung/vorgaenge/postversand')).body.includes(post.reference));
  assert.equal((await otherOffice.client.post(`/verwaltung/vorgaenge/${post.caseId}/postversand`, {})).statusCode, 404);
  const reader = await signedInStaff(t, 'blomberg', ['reader']);
  const readerList = await reader.client.get('/verwaltung/vorgaenge/postversand');
  assert.ok(readerList.body.includes(post.reference) && !readerList.body.includes('/postversand" novalidate'), 'readers see, without the button');
  assert.equal((await reader.client.post(`/verwaltung/vorgaenge/${post.caseId}/postversand`, {})).statusCode, 403);
  const citizen = await signedInCitizen(t);
  assert.equal((await citizen.client.get('/verwaltung/vorgaenge/postversand')).statusCode, 403);

  await worker.client.get('/verwaltung/vorgaenge/postversand');
  const sent = await worker.client.post(`/verwaltung/vorgaenge/${post.caseId}/postversand`, {});
  assert.equal(sent.statusCode, 303);
  assert.match((await worker.client.get('/verwaltung/vorgaenge/postversand?hinweis=vermerkt')).body, /Der Versand ist vermerkt\./);
  const twice = await worker.client.post(`/verwaltung/vorgaenge/${post.caseId}/postversand`, {});
  assert.equal(twice.statusCode, 422);
  assert.match(twice.body, /Dieser Bescheid steht nicht auf der Liste/);
  assert.equal((await worker.client.post(`/verwaltung/vorgaenge/${portal.caseId}/postversand`, {})).statusCode, 422, 'a notified one is not on the list');
  const statusPage = await post.applicant.get(post.page);
  assert.match(statusPage.body, /Der Bescheid wird Ihnen per Post zugeschickt\./);
  assert.match(statusPage.body, /Bescheid per Post versandt/);
  const posted = await owner<{ post_sent_by: string }>(sql`select post_sent_by from cases where id = ${post.caseId}`);
  assert.equal(posted[0]?.post_sent_by, worker.userId);
});

test('the inbox counts my open cases and the overdue ones per status, and exports the filtered list as CSV without answers', async () => {
  const worker = await signedInStaff(t, 'lage', ['caseworker']);
  const references: string[] = [];
  for (const name of ['Exportkandidat', 'Zweitfall']) {
    references.push(await applyForSperrmuell(new TestClient(t.app), 'lage', { vorname: 'Otto', nachname: name, email: `${name.toLowerCase()}@example.test` }, 'Ein Geheimschrank'));
  }
  await t.drainOutbox();
  const [mine, late] = await Promise.all(references.map((reference) => caseIdOf(t, reference)));
  await worker.client.get(`/verwaltung/vorgaenge/${mine}`);
  assert.equal((await worker.client.post(`/verwaltung/vorgaenge/${mine}/zuweisung`, { assignee: worker.userId })).statusCode, 303);
  await owner(sql`update cases set due_at = now() - interval '1 day' where id = ${late}`);

  const inbox = (await worker.client.get('/verwaltung/vorgaenge')).body;
  assert.match(inbox, /href="\/verwaltung\/vorgaenge\?zustaendig=ich">Mir zugewiesen: 1 offen</);
  assert.match(inbox, /href="\/verwaltung\/vorgaenge\?status=eingegangen&amp;ueberfaellig=ja" aria-label="Eingegangen: 1 überfällig"><span class="kern-badge kern-badge--danger">1 überfällig</);
  assert.ok(!(await worker.client.get('/verwaltung/vorgaenge?q=Exportkandidat')).body.includes('kern-badge--danger'), 'no badges that a search could not follow');
  const lage = (await owner<{ id: string }>(sql`select id from tenants where slug = 'lage'`))[0]?.id ?? '';
  const other = await signedInStaff(t, 'blomberg', ['admin']);
  assert.doesNotMatch((await other.client.get('/verwaltung/vorgaenge')).body, /überfällig<\/span>/, 'Lage\'s overdue case is not Blomberg\'s');

  const exported = await worker.client.get('/verwaltung/vorgaenge/export.csv?q=Exportkandidat');
  assert.equal(exported.statusCode, 200);
  assert.equal(exported.headers['content-type'], 'text/csv; charset=utf-8; header=present');
  assert.match(String(exported.headers['content-disposition']), /^attachment; filename="vorgaenge-\d{4}-\d{2}-\d{2}\.csv"$/);
  assert.ok(exported.body.startsWith('\uFEFFAktenzeichen;Antragsteller;Antrag;Status;Eingang;Frist\r\n'), exported.body.slice(0, 80));
  const rows = parseCsv(exported.body.replaceAll(';', ','));
  assert.deepEqual(rows.map((row) => [row.Aktenzeichen, row.Antragsteller, row.Status]), [[references[0], 'Otto Exportkandidat', 'Eingegangen']]);
  assert.ok(!exported.body.includes('Geheimschrank'), 'no answers');
  const all = await worker.client.get('/verwaltung/vorgaenge/export.csv?ueberfaellig=ja');
  assert.ok(all.body.includes(references[1] ?? '-') && !all.body.includes(references[0] ?? '-'));
  assert.match(all.body, /\(überfällig\)/);
  const audited = await owner<{ data: { rows: number; filters: string[] } }>(sql`select data from audit_log where action = 'case.inbox_exported' and tenant_id = ${lage} order by seq`);
  assert.deepEqual(audited.map((row) => [row.data.rows, row.data.filters]), [[1, ['q']], [1, ['ueberfaellig']]]);
  assert.equal((await worker.client.get('/verwaltung/vorgaenge/export.csv?von=31.02.2026')).statusCode, 303, 'a wrong date is explained on the inbox page');

  // Another tenant's export holds nothing of Lage; citizens and strangers get none.
  const foreign = await other.client.get('/verwaltung/vorgaenge/export.csv');
  assert.equal(foreign.statusCode, 200);
  assert.ok(references.every((reference) => !foreign.body.includes(reference)));
  assert.equal((await (await signedInCitizen(t)).client.get('/verwaltung/vorgaenge/export.csv')).statusCode, 403);
  assert.equal((await new TestClient(t.app).get('/verwaltung/vorgaenge/export.csv')).statusCode, 303, 'to the login');
});
