import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../../platform/db/sql.ts';
import { verifyAudit } from '../../../platform/audit/verify-audit.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { signedInStaff } from '../../../platform/testing/signed-in.ts';
import { createApiClient } from '../api/client-store.ts';
import { applyForSperrmuell, caseIdOf, noticeLinkFor, publishSperrmuell, sperrmuellServiceKey } from '../test-support.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp();
  await publishSperrmuell(t, 'detmold', 'Abfallberatung');
  await publishSperrmuell(t, 'lemgo', 'Bürgerbüro');
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));
const modelPath = `/verwaltung/vorgaenge/einstellungen/${sperrmuellServiceKey}/ablauf`;

/** The form fields of a model: rows of steps (name, English name, shown to the applicant) and the switches. */
function modelForm(steps: { de: string; en?: string; shown?: boolean; key?: string; position?: string }[], switches: { queries?: boolean; anyOrder?: boolean; directDecision?: boolean } = {}): Record<string, string> {
  const fields: Record<string, string> = {};
  steps.forEach((step, index) => {
    fields[`step-${index}-key`] = step.key ?? '';
    fields[`step-${index}-de`] = step.de;
    fields[`step-${index}-en`] = step.en ?? '';
    fields[`step-${index}-position`] = step.position ?? String(index + 1);
    if (step.shown !== false) fields[`step-${index}-shown`] = 'ja';
  });
  if (switches.queries !== false) fields.queries = 'ja';
  if (switches.anyOrder) fields.anyOrder = 'ja';
  if (switches.directDecision) fields.directDecision = 'ja';
  return fields;
}

