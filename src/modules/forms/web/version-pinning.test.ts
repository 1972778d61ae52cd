import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../../platform/db/sql.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { createForm, publishDraft, saveDraft } from '../store/index.ts';
import type { StaffScope } from '../store/index.ts';
import { fixture, staffOf } from '../store/test-support.ts';

let t: TestApp;
let staff: StaffScope;
let formId: string;
const base = '/detmold/antrag/sperrmuell-abholung';

before(async () => {
  t = await createTestApp();
  staff = await staffOf(t.db, 'detmold');
  formId = (await createForm(t.db, staff, fixture('sperrmuell'))).formId;
  await publishDraft(t.db, staff, formId);
});
after(() => t.close());

test('a draft stays on the version it was started with; two simultaneous submits make one submission', async () => {
  const client = new TestClient(t.app);
  await client.get(base);
  await client.post(base, {});

  // Version 2 renames a question while the citizen is filling in version 1.
  const v2 = fixture('sperrmuell');
  const firstField = v2.steps[0]?.fields[0];
  if (firstField) firstField.label = { de: 'Rufname', en: 'Given name' };
  await saveDraft(t.db, staff, formId, v2);
  await publishDraft(t.db, staff, formId);

  const page = await client.get(`${base}/schritt/kontakt`);
  assert.match(page.body, /Vorname/);
  assert.doesNotMatch(page.body, /Rufname/);
  const answers: [string, Record<string, string>][] = [
    ['kontakt', { vorname: 'Erika', nachname: 'Mustermann', telefon: '05231 123456' }],
    ['abholort', { 'abholanschrift.street': 'Marktplatz 5', 'abholanschrift.postcode': '32756', 'abholanschrift.place': 'Detmold' }],
    ['sperrmuellArt', { gegenstaende: 'matratzen', menge: '1' }],
  ];
  for (const [step, fields] of answers) assert.equal((await client.post(`${base}/schritt/${step}`, fields)).statusCode, 303, step);
  const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  assert.equal((await client.post(`${base}/schritt/termin`, { wunschtermin: day })).headers.location, `${base}/pruefen`);
  await client.get(`${base}/pruefen`);

  const [first, second] = await Promise.all([client.post(`${base}/absenden`, { erklaerung: 'ja' }), client.post(`${base}/absenden`, { erklaerung: 'ja' })]);
  assert.equal(first.statusCode, 303);
  assert.equal(second.headers.location, first.headers.location);
  const rows = await t.db.ownerTransaction((tx) => tx.query<{ version: number }>(sql`select version from submissions`));
  assert.deepEqual(rows.map((row) => row.version), [1]);
});
