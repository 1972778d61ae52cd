import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from '../../../platform/db/sql.ts';
import { verifyAudit } from '../../../platform/audit/verify-audit.ts';
import { openBlobStore } from '../../../platform/blobs/open-blob-store.ts';
import { pdfText } from '../../../platform/pdf/pdf-inspect.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { signedInCitizen, signedInStaff } from '../../../platform/testing/signed-in.ts';
import { applyForSperrmuell, caseIdOf, publishSperrmuell, sperrmuellServiceKey } from '../test-support.ts';

let t: TestApp;
let detmold: { tenantId: string; officeId: string | undefined };

before(async () => {
  t = await createTestApp();
  detmold = await publishSperrmuell(t, 'detmold', 'Abfallberatung');
  // Lemgo publishes the form but has no offer: its cases have no case settings, so no four eyes.
  await publishSperrmuell(t, 'lemgo');
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));
const unescape = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
const textarea = (page: string, name: string) => unescape(new RegExp(`<textarea[^>]* name="${name}"[^>]*>([^<]*)</textarea>`).exec(page)?.[1] ?? '');
const stand = (page: string) => /name="stand" value="([^"]+)"/.exec(page)?.[1] ?? '';
const settingsUrl = `/verwaltung/vorgaenge/einstellungen/${sperrmuellServiceKey}`;
const template = 'Die Abholung von Sperrmüll am {antwort:wunschtermin} an der Anschrift {antwort:abholanschrift} wird genehmigt.';

