import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { createTestApp, TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { signedInStaff } from '../../platform/testing/signed-in.ts';
import { receiveTransfer } from './transfer.ts';
import { applyForSperrmuell, caseIdOf, publishSperrmuell } from './test-support.ts';

let t: TestApp;
let detmold: { tenantId: string; officeId: string | undefined };
let lemgo: { tenantId: string; officeId: string | undefined };

before(async () => {
  t = await createTestApp();
  detmold = await publishSperrmuell(t, 'detmold', 'Abfallberatung Detmold');
  lemgo = await publishSperrmuell(t, 'lemgo', 'Abfallberatung Lemgo');
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

test('a case handed to the responsible municipality arrives there once, with its answers and files; the applicant follows it', async () => {
  const applicant = new TestClient(t.app);
  const reference = await applyForSperrmuell(applicant, 'detmold', { vorname: 'Erika', nachname: 'Umzug', email: 'umzug@example.test' });
  await t.drainOutbox();
  const fromCaseId = await caseIdOf(t, reference);
  // A file of the application (its row; the bytes are shared by content address).
  await owner(sql`
    insert into attachments (tenant_id, draft_id, field_id, file_name, media_type, size, sha256, scan_result)
    select tenant_id, draft_id, 'nachweis', 'foto.png', 'image/png', 10, ${'c'.repeat(64)}, 'clean' from submissions where reference = ${reference}`);

  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  const page = await worker.client.get(`/verwaltung/vorgaenge/${fromCaseId}`);
  assert.match(page.body, /An andere Behörde abgeben/);
  const path = `/verwaltung/vorgaenge/${fromCaseId}/abgabe`;
  assert.equal((await worker.client.post(path, { tenant: lemgo.tenantId, transferReason: '' })).statusCode, 422);
  const self = await worker.client.post(path, { tenant: detmold.tenantId, transferReason: 'falsch' });
  assert.equal(self.statusCode, 422);
  assert.match(self.body, /Wählen Sie eine andere Behörde aus der Liste/);
  const handed = await worker.client.post(path, { tenant: lemgo.tenantId, transferReason: 'Wohnort liegt in Lemgo' });
  assert.equal(handed.statusCode, 303);
  const [from] = await owner<{ status: string; closed: boolean }>(sql`select status, closed_at is not null as closed from cases where id = ${fromCaseId}`);
  assert.deepEqual(from, { status: 'abgegeben', closed: true });
  assert.equal((await worker.client.post(path, { tenant: lemgo.tenantId, transferReason: 'noch einmal' })).statusCode, 422, 'a closed case is not handed on twice');

  await t.drainOutbox();
  const [to] = await owner<{ id: string; tenant_id: string; office_id: string; reference: string; status: string }>(sql`
    select id, tenant_id, office_id, reference, status from cases where tenant_id = ${lemgo.tenantId} and reference = ${reference}`);
  assert.ok(to, 'the case arrived');
  assert.deepEqual({ tenant: to.tenant_id, office: to.office_id, status: to.status }, { tenant: lemgo.tenantId, office: lemgo.officeId, status: 'eingegangen' });
  const files = await owner<{ sha256: string }>(sql`select a.sha256 from attachments a join submissions s on s.tenant_id = a.tenant_id and s.draft_id = a.draft_id
    where s.tenant_id = ${lemgo.tenantId} and s.reference = ${reference}`);
  assert.deepEqual(files.map((file) => file.sha256), ['c'.repeat(64)]);

  // Redelivered: nothing new.
  const payload = { fromTenantId: detmold.tenantId, fromCaseId, toTenantId: lemgo.tenantId, reason: 'x', notice: { baseUrl: 'http://portal.test', districtName: 'Kreis Lippe' } };
  assert.equal(await t.db.ownerTransaction((tx) => receiveTransfer(tx, payload)), to.id);
  assert.equal((await owner(sql`select 1 from cases where tenant_id = ${lemgo.tenantId} and reference = ${reference}`)).length, 1);

  // Lemgo's caseworker sees the answers as given to Detmold's form; Detmold's no longer has access there, and vice versa.
  const lemgoWorker = await signedInStaff(t, 'lemgo', ['caseworker']);
  const arrived = await lemgoWorker.client.get(`/verwaltung/vorgaenge/${to.id}`);
  assert.equal(arrived.statusCode, 200);
  assert.match(arrived.body, /Ein altes Klavier/);
  assert.match(arrived.body, /Von Alte Hansestadt Lemgo übernommen|Von Stadt Detmold übernommen|Von [^<]*Detmold[^<]* übernommen/);
  assert.equal((await worker.client.get(`/verwaltung/vorgaenge/${to.id}`)).statusCode, 404);
  assert.equal((await lemgoWorker.client.get(`/verwaltung/vorgaenge/${fromCaseId}`)).statusCode, 404);

  // The applicant: the old status page points on, the new one opens in the same browser, a mail brings its link.
  const old = await applicant.get(`/antraege/detmold/${reference}`);
  assert.match(old.body, /An andere Behörde abgegeben/);
  assert.match(old.body, new RegExp(`href="/antraege/lemgo/${reference}"`));
  assert.equal((await applicant.get(`/antraege/lemgo/${reference}`)).statusCode, 200);
  const mail = t.mails.filter((m) => m.to === 'umzug@example.test').find((m) => m.text.includes('/antraege/lemgo/'));
  assert.ok(mail, 'the applicant is told where it continues');
  assert.equal((await new TestClient(t.app).get(`/antraege/lemgo/${reference}`)).statusCode, 404);

  // Handed back: Detmold already knows the reference, so the copy gets a suffix.
  const back = await lemgoWorker.client.post(`/verwaltung/vorgaenge/${to.id}/abgabe`, { tenant: detmold.tenantId, transferReason: 'Doch Detmold' });
  assert.equal(back.statusCode, 303);
  await t.drainOutbox();
  const errors = await owner<{ topic: string; last_error: string }>(sql`select topic, last_error from outbox where last_error is not null`);
  assert.deepEqual(errors, []);
  assert.equal((await owner(sql`select 1 from cases where tenant_id = ${detmold.tenantId} and reference = ${`${reference}-2`}`)).length, 1);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});