test('an administrator sets the work steps of a service: versions, audit, clear errors, and no one else may', async () => {
  const admin = await signedInStaff(t, 'detmold', ['admin']);
  const page = await admin.client.get(modelPath);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Noch kein eigener Ablauf/);

  const bad = await admin.client.post(modelPath, modelForm([{ de: 'Prüfen' }, { de: 'prüfen' }, { de: '', en: 'Visit' }, { de: 'Ortstermin', position: 'x' }]));
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Schritt 2: Diesen Namen hat schon ein anderer Schritt/);
  assert.match(bad.body, /Schritt 3: Geben Sie zuerst den deutschen Namen ein/);
  assert.match(bad.body, /Schritt 4: Geben Sie als Position eine ganze Zahl von 1 bis 99 ein/);
  assert.match(bad.body, /value="Visit"/, 'what was entered is shown again');
  assert.equal((await owner(sql`select 1 from case_status_models`)).length, 0, 'nothing stored');

  const saved = await admin.client.post(modelPath, modelForm([
    { de: 'Unterlagen prüfen', en: 'Checking documents' },
    { de: 'Abstimmung Bauhof', shown: false },
    { de: 'Abholtermin planen', en: 'Planning the collection' },
  ]));
  assert.equal(saved.statusCode, 303);
  assert.match((await admin.client.get(saved.headers.location as string)).body, /Der Ablauf ist gespeichert \(Fassung 1\)/);
  const again = await admin.client.post(modelPath, modelForm([
    { de: 'Unterlagen prüfen', en: 'Checking documents', key: 'unterlagen-pruefen' },
    { de: 'Abstimmung Bauhof', shown: false, key: 'abstimmung-bauhof' },
    { de: 'Abholtermin planen', en: 'Planning the collection', key: 'abholtermin-planen' },
  ]));
  assert.match(again.headers.location as string, /hinweis=unveraendert/, 'the same model makes no new version');
  const [stored] = await owner<{ version: number; steps: { key: string; labelDe: string; shownToApplicant: boolean }[] }>(sql`
    select version, steps from case_status_models where service_key = ${sperrmuellServiceKey}`);
  assert.equal(stored?.version, 1);
  assert.deepEqual(stored?.steps.map((step) => [step.key, step.shownToApplicant]), [['unterlagen-pruefen', true], ['abstimmung-bauhof', false], ['abholtermin-planen', true]]);
  const audit = await owner<{ data: { version: number } }>(sql`select data from audit_log where action = 'case_settings.status_model_changed'`);
  assert.deepEqual(audit.map((row) => row.data.version), [1]);
  assert.match((await admin.client.get('/verwaltung/vorgaenge/einstellungen')).body, /3 Schritte \(Fassung 1\)/);

  // Caseworkers may not, another tenant's administrator sees its own (default) model, an unknown service is 404.
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  assert.equal((await worker.client.get(modelPath)).statusCode, 403);
  const lemgo = await signedInStaff(t, 'lemgo', ['admin']);
  assert.match((await lemgo.client.get(modelPath)).body, /Noch kein eigener Ablauf/);
  assert.equal((await lemgo.client.get('/verwaltung/vorgaenge/einstellungen/99001009004099/ablauf')).statusCode, 404);
  assert.equal((await lemgo.client.get('/verwaltung/vorgaenge/einstellungen/kaputt/ablauf')).statusCode, 404);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('a case follows the steps of its version: in order, queries return to their step, the applicant sees only shown steps', async () => {
  const admin = await signedInStaff(t, 'lemgo', ['admin']);
  await admin.client.get(modelPath);
  assert.equal((await admin.client.post(modelPath, modelForm([
    { de: 'Unterlagen prüfen', en: 'Checking documents' },
    { de: 'Abstimmung Bauhof', shown: false },
    { de: 'Abholtermin planen', en: 'Planning the collection' },
  ]))).statusCode, 303);

  const applicant = new TestClient(t.app);
  const reference = await applyForSperrmuell(applicant, 'lemgo', { vorname: 'Stefan', nachname: 'Schrittweise', email: 'schritt@example.test' });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  const worker = await signedInStaff(t, 'lemgo', ['caseworker']);
  const path = (action: string) => `/verwaltung/vorgaenge/${caseId}/${action}`;
  const page = await worker.client.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.match(page.body, /<option value="in_pruefung:unterlagen-pruefen">In Prüfung – Unterlagen prüfen<\/option>/);
  const state = async () => (await owner<{ status: string; status_step: string | null; status_model_version: number }>(sql`
    select status, status_step, status_model_version from cases where id = ${caseId}`))[0];
  assert.equal((await state())?.status_model_version, 1);

  // Later versions apply to later cases only.
  assert.equal((await admin.client.post(modelPath, modelForm([{ de: 'Alles in einem' }], { anyOrder: true }))).statusCode, 303);

  assert.equal((await worker.client.post(path('status'), { status: 'in_pruefung:abholtermin-planen' })).statusCode, 422, 'no skipping ahead');
  assert.equal((await worker.client.post(path('status'), { status: 'in_pruefung' })).statusCode, 303, 'the phase alone means the next step');
  assert.deepEqual(await state(), { status: 'in_pruefung', status_step: 'unterlagen-pruefen', status_model_version: 1 });
  assert.equal((await worker.client.post(path('status'), { status: 'entschieden' })).statusCode, 422, 'no decision before the last step');
  assert.equal((await worker.client.post(path('status'), { status: 'in_pruefung:alles-in-einem' })).statusCode, 422, 'a step of a later version does not exist here');
  assert.equal((await worker.client.post(path('status'), { status: 'in_pruefung:abstimmung-bauhof' })).statusCode, 303);

  // A query keeps the step; the applicant's answer returns the case to it.
  assert.equal((await worker.client.post(path('nachricht'), { message: 'Wie schwer ist das Klavier?', rueckfrage: 'ja' })).statusCode, 303);
  assert.deepEqual(await state(), { status: 'rueckfrage', status_step: 'abstimmung-bauhof', status_model_version: 1 });
  const link = await noticeLinkFor(t, 'schritt@example.test', /Neue Nachricht/);
  const phone = new TestClient(t.app);
  const status = await phone.get(link.path);
  assert.equal(status.statusCode, 200);
  assert.ok(!status.body.includes('Abstimmung Bauhof'), 'a step the applicant is not shown stays internal');
  assert.match(status.body, /In Prüfung – Unterlagen prüfen/, 'a shown step is on the timeline');
  assert.equal((await phone.post(`/antraege/lemgo/${reference}/antwort`, { zugang: link.token, antwort: 'Etwa 250 kg.' })).statusCode, 303);
  assert.deepEqual(await state(), { status: 'in_pruefung', status_step: 'abstimmung-bauhof', status_model_version: 1 });

  // Back one step, forward again, to the last step; then the decision is allowed, and the applicant sees the step in English.
  assert.equal((await worker.client.post(path('status'), { status: 'in_pruefung:unterlagen-pruefen' })).statusCode, 303);
  assert.equal((await worker.client.post(path('status'), { status: 'in_pruefung:abstimmung-bauhof' })).statusCode, 303);
  await t.drainOutbox();
  assert.equal((await worker.client.post(path('status'), { status: 'in_pruefung:abholtermin-planen' })).statusCode, 303);
  // Every notice carries a new secret (notify-applicant.ts): the newest link opens the page.
  const latest = await noticeLinkFor(t, 'schritt@example.test', /Neuer Stand/);
  await phone.get(`/sprache/en?zurueck=${encodeURIComponent(latest.path)}`);
  const english = await phone.get(latest.path);
  assert.match(english.body, /Planning the collection/);
  const staffPage = (await worker.client.get(`/verwaltung/vorgaenge/${caseId}`)).body;
  assert.match(staffPage, /<option value="entschieden">Entschieden<\/option>/);
  assert.match(staffPage, /In Prüfung – Abstimmung Bauhof/, 'staff see every step on the timeline');
  const events = await owner<{ visible: boolean; data: { to: string; toStep?: { key: string } } }>(sql`
    select visible, data from case_events where case_id = ${caseId} and kind = 'status_changed' order by seq`);
  assert.deepEqual(events.map((event) => [event.data.to, event.data.toStep?.key ?? null, event.visible]), [
    ['in_pruefung', 'unterlagen-pruefen', true],
    ['in_pruefung', 'abstimmung-bauhof', false],
    ['rueckfrage', 'abstimmung-bauhof', true],
    ['in_pruefung', 'abstimmung-bauhof', true],
    ['in_pruefung', 'unterlagen-pruefen', true],
    ['in_pruefung', 'abstimmung-bauhof', false],
    ['in_pruefung', 'abholtermin-planen', true],
  ]);
  assert.equal((await worker.client.post(path('status'), { status: 'entschieden' })).statusCode, 303);

  // The next case of the service follows version 2: any order, one step.
  const next = await applyForSperrmuell(new TestClient(t.app), 'lemgo', { vorname: 'Nora', nachname: 'Neu', email: 'neu@example.test' });
  await t.drainOutbox();
  const [second] = await owner<{ status_model_version: number }>(sql`select status_model_version from cases where reference = ${next}`);
  assert.equal(second?.status_model_version, 2);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('without queries, a query is refused with a message and nothing changes', async () => {
  const admin = await signedInStaff(t, 'detmold', ['admin']);
  await admin.client.get(modelPath);
  assert.equal((await admin.client.post(modelPath, modelForm([{ de: 'Prüfen' }], { queries: false, directDecision: true }))).statusCode, 303);
  const reference = await applyForSperrmuell(new TestClient(t.app), 'detmold', { vorname: 'Otto', nachname: 'Ohnefrage', email: 'ohne@example.test' });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  await worker.client.get(`/verwaltung/vorgaenge/${caseId}`);
  const query = await worker.client.post(`/verwaltung/vorgaenge/${caseId}/nachricht`, { message: 'Noch eine Frage', rueckfrage: 'ja' });
  assert.equal(query.statusCode, 422);
  assert.equal((await owner(sql`select 1 from case_messages where case_id = ${caseId}`)).length, 0);
  assert.equal((await worker.client.post(`/verwaltung/vorgaenge/${caseId}/status`, { status: 'entschieden' })).statusCode, 303, 'a decision straight after receipt');
});

test('the case API names the step and the allowed moves, and moves a case to a named step', async () => {
  const admin = await signedInStaff(t, 'detmold', ['admin']);
  await admin.client.get(modelPath);
  assert.equal((await admin.client.post(modelPath, modelForm([{ de: 'Erfassen' }, { de: 'Bewerten' }]))).statusCode, 303);
  const reference = await applyForSperrmuell(new TestClient(t.app), 'detmold', { vorname: 'Ada', nachname: 'Apischritt', email: 'ada@example.test' });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  const created = await createApiClient(t.db, { tenantId: admin.tenantId, userId: admin.userId }, { name: 'Fachverfahren Abfall', access: 'act', officeIds: [] });
  assert.equal(created.kind, 'created');
  const token = created.kind === 'created' ? created.token : '';
  const call = (method: 'GET' | 'POST', url: string, body?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}) });
  const detail = async () => (await call('GET', `/api/v1/cases/${caseId}`)).json() as { status: string; step: string | null; transitions: { status: string; step: string | null }[] };
  assert.deepEqual((await detail()).transitions, [{ status: 'in_pruefung', step: 'erfassen' }, { status: 'rueckfrage', step: null }, { status: 'zurueckgezogen', step: null }]);
  assert.equal((await call('POST', `/api/v1/cases/${caseId}/status`, { status: 'in_pruefung', step: 'bewerten' })).statusCode, 400, 'no skipping ahead');
  const moved = await call('POST', `/api/v1/cases/${caseId}/status`, { status: 'in_pruefung' });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal(moved.json().step, 'erfassen');
  assert.equal((await call('POST', `/api/v1/cases/${caseId}/status`, { status: 'in_pruefung', step: 'bewerten' })).statusCode, 200);
  const now = await detail();
  assert.deepEqual([now.status, now.step], ['in_pruefung', 'bewerten']);
  assert.ok(now.transitions.some((target) => target.status === 'entschieden'), 'the decision after the last step');
});