test('a decision needs a second person where the service requires it: drafter cannot approve, another caseworker approves, the applicant gets the Bescheid', async () => {
  // The coordinator switches four eyes on and sets the template and 30 processing days.
  const coordinator = await signedInStaff(t, 'detmold', ['coordinator']);
  const list = await coordinator.client.get('/verwaltung/vorgaenge/einstellungen');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Sperrmüll Entsorgung/);
  assert.match(list.body, /Verwaltungsgericht Minden, Königswall 8, 32423 Minden/, 'the default for Kreis Lippe names its court');
  await coordinator.client.get(settingsUrl);
  const typo = await coordinator.client.post(settingsUrl, { fourEyes: 'ja', tenorDe: 'Genehmigt für {nmae}.', processingDays: '30' });
  assert.equal(typo.statusCode, 422);
  assert.match(typo.body, /unbekannten Platzhalter/);
  assert.equal((await coordinator.client.post(settingsUrl, { fourEyes: 'ja', tenorDe: template, processingDays: 'dreißig' })).statusCode, 422);
  assert.equal((await coordinator.client.post(settingsUrl, { fourEyes: 'ja', tenorDe: template, processingDays: '30' })).statusCode, 303);
  assert.match((await coordinator.client.get('/verwaltung/vorgaenge/einstellungen')).body, /30 Tage/);

  const applicant = await signedInCitizen(t);
  const reference = await applyForSperrmuell(applicant.client, 'detmold', { vorname: 'Berta', nachname: 'Bescheidlos', email: applicant.email });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  const [due] = await owner<{ days: number }>(sql`select extract(day from due_at - received_at)::int as days from cases where id = ${caseId}`);
  assert.equal(due?.days, 30, 'the processing days of the settings set the due date');

  const drafter = await signedInStaff(t, 'detmold', ['caseworker']);
  const approver = await signedInStaff(t, 'detmold', ['caseworker']);
  const base = `/verwaltung/vorgaenge/${caseId}/bescheid`;
  await drafter.client.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.equal((await drafter.client.post(`/verwaltung/vorgaenge/${caseId}/status`, { status: 'in_pruefung' })).statusCode, 303);
  assert.match((await drafter.client.get(`/verwaltung/vorgaenge/${caseId}`)).body, /href="\/verwaltung\/vorgaenge\/[^"]+\/bescheid">Bescheid entwerfen/);
  assert.equal((await drafter.client.post(`${base}/entwurf`, { outcome: 'vielleicht' })).statusCode, 422);
  assert.equal((await drafter.client.post(`${base}/entwurf`, { outcome: 'bewilligt', language: 'de' })).statusCode, 303);
  assert.equal((await drafter.client.post(`${base}/entwurf`, { outcome: 'bewilligt', language: 'de' })).statusCode, 422, 'one decision per case');

  const draftPage = await drafter.client.get(base);
  const tenor = textarea(draftPage.body, 'tenor');
  assert.match(tenor, /^Die Abholung von Sperrmüll am \d{2}\.\d{2}\.\d{4} an der Anschrift Marktplatz 5, 32756 Detmold wird genehmigt\.$/, tenor);
  const legalRemedy = textarea(draftPage.body, 'legalRemedy');
  assert.match(legalRemedy, /Klage beim Verwaltungsgericht Minden/);
  assert.ok(!draftPage.body.includes('value="erlassen"'), 'no direct issue under four eyes');
  const text = { outcome: 'bewilligt', tenor, reasons: '', legalRemedy };
  const direct = await drafter.client.post(base, { ...text, schritt: 'erlassen' });
  assert.equal(direct.statusCode, 422, 'issuing without approval is refused');
  assert.match(direct.body, /zweite Person/);
  assert.equal((await drafter.client.post(base, { ...text, schritt: 'vorlegen' })).statusCode, 303);

  // The drafter cannot approve: the page offers no approval, the route refuses, and so does the database.
  const ownPage = await drafter.client.get(base);
  assert.ok(!ownPage.body.includes('/bescheid/freigabe'));
  const own = await drafter.client.post(`${base}/freigabe`, { stand: '2000-01-01T00:00:00.000Z' });
  assert.equal(own.statusCode, 422);
  assert.match(own.body, /Vier-Augen-Prinzip muss eine andere Person/);
  await assert.rejects(owner(sql`update case_decisions set approved_by = drafted_by, approved_at = now() where case_id = ${caseId}`), /case_decisions_not_own_approval/);
  await assert.rejects(
    owner(sql`update case_decisions set four_eyes = false, status = 'issued', issued_at = now(), pdf_sha256 = ${'0'.repeat(64)} where case_id = ${caseId}`),
    /needs the approval of a second person/,
    'the settings\' four-eyes rule holds even if the row\'s own flag is lowered',
  );

  // Returned with a comment; the drafter revises and submits again. An approval of the old version is refused.
  const stalePage = await approver.client.get(base);
  const staleStand = stand(stalePage.body);
  assert.ok(staleStand);
  assert.equal((await approver.client.post(`${base}/rueckgabe`, { comment: '' })).statusCode, 422);
  assert.equal((await approver.client.post(`${base}/rueckgabe`, { comment: 'Bitte Begründung ergänzen.' })).statusCode, 303);
  const returned = await drafter.client.get(base);
  assert.match(returned.body, /Bitte Begründung ergänzen\./);
  const revised = { ...text, reasons: 'Die Abholung ist im Abfuhrbezirk möglich.' };
  assert.equal((await drafter.client.post(base, { ...revised, schritt: 'vorlegen' })).statusCode, 303);
  const stale = await approver.client.post(`${base}/freigabe`, { stand: staleStand });
  assert.equal(stale.statusCode, 422, 'approving a version one has not read is refused');

  const approvalPage = await approver.client.get(base);
  assert.match(approvalPage.body, /Die Abholung ist im Abfuhrbezirk möglich\./);
  assert.equal((await approver.client.post(`${base}/freigabe`, { stand: stand(approvalPage.body) })).statusCode, 303);

  const [decision] = await owner<{ id: string; status: string; drafted_by: string; approved_by: string; pdf_sha256: string }>(sql`
    select id, status, drafted_by, approved_by, pdf_sha256 from case_decisions where case_id = ${caseId}`);
  assert.ok(decision);
  assert.deepEqual({ status: decision.status, drafter: decision.drafted_by, approver: decision.approved_by }, { status: 'issued', drafter: drafter.userId, approver: approver.userId });
  const [state] = await owner<{ status: string }>(sql`select status from cases where id = ${caseId}`);
  assert.equal(state?.status, 'entschieden');

  const pdf = await openBlobStore(t.config).get(decision.pdf_sha256);
  const content = pdfText(pdf).replace(/\s+/g, ' ');
  for (const part of [reference, 'Bescheid', 'Stadt Detmold', 'Berta Bescheidlos', 'Marktplatz 5', 'wird genehmigt', 'Die Abholung ist im Abfuhrbezirk möglich.', 'Rechtsbehelfsbelehrung', 'Verwaltungsgericht Minden', 'Im Auftrag', 'Sachbearbeitung']) {
    assert.ok(content.includes(part), `the PDF says ${part}:\n${content}`);
  }
  const [outbox] = await owner<{ payload: Record<string, unknown> }>(sql`select payload from outbox where topic = 'case.decision_issued' and payload ->> 'caseId' = ${caseId}`);
  assert.deepEqual({ decisionId: outbox?.payload.decisionId, sha256: outbox?.payload.sha256 }, { decisionId: decision.id, sha256: decision.pdf_sha256 }, 'the E-Akte is told');

  // The applicant is told without personal data, and finds the Bescheid behind the link or the login.
  await t.drainOutbox();
  const mail = t.mails.filter((item) => item.to === applicant.email).at(-1);
  assert.ok(mail, 'the applicant gets a notice');
  assert.ok(mail.subject.includes('Entscheidung') && mail.subject.includes(reference), mail.subject);
  assert.ok(mail.text.includes(reference) && !/Bescheidlos|Berta|Marktplatz|genehmigt|Abfuhrbezirk/.test(mail.text), mail.text);
  const link = /http:\/\/portal\.test(\/antraege\/detmold\/[A-Z0-9-]+\?zugang=[A-Za-z0-9_-]{32})/.exec(mail.text)?.[1];
  assert.ok(link);
  const statusPage = await new TestClient(t.app).get(link);
  assert.match(statusPage.body, /Ihr Postfach/);
  const pdfHref = /href="([^"]+\/bescheid\.pdf\?zugang=[^"]+)"/.exec(statusPage.body)?.[1];
  assert.ok(pdfHref, 'the mailbox links the PDF with the secret');
  const download = await new TestClient(t.app).get(unescape(pdfHref));
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-type'], 'application/pdf');
  assert.equal(crypto.createHash('sha256').update(download.rawPayload).digest('hex'), decision.pdf_sha256);
  assert.equal((await applicant.client.get(`/antraege/detmold/${reference}/bescheid.pdf`)).statusCode, 200, 'signed in as the applicant');
  const retrievals = await owner<{ visible: boolean }>(sql`select visible from case_events where case_id = ${caseId} and kind = 'decision_retrieved'`);
  assert.deepEqual(retrievals, [{ visible: true }], 'the first retrieval is recorded once (§ 41 Abs. 2a VwVfG)');
  const staffCopy = await approver.client.get(`${base}.pdf`);
  assert.equal(staffCopy.statusCode, 200);
  assert.equal(crypto.createHash('sha256').update(staffCopy.rawPayload).digest('hex'), decision.pdf_sha256);

  // Issued means immutable, for everyone.
  await assert.rejects(owner(sql`update case_decisions set tenor = 'geändert' where id = ${decision.id}`), /immutable/);
  await assert.rejects(owner(sql`delete from case_decisions where id = ${decision.id}`), /immutable/);
  await assert.rejects(owner(sql`truncate case_decisions cascade`), /cannot be truncated/);
  assert.equal((await drafter.client.post(base, { ...revised, schritt: 'speichern' })).statusCode, 422);

  const events = await owner<{ kind: string; visible: boolean }>(sql`select kind, visible from case_events where case_id = ${caseId} and kind like 'decision%' order by seq`);
  assert.deepEqual(events.map((event) => event.kind), [
    'decision_drafted', 'decision_submitted', 'decision_returned', 'decision_saved', 'decision_submitted', 'decision_approved', 'decision_issued', 'decision_retrieved',
  ]);
  assert.deepEqual(events.filter((event) => event.visible).map((event) => event.kind), ['decision_issued', 'decision_retrieved'], 'drafts stay internal');
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('without four eyes a caseworker issues the decision directly; the text must be complete and the case examined', async () => {
  const client = new TestClient(t.app);
  const reference = await applyForSperrmuell(client, 'lemgo', { vorname: 'Dora', nachname: 'Direkt', email: 'dora@example.test' });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  // Lemgo's administrator words the tenant's Rechtsbehelfsbelehrung; new drafts start with it.
  const admin = await signedInStaff(t, 'lemgo', ['admin']);
  await admin.client.get('/verwaltung/vorgaenge/einstellungen');
  assert.equal((await admin.client.post('/verwaltung/vorgaenge/einstellungen/rechtsbehelf', { legalRemedyDe: ' ' })).statusCode, 422);
  const lemgoRemedy = 'Gegen diesen Bescheid der Alten Hansestadt Lemgo kann innerhalb eines Monats Klage beim Verwaltungsgericht Minden erhoben werden.';
  assert.equal((await admin.client.post('/verwaltung/vorgaenge/einstellungen/rechtsbehelf', { legalRemedyDe: lemgoRemedy, legalRemedyEn: '' })).statusCode, 303);
  const worker = await signedInStaff(t, 'lemgo', ['caseworker']);
  const base = `/verwaltung/vorgaenge/${caseId}/bescheid`;
  await worker.client.get(base);
  assert.equal((await worker.client.post(`${base}/entwurf`, { outcome: 'abgelehnt' })).statusCode, 303);
  const page = await worker.client.get(base);
  assert.ok(page.body.includes('value="erlassen"'));
  const tenor = textarea(page.body, 'tenor');
  assert.match(tenor, new RegExp(`Ihr Antrag vom \\d{2}\\.\\d{2}\\.\\d{4} \\(„Sperrmüll abholen lassen“, Aktenzeichen ${reference}\\) wird abgelehnt\\.`));
  const text = { outcome: 'abgelehnt', tenor, reasons: '', legalRemedy: textarea(page.body, 'legalRemedy') };
  assert.equal(text.legalRemedy, lemgoRemedy);

  const noReasons = await worker.client.post(base, { ...text, schritt: 'erlassen' });
  assert.equal(noReasons.statusCode, 422, '§ 39 VwVfG: a refusal needs reasons');
  assert.match(noReasons.body, /Begründen Sie die Entscheidung/);
  const reasons = 'Sperrmüll wird in Lemgo nur bis 3 m³ abgeholt.';
  const placeholder = await worker.client.post(base, { ...text, tenor: `${tenor} {antwort:gibtsnicht}`, reasons, schritt: 'erlassen' });
  assert.equal(placeholder.statusCode, 422);
  assert.match(placeholder.body, /Platzhalter/);
  const notExamined = await worker.client.post(base, { ...text, reasons, schritt: 'erlassen' });
  assert.equal(notExamined.statusCode, 422, 'a case is decided only from the examination (workflow)');
  assert.match(notExamined.body, /In Prüfung/);
  assert.equal((await worker.client.post(`/verwaltung/vorgaenge/${caseId}/status`, { status: 'in_pruefung' })).statusCode, 303);
  const mailsBefore = t.mails.length;
  assert.equal((await worker.client.post(base, { ...text, reasons, schritt: 'erlassen' })).statusCode, 303);

  const [decision] = await owner<{ status: string; approved_by: string | null; four_eyes: boolean; pdf_sha256: string }>(sql`
    select status, approved_by, four_eyes, pdf_sha256 from case_decisions where case_id = ${caseId}`);
  assert.deepEqual({ status: decision?.status, approvedBy: decision?.approved_by, fourEyes: decision?.four_eyes }, { status: 'issued', approvedBy: null, fourEyes: false });
  const [state] = await owner<{ status: string }>(sql`select status from cases where id = ${caseId}`);
  assert.equal(state?.status, 'entschieden');
  const content = pdfText(await openBlobStore(t.config).get(decision?.pdf_sha256 ?? '')).replace(/\s+/g, ' ');
  for (const part of [reference, 'Stadt Lemgo', 'Abgelehnt', 'wird abgelehnt', reasons, 'der Alten Hansestadt Lemgo', 'Im Auftrag']) assert.ok(content.includes(part), `${part}:\n${content}`);
  await t.drainOutbox();
  const notice = t.mails.slice(mailsBefore).find((mail) => mail.to === 'dora@example.test');
  assert.ok(notice && !notice.text.includes('Direkt') && !notice.text.includes('abgelehnt'), notice?.text);
  // The sending browser sees the Bescheid on its status page.
  assert.match((await client.get(`/antraege/lemgo/${reference}`)).body, /Bescheid herunterladen/);
  assert.equal((await client.get(`/antraege/lemgo/${reference}/bescheid.pdf`)).statusCode, 200);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('every decision and settings route is 404 for other tenants, other offices and strangers; readers cannot act', async () => {
  const applicant = new TestClient(t.app);
  const reference = await applyForSperrmuell(applicant, 'detmold', { vorname: 'Fritz', nachname: 'Fremd', email: 'fritz@example.test' });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  await worker.client.get(`/verwaltung/vorgaenge/${caseId}`);
  await worker.client.post(`/verwaltung/vorgaenge/${caseId}/status`, { status: 'in_pruefung' });
  await worker.client.post(`/verwaltung/vorgaenge/${caseId}/bescheid/entwurf`, { outcome: 'bewilligt' });
  const page = await worker.client.get(`/verwaltung/vorgaenge/${caseId}/bescheid`);
  assert.equal((await worker.client.post(`/verwaltung/vorgaenge/${caseId}/bescheid`, {
    outcome: 'bewilligt', tenor: textarea(page.body, 'tenor'), reasons: '', legalRemedy: textarea(page.body, 'legalRemedy'), schritt: 'vorlegen',
  })).statusCode, 303);

  const base = `/verwaltung/vorgaenge/${caseId}/bescheid`;
  const lemgo = await signedInStaff(t, 'lemgo', ['caseworker', 'admin']);
  const otherOffice = await signedInStaff(t, 'detmold', ['caseworker']);
  await owner(sql`
    with office as (insert into offices (tenant_id, name, street, postcode, city) values (${detmold.tenantId}, 'Ordnungsamt', 'Markt 1', '32756', 'Detmold') returning id)
    insert into office_members (tenant_id, office_id, user_id) select ${detmold.tenantId}, id, ${otherOffice.userId} from office`);
  for (const outsider of [lemgo, otherOffice]) {
    await outsider.client.get('/verwaltung/vorgaenge');
    assert.equal((await outsider.client.get(base)).statusCode, 404);
    assert.equal((await outsider.client.get(`${base}.pdf`)).statusCode, 404);
    for (const path of ['entwurf', '', 'freigabe', 'rueckgabe']) {
      const response = await outsider.client.post(path ? `${base}/${path}` : base, { outcome: 'bewilligt', tenor: 'x', legalRemedy: 'x', comment: 'x', stand: 'x', schritt: 'vorlegen' });
      assert.equal(response.statusCode, 404, `${path} for an outsider`);
    }
  }
  const [still] = await owner<{ status: string }>(sql`select status from case_decisions where case_id = ${caseId}`);
  assert.equal(still?.status, 'awaiting_approval', 'outsiders changed nothing');

  const reader = await signedInStaff(t, 'detmold', ['reader']);
  assert.equal((await reader.client.get(base)).statusCode, 200);
  assert.equal((await reader.client.post(`${base}/freigabe`, { stand: 'x' })).statusCode, 403);

  // Not issued yet: nobody gets a PDF, not even the applicant's own browser.
  assert.equal((await worker.client.get(`${base}.pdf`)).statusCode, 404);
  assert.equal((await applicant.get(`/antraege/detmold/${reference}/bescheid.pdf`)).statusCode, 404);
  assert.ok(!(await applicant.get(`/antraege/detmold/${reference}`)).body.includes('bescheid.pdf'), 'drafts never reach the applicant');
  const stranger = await signedInCitizen(t);
  assert.equal((await stranger.client.get(`/antraege/detmold/${reference}/bescheid.pdf`)).statusCode, 404);
  assert.equal((await new TestClient(t.app).get(`/antraege/detmold/${reference}/bescheid.pdf?zugang=${'A'.repeat(32)}`)).statusCode, 404);
  assert.equal((await applicant.get(`/antraege/lemgo/${reference}/bescheid.pdf`)).statusCode, 404, 'not under another tenant');

  // Settings: administrators and coordinators of the tenant only; services it does not offer do not exist.
  assert.equal((await worker.client.get('/verwaltung/vorgaenge/einstellungen')).statusCode, 403);
  assert.equal((await worker.client.post(settingsUrl, { fourEyes: '' })).statusCode, 403);
  assert.equal((await stranger.client.get('/verwaltung/vorgaenge/einstellungen')).statusCode, 403);
  assert.equal((await new TestClient(t.app).get('/verwaltung/vorgaenge/einstellungen')).statusCode, 303);
  assert.equal((await lemgo.client.get(settingsUrl)).statusCode, 404);
  assert.equal((await lemgo.client.post(settingsUrl, { fourEyes: '' })).statusCode, 404);
  assert.equal((await lemgo.client.get('/verwaltung/vorgaenge/einstellungen/99999999999999')).statusCode, 404);
  const [fourEyes] = await owner<{ four_eyes: boolean }>(sql`select four_eyes from case_settings where tenant_id = ${detmold.tenantId} and service_key = ${sperrmuellServiceKey}`);
  assert.equal(fourEyes?.four_eyes, true, 'Lemgo did not change Detmold\'s settings');
  assert.ok(!(await lemgo.client.get('/verwaltung/vorgaenge/einstellungen')).body.includes('Sperrmüll Entsorgung'));
});

test('row-level security keeps decisions and settings inside their tenant', async () => {
  const lemgo = await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'lemgo'`));
  const seen = await t.db.transaction({ tenantId: lemgo[0]?.id ?? null, userId: null }, async (tx) => ({
    decisions: await tx.query(sql`select 1 from case_decisions where tenant_id = ${detmold.tenantId}`),
    settings: await tx.query(sql`select 1 from case_settings where tenant_id = ${detmold.tenantId}`),
  }));
  assert.deepEqual(seen, { decisions: [], settings: [] });
  const unscoped = await t.db.transaction({ tenantId: null, userId: null }, (tx) => tx.query(sql`select 1 from case_decisions`));
  assert.deepEqual(unscoped, []);
  await assert.rejects(t.db.transaction({ tenantId: lemgo[0]?.id ?? null, userId: null }, (tx) => tx.query(sql`
    insert into case_settings (tenant_id, service_key, four_eyes) values (${detmold.tenantId}, ${sperrmuellServiceKey}, false)
    on conflict (tenant_id, service_key) do update set four_eyes = false`)), /row-level security|violates/);
});
