import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { applyForSperrmuell, publishSperrmuell, sperrmuellBase } from '../../cases/test-support.ts';

let t: TestApp;
const base = sperrmuellBase('detmold');

before(async () => {
  t = await createTestApp();
  await publishSperrmuell(t, 'detmold');
});
after(() => t.close());

async function readyToSend(client: TestClient, email: string): Promise<string> {
  await client.get(base);
  await client.post(base, {});
  const day = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10).split('-').reverse().join('.');
  await client.post(`${base}/schritt/kontakt`, { vorname: 'Erika', nachname: 'Mustermann', email });
  await client.post(`${base}/schritt/abholort`, { 'abholanschrift.street': 'Marktplatz 5', 'abholanschrift.postcode': '32756', 'abholanschrift.place': 'Detmold' });
  await client.post(`${base}/schritt/sperrmuellArt`, { gegenstaende: 'moebel', menge: '1' });
  await client.post(`${base}/schritt/termin`, { wunschtermin: day });
  return (await client.get(`${base}/pruefen`)).body;
}

test('the check page offers a confirmation mail to the address given; a wrong address is a 422, the mail goes once and holds no answers', async () => {
  const client = new TestClient(t.app);
  const check = await readyToSend(client, 'erika@example.test');
  assert.match(check, /name="bestaetigungEmail" type="email" value="erika@example\.test"/, 'the answer is offered');
  assert.match(check, new RegExp(`href="${base}/speichern">Speichern und später fortsetzen`));

  const wrong = await client.post(`${base}/absenden`, { erklaerung: 'ja', bestaetigungEmail: 'erika(at)example' });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /href="#f-bestaetigungEmail">Bitte geben Sie eine E-Mail-Adresse im Format/);
  assert.match(wrong.body, /value="erika\(at\)example"/);

  const before = t.mails.length;
  const sent = await client.post(`${base}/absenden`, { erklaerung: 'ja', bestaetigungEmail: 'bestaetigung@example.test' });
  assert.equal(sent.statusCode, 303);
  await client.post(`${base}/absenden`, { erklaerung: 'ja', bestaetigungEmail: 'bestaetigung@example.test' });
  await t.drainOutbox();
  const mails = t.mails.slice(before).filter((mail) => mail.to === 'bestaetigung@example.test');
  assert.equal(mails.length, 1, 'one mail, even when "absenden" comes twice');
  const reference = /ANT-\d{4}-[A-Z0-9]{6}/.exec(String(sent.headers.location))?.[0] ?? '';
  assert.ok(mails[0]?.subject.includes(reference));
  assert.ok(mails[0]?.text.includes('Stadt Detmold') || mails[0]?.text.includes('Detmold'));
  assert.ok(!mails[0]?.text.includes('Mustermann') && !mails[0]?.text.includes('Marktplatz'), 'no answers in the mail');
});

test('an empty address means no confirmation mail', async () => {
  const before = t.mails.length;
  const reference = await applyForSperrmuell(new TestClient(t.app), 'detmold', { vorname: 'Ohne', nachname: 'Mail', email: 'ohne@example.test' });
  await t.drainOutbox();
  assert.ok(reference);
  assert.equal(t.mails.slice(before).filter((mail) => mail.subject.includes(reference)).length, 0);
});
