import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../../platform/db/sql.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { createForm, publishDraft } from '../store/index.ts';
import { fixture, staffOf } from '../store/test-support.ts';
import { formatDate } from '../runtime/dates.ts';
import { todayInGermany } from './published.ts';

let t: TestApp;
let tenantId: string;
const base = '/detmold/antrag/sperrmuell-abholung';

before(async () => {
  t = await createTestApp();
  const staff = await staffOf(t.db, 'detmold');
  tenantId = staff.tenantId;
  const sperrmuell = await createForm(t.db, staff, fixture('sperrmuell'));
  await publishDraft(t.db, staff, sperrmuell.formId);
  await createForm(t.db, staff, fixture('hundeanmeldung')); // stays a draft: never shown to citizens
});
after(() => t.close());

/** An ISO day `days` after today, as a citizen types it. */
function inDays(days: number): string {
  const day = new Date(`${todayInGermany()}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return formatDate(day.toISOString().slice(0, 10));
}

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

test('unknown tenant, unknown form and a form without published version are not found', async () => {
  const client = new TestClient(t.app);
  assert.equal((await client.get('/detmold/antrag/gibt-es-nicht')).statusCode, 404);
  assert.equal((await client.get('/nirgendwo/antrag/sperrmuell-abholung')).statusCode, 404);
  const hunde = fixture('hundeanmeldung').id;
  assert.equal((await client.get(`/detmold/antrag/${hunde}`)).statusCode, 404);
  assert.equal((await client.get(`${base}/schritt/kontakt`)).statusCode, 404, 'no draft in this browser');
});

test('a citizen fills in every step, checks the answers and submits exactly once', async () => {
  const client = new TestClient(t.app);
  const start = await client.get(base);
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /Sperrmüll abholen lassen/);
  const started = await client.post(base, {});
  assert.equal(started.statusCode, 303);
  assert.equal(started.headers.location, `${base}/schritt/kontakt`);

  assert.equal((await client.get(`${base}/schritt/termin`)).statusCode, 303, 'no skipping ahead');
  assert.equal((await client.get(`${base}/schritt/kontakt`)).statusCode, 200);
  const invalid = await client.post(`${base}/schritt/kontakt`, { vorname: 'Erika' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /Es gibt ein Problem/);
  assert.match(invalid.body, /Füllen Sie das Feld „Nachname“ aus\./);
  assert.match(invalid.body, /Geben Sie eine E-Mail-Adresse oder eine Telefonnummer an/);
  assert.match(invalid.body, /value="Erika"/, 'the input is shown again');

  const steps: [string, Record<string, string>, string][] = [
    ['kontakt', { vorname: 'Erika', nachname: 'Mustermann', email: 'erika@example.test' }, 'abholort'],
    ['abholort', { 'abholanschrift.street': 'Marktplatz 5', 'abholanschrift.postcode': '32756', 'abholanschrift.place': 'Detmold' }, 'sperrmuellArt'],
    ['sperrmuellArt', { gegenstaende: 'sonstiges', sonstigesBeschreibung: 'Ein Klavier', menge: '2,5' }, 'termin'],
    // Changed: "something else" is no longer ticked, so its description no longer applies.
    ['sperrmuellArt', { gegenstaende: 'moebel', sonstigesBeschreibung: 'Ein Klavier', menge: '2,5' }, 'termin'],
    ['termin', { wunschtermin: inDays(10) }, 'pruefen'],
  ];
  for (const [step, fields, next] of steps) {
    const response = await client.post(`${base}/schritt/${step}`, fields);
    assert.equal(response.statusCode, 303, `${step}: ${response.body.slice(0, 300)}`);
    assert.equal(response.headers.location, next === 'pruefen' ? `${base}/pruefen` : `${base}/schritt/${next}`);
  }

  const check = await client.get(`${base}/pruefen`);
  assert.equal(check.statusCode, 200);
  for (const shown of ['Erika', 'Mustermann', 'Marktplatz 5', '32756 Detmold', 'Möbel, zum Beispiel Schrank, Tisch, Sofa', '2,5']) assert.ok(check.body.includes(shown), shown);
  assert.ok(!check.body.includes('Klavier'), 'the hidden answer is not listed');
  assert.match(check.body, new RegExp(`href="${base}/schritt/abholort\\?von=pruefen">Ändern`));

  // A change from the check page returns there, not through the later steps.
  const changePage = await client.get(`${base}/schritt/kontakt?von=pruefen`);
  assert.match(changePage.body, new RegExp(`action="${base}/schritt/kontakt\\?von=pruefen"`));
  const changed = await client.post(`${base}/schritt/kontakt?von=pruefen`, { vorname: 'Erika', nachname: 'Musterfrau', email: 'erika@example.test' });
  assert.equal(changed.statusCode, 303);
  assert.equal(changed.headers.location, `${base}/pruefen`);
  assert.ok((await client.get(`${base}/pruefen`)).body.includes('Musterfrau'));

  const undeclared = await client.post(`${base}/absenden`, {});
  assert.equal(undeclared.statusCode, 422);
  assert.match(undeclared.body, /Bestätigen Sie die Erklärung/);

  const sent = await client.post(`${base}/absenden`, { erklaerung: 'ja' });
  assert.equal(sent.statusCode, 303);
  const receiptUrl = String(sent.headers.location);
  const reference = /\/eingang\/(ANT-\d{4}-[A-Z0-9]{6})$/.exec(receiptUrl)?.[1];
  assert.ok(reference, receiptUrl);
  const again = await client.post(`${base}/absenden`, { erklaerung: 'ja' });
  assert.equal(again.headers.location, receiptUrl, 'a repeated submit leads to the same receipt');

  const receipt = await client.get(receiptUrl);
  assert.equal(receipt.statusCode, 200);
  assert.ok(receipt.body.includes(reference));
  assert.equal((await client.get(`${base}/schritt/kontakt`)).statusCode, 404, 'a sent draft is closed');

  const rows = await owner<{ tenant_id: string; answers: Record<string, unknown>; reference: string }>(sql`select tenant_id, answers, reference from submissions`);
  assert.equal(rows.length, 1, 'exactly one submission');
  const [row] = rows;
  assert.equal(row?.tenant_id, tenantId);
  assert.deepEqual(row?.answers.gegenstaende, ['moebel']);
  assert.ok(row && !('sonstigesBeschreibung' in row.answers), 'the hidden branch is pruned');
  const audit = await owner<{ tenant_id: string }>(sql`select tenant_id from audit_log where action = 'submission.received' and data->>'reference' = ${reference}`);
  assert.deepEqual(audit.map((entry) => entry.tenant_id), [tenantId]);
  const jobs = await owner<{ tenant_id: string }>(sql`select tenant_id from outbox where topic = 'submission.received' and payload->>'reference' = ${reference}`);
  assert.deepEqual(jobs.map((job) => job.tenant_id), [tenantId]);

  const stranger = new TestClient(t.app);
  assert.equal((await stranger.get(receiptUrl)).statusCode, 404, 'another browser cannot see the receipt');
  await stranger.get(base);
  assert.equal((await stranger.get(`${base}/pruefen`)).statusCode, 404);
  assert.equal((await stranger.post(`${base}/absenden`, { erklaerung: 'ja' })).statusCode, 404);
  const strangerDraft = await stranger.post(base, {});
  assert.equal(strangerDraft.statusCode, 303, 'a stranger starts a draft of their own');
  assert.equal((await stranger.get(receiptUrl)).statusCode, 404);
});
