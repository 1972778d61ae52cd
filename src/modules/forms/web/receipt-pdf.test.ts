import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pdfInfo, pdfText } from '../../../platform/pdf/pdf-inspect.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { formatDate } from '../runtime/dates.ts';
import { createForm, publishDraft } from '../store/index.ts';
import { fixture, staffOf } from '../store/test-support.ts';
import { todayInGermany } from './published.ts';

let t: TestApp;
const base = '/detmold/antrag/sperrmuell-abholung';
let client: TestClient;
let receiptUrl: string;
let reference: string;

/** An ISO day `days` after today, as a citizen types it. */
function inDays(days: number): string {
  const day = new Date(`${todayInGermany()}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return formatDate(day.toISOString().slice(0, 10));
}

before(async () => {
  t = await createTestApp();
  // The same form published by two tenants: a reference of one is unknown to the other.
  for (const slug of ['detmold', 'lemgo']) {
    const staff = await staffOf(t.db, slug);
    const form = await createForm(t.db, staff, fixture('sperrmuell'));
    await publishDraft(t.db, staff, form.formId);
  }
  client = new TestClient(t.app);
  await client.get(base);
  await client.post(base, {});
  const steps: [string, Record<string, string>][] = [
    ['kontakt', { vorname: 'Erika', nachname: 'Mustermann', email: 'erika@example.test' }],
    ['abholort', { 'abholanschrift.street': 'Marktplatz 5', 'abholanschrift.postcode': '32756', 'abholanschrift.place': 'Detmold' }],
    ['sperrmuellArt', { gegenstaende: 'moebel', menge: '2,5' }],
    ['termin', { wunschtermin: inDays(10) }],
  ];
  for (const [step, fields] of steps) assert.equal((await client.post(`${base}/schritt/${step}`, fields)).statusCode, 303, step);
  await client.get(`${base}/pruefen`);
  const sent = await client.post(`${base}/absenden`, { erklaerung: 'ja' });
  receiptUrl = String(sent.headers.location);
  reference = /\/eingang\/(ANT-\d{4}-[A-Z0-9]{6})$/.exec(receiptUrl)?.[1] ?? '';
  assert.ok(reference, receiptUrl);
});
after(() => t.close());

const pdfUrl = () => `${receiptUrl}/eingangsbestaetigung.pdf`;

test('the receipt page links the Eingangsbestätigung', async () => {
  const page = await client.get(receiptUrl);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(`href="${base}/eingang/${reference}/eingangsbestaetigung.pdf"`), page.body);
  assert.match(page.body, /Eingangsbestätigung herunterladen \(PDF, barrierefrei\)/);
});

test('the sending browser downloads a tagged PDF with the reference and its answers, never cached', async () => {
  const response = await client.get(pdfUrl());
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'application/pdf');
  assert.equal(response.headers['content-disposition'], `attachment; filename="Eingangsbestaetigung-${reference}.pdf"`);
  assert.equal(response.headers['cache-control'], 'private, no-store');
  const pdf = response.rawPayload;
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = pdfText(pdf);
  for (const shown of ['Eingangsbestätigung', 'Stadt Detmold', 'Sperrmüll abholen lassen', reference, 'Erika', 'Mustermann', 'Marktplatz 5', '32756 Detmold', 'Möbel', '2,5', 'Wie geht es weiter?']) {
    assert.ok(text.includes(shown), `${shown} in\n${text}`);
  }
  assert.equal(pdfInfo(pdf).get('Tagged'), 'yes');
});

test('in English the receipt is English', async () => {
  const response = await client.get(pdfUrl(), { cookie: `kp_antrag=${client.cookie('kp_antrag')}; kp_lang=en` });
  assert.equal(response.statusCode, 200);
  const text = pdfText(response.rawPayload);
  assert.ok(text.includes('Acknowledgement of receipt'), text);
  assert.ok(text.includes('Book a bulky waste collection'), text);
});

test('another browser, no cookie, a wrong reference and another tenant get "not found"', async () => {
  const stranger = new TestClient(t.app);
  await stranger.post(base, {}); // even with a draft of its own
  assert.equal((await stranger.get(pdfUrl())).statusCode, 404);
  const bare = await t.app.inject({ method: 'GET', url: pdfUrl() });
  assert.equal(bare.statusCode, 404);
  assert.notEqual(bare.headers['content-type'], 'application/pdf');
  const wrong = reference.replace(/.$/, (last) => (last === '2' ? '3' : '2'));
  assert.equal((await client.get(`${base}/eingang/${wrong}/eingangsbestaetigung.pdf`)).statusCode, 404);
  assert.equal((await client.get(`/lemgo/antrag/sperrmuell-abholung/eingang/${reference}/eingangsbestaetigung.pdf`)).statusCode, 404);
});
