import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../../platform/db/sql.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { signedInCitizen } from '../../../platform/testing/signed-in.ts';
import { deleteExpiredDrafts } from '../../submissions/index.ts';
import { createForm, publishDraft } from '../store/index.ts';
import { fixture, staffOf } from '../store/test-support.ts';

let t: TestApp;
const base = '/detmold/antrag/sperrmuell-abholung';
const contact = { vorname: 'Erika', nachname: 'Mustermann', email: 'erika@example.test' };

before(async () => {
  t = await createTestApp();
  const staff = await staffOf(t.db, 'detmold');
  const form = await createForm(t.db, staff, fixture('sperrmuell'));
  await publishDraft(t.db, staff, form.formId);
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

async function startedDraft(client: TestClient): Promise<void> {
  await client.get(base);
  assert.equal((await client.post(base, {})).statusCode, 303);
  assert.equal((await client.post(`${base}/schritt/kontakt`, contact)).statusCode, 303);
}

test('an anonymous applicant gets a one-time link by e-mail and continues in another browser', async () => {
  const first = new TestClient(t.app);
  await startedDraft(first);
  const page = await first.get(`${base}/speichern`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Speichern und später fortsetzen/);

  const invalid = await first.post(`${base}/speichern`, { email: 'keine-adresse' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /href="#f-email">Bitte geben Sie eine E-Mail-Adresse im Format/);
  const empty = await first.post(`${base}/speichern`, { email: '' });
  assert.match(empty.body, /Geben Sie Ihre E-Mail-Adresse ein, damit wir Ihnen den Link schicken können/);

  const sent = await first.post(`${base}/speichern`, { email: 'erika@example.test' });
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `${base}/speichern/gesendet`);
  assert.equal((await first.get(`${base}/speichern/gesendet`)).statusCode, 200);
  await t.drainOutbox();
  const mail = t.mails.at(-1);
  assert.equal(mail?.to, 'erika@example.test');
  assert.match(mail?.subject ?? '', /Sperrmüll/);
  assert.ok(!mail?.text.includes('Mustermann'), 'no answers in the mail');
  const link = /http:\/\/portal\.test(\/\S+fortsetzen\?code=[A-Za-z0-9_-]{32})/.exec(mail?.text ?? '')?.[1];
  assert.ok(link, mail?.text);

  const second = new TestClient(t.app);
  const confirm = await second.get(link);
  assert.equal(confirm.statusCode, 200, 'opening the link changes nothing yet (mail scanners)');
  assert.equal((await first.get(`${base}/schritt/kontakt`)).statusCode, 200, 'still open in the first browser');
  const code = new URL(link, 'http://x').searchParams.get('code') ?? '';
  const resumed = await second.post(`${base}/fortsetzen`, { code });
  assert.equal(resumed.statusCode, 303);
  assert.equal(resumed.headers.location, `${base}/pruefen`);
  const next = await second.get(`${base}/pruefen`);
  assert.equal(next.headers.location, `${base}/schritt/abholort`, 'on to the first unanswered step');
  assert.match((await second.get(`${base}/schritt/kontakt`)).body, /value="Mustermann"/, 'the answers came along');
  assert.equal((await first.get(`${base}/schritt/kontakt`)).statusCode, 404, 'the draft left the first browser');

  const third = new TestClient(t.app);
  await third.get(link);
  const reused = await third.post(`${base}/fortsetzen`, { code });
  assert.equal(reused.statusCode, 410, 'a link works once');
  assert.match(reused.body, /Der Link funktioniert nicht mehr/);
  assert.equal((await third.get(`${base}/fortsetzen?code=kaputt`)).statusCode, 410);

  const actions = await owner<{ action: string }>(sql`select action from audit_log where action like 'draft.resume%' order by seq`);
  assert.deepEqual(actions.map((row) => row.action), ['draft.resume_link_sent', 'draft.resumed_by_link']);
});

test('the save page and the link request need an open draft in this browser', async () => {
  const stranger = new TestClient(t.app);
  await stranger.get(base);
  assert.equal((await stranger.get(`${base}/speichern`)).statusCode, 404);
  assert.equal((await stranger.post(`${base}/speichern`, { email: 'a@example.test' })).statusCode, 404);
});

test('"Meine Anträge" lists a signed-in citizen\'s drafts and submissions, and a draft continues on another device', async () => {
  const citizen = await signedInCitizen(t);
  await startedDraft(citizen.client);
  const list = await citizen.client.get('/konto/antraege');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Sperrmüll abholen lassen/);
  assert.match(list.body, /Stadt Detmold|Detmold/);
  const action = /action="(\/detmold\/antrag\/sperrmuell-abholung\/fortsetzen\/[0-9a-f-]{36})"/.exec(list.body)?.[1];
  assert.ok(action, list.body);

  // The same person signed in on a second device.
  const phone = new TestClient(t.app);
  await phone.get('/anmelden');
  assert.equal((await phone.post('/anmelden', { email: citizen.email, password: 'Passwort der Bürgerin 1' })).statusCode, 303);
  await phone.get('/konto/antraege');
  const moved = await phone.post(action, {});
  assert.equal(moved.statusCode, 303);
  assert.equal((await phone.get(`${base}/pruefen`)).headers.location, `${base}/schritt/abholort`);
  assert.equal((await citizen.client.get(`${base}/schritt/kontakt`)).statusCode, 404, 'the first device no longer has it');

  // Someone else signed in, and anonymous visitors, cannot take it.
  const other = await signedInCitizen(t);
  await other.client.get('/konto/antraege');
  assert.equal((await other.client.post(action, {})).statusCode, 404);
  assert.doesNotMatch((await other.client.get('/konto/antraege')).body, /Sperrmüll abholen lassen/);
  const anonymous = new TestClient(t.app);
  await anonymous.get(base);
  assert.equal((await anonymous.post(action, {})).statusCode, 404);
  assert.equal((await phone.post(`${base}/fortsetzen/keine-uuid`, {})).statusCode, 404);
  const signedOut = await anonymous.get('/konto/antraege');
  assert.equal(signedOut.statusCode, 303);
  assert.match(String(signedOut.headers.location), /^\/anmelden\?zurueck=/);

  // Finished on the phone: the list shows the submission with its receipt.
  assert.equal((await phone.post(`${base}/schritt/abholort`, { 'abholanschrift.street': 'Marktplatz 5', 'abholanschrift.postcode': '32756', 'abholanschrift.place': 'Detmold' })).statusCode, 303);
  assert.equal((await phone.post(`${base}/schritt/sperrmuellArt`, { gegenstaende: 'moebel', menge: '2' })).statusCode, 303);
  const day = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10).split('-').reverse().join('.');
  assert.equal((await phone.post(`${base}/schritt/termin`, { wunschtermin: day })).statusCode, 303);
  await phone.get(`${base}/pruefen`);
  const sent = await phone.post(`${base}/absenden`, { erklaerung: 'ja' });
  assert.equal(sent.statusCode, 303);
  const reference = /ANT-\d{4}-[A-Z0-9]{6}/.exec(String(sent.headers.location))?.[0] ?? '';
  const after = await citizen.client.get('/konto/antraege');
  assert.ok(after.body.includes(reference), 'the submission is listed on every device');
  assert.match(after.body, /Sie haben keine angefangenen Anträge/);
  assert.equal((await citizen.client.get(String(sent.headers.location))).statusCode, 200, 'the applicant sees the receipt from any device');
  assert.ok(!(await other.client.get('/konto/antraege')).body.includes(reference));
});

