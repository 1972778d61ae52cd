/**
 * Uploads into the E-Akte pass the virus scanner (issue 6): with a real clamd and the test
 * signature for EICAR, an infected document is refused with a message, nothing is stored and the
 * refusal is audited; a clean one is stored and shown as checked.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { eicar, startTestClamd, type TestClamd } from '../../platform/scan/test-clamd.ts';
import { signedInStaff } from '../../platform/testing/signed-in.ts';
import { createTestApp, type TestApp, type TestClient } from '../../platform/testing/test-app.ts';
import { csrfOf, documentFields, positionId, postMultipart } from './test-support.ts';

let clamd: TestClamd;
let t: TestApp;
let manager: TestClient;
let tenantId: string;
before(async () => {
  clamd = await startTestClamd();
  t = await createTestApp({ CLAMAV_ADDRESS: clamd.address });
  ({ client: manager, tenantId } = await signedInStaff(t, 'lemgo', ['records_manager']));
});
after(async () => {
  await t?.close();
  await clamd?.close();
});

test('an EICAR upload into a file is refused with a message, stores nothing and is audited; a clean one is checked', async () => {
  const position = await positionId(t.db, tenantId, '02.10');
  await manager.get(`/verwaltung/akten/plan/${position}`);
  const created = await manager.post(`/verwaltung/akten/plan/${position}/akten`, { fileTitle: 'Eingänge mit Anhang' });
  assert.equal(created.statusCode, 303, created.body.slice(0, 500));
  const fileUrl = String(created.headers.location).replace(/\?.*$/, '');
  const page = await manager.get(fileUrl);
  const count = async () =>
    (await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from record_documents where tenant_id = ${tenantId}`)))[0]?.n ?? 0;
  const before = await count();

  const infected = await postMultipart(manager, `${fileUrl}/dokumente`, csrfOf(page), documentFields('Anhang'), { name: 'anhang.txt', data: eicar });
  assert.equal(infected.statusCode, 422);
  assert.match(infected.body, /Schadsoftware gefunden/);
  assert.equal(await count(), before, 'nothing was stored');
  const audited = await t.db.ownerTransaction((tx) => tx.query<{ action: string }>(sql`
    select action from audit_log where tenant_id = ${tenantId} and action like '%infected%'`));
  assert.ok(audited.length >= 1, 'the refusal is in the audit log');

  const clean = await postMultipart(manager, `${fileUrl}/dokumente`, csrfOf(page), documentFields('Anschreiben'), { name: 'brief.txt', data: Buffer.from('Sehr geehrte Damen und Herren,\nanbei der Antrag.\n') });
  assert.equal(clean.statusCode, 303);
  assert.equal(await count(), before + 1);
  const document = await manager.get(String(clean.headers.location));
  assert.match(document.body, /auf Schadsoftware geprüft/);
});