test('expired drafts are deleted with an audit entry, and their links stop working', async () => {
  const client = new TestClient(t.app);
  await startedDraft(client);
  await client.get(`${base}/speichern`);
  await client.post(`${base}/speichern`, { email: 'spaeter@example.test' });
  await t.drainOutbox();
  const code = /code=([A-Za-z0-9_-]{32})/.exec(t.mails.at(-1)?.text ?? '')?.[1] ?? '';
  await owner(sql`update form_drafts set expires_at = now() - interval '1 minute'`);
  const sent = await owner<{ count: number }>(sql`select count(*)::int as count from form_drafts where submitted_at is not null`);
  assert.ok((sent[0]?.count ?? 0) > 0, 'a sent draft is among the expired ones');
  const before = await owner<{ count: number }>(sql`select count(*)::int as count from form_drafts`);
  const deleted = await deleteExpiredDrafts(t.db);
  assert.ok(deleted >= 1);
  const left = await owner<{ count: number }>(sql`select count(*)::int as count from form_drafts where expires_at <= now() and submitted_at is null`);
  assert.equal(left[0]?.count, 0);
  const kept = await owner<{ count: number }>(sql`select count(*)::int as count from form_drafts where submitted_at is not null`);
  assert.equal(kept[0]?.count, sent[0]?.count, 'sent drafts keep their attachments');
  assert.ok((before[0]?.count ?? 0) > 0);
  const audit = await owner<{ data: { count: number } }>(sql`select data from audit_log where action = 'drafts.expired'`);
  assert.equal(audit.reduce((sum, row) => sum + row.data.count, 0), deleted);
  assert.equal(await deleteExpiredDrafts(t.db), 0, 'running again finds nothing');
  const other = new TestClient(t.app);
  await other.get(`${base}/fortsetzen?code=${code}`);
  assert.equal((await other.post(`${base}/fortsetzen`, { code })).statusCode, 410);
});
