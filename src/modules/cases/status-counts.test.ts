import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { createTestApp, TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { statusCounts } from './inbox-query.ts';
import type { OfficeAccess } from './office-access.ts';
import { applyForSperrmuell, publishSperrmuell } from './test-support.ts';

let t: TestApp;
let detmold: { tenantId: string; officeId: string | undefined };

before(async () => {
  t = await createTestApp();
  detmold = await publishSperrmuell(t, 'detmold', 'Abfallberatung');
  await publishSperrmuell(t, 'lemgo');
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

/** The tabs' counts as the inbox reads them (kept counts, migration 0015). */
const kept = (tenantId: string, access: OfficeAccess, officeId?: string) =>
  t.db.transaction({ tenantId, userId: null }, async (tx) => Object.fromEntries((await statusCounts(tx, tenantId, officeId ? { officeId } : {}, access)).counts));

/** The same counted from the cases themselves. */
async function counted(tenantId: string, access: OfficeAccess, officeId?: string): Promise<Record<string, number>> {
  const rows = await owner<{ status: string; n: number }>(sql`
    select status, count(*)::int as n from cases
    where tenant_id = ${tenantId}
      ${access === 'all' ? sql`` : sql`and (office_id is null or office_id = any(${[...access]}::uuid[]))`}
      ${officeId ? sql`and office_id = ${officeId}::uuid` : sql``}
    group by status`);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

test('the inbox tab counts follow every new case, status change and office move, per tenant and office access', async () => {
  const people = [
    { vorname: 'Erika', nachname: 'Mustermann', email: 'erika@example.test' },
    { vorname: 'Max', nachname: 'Muster', email: 'max@example.test' },
    { vorname: 'Deniz', nachname: 'Yılmaz', email: 'deniz@example.test' },
  ];
  for (const person of people) await applyForSperrmuell(new TestClient(t.app), 'detmold', person);
  await applyForSperrmuell(new TestClient(t.app), 'lemgo', people[0]!);
  await t.drainOutbox();
  const officeId = detmold.officeId!;
  assert.deepEqual(await kept(detmold.tenantId, 'all'), { eingegangen: 3 });

  const [first, second] = await owner<{ id: string }>(sql`select id from cases where tenant_id = ${detmold.tenantId} order by received_at, id`);
  await owner(sql`update cases set status = 'in_pruefung' where id = ${first!.id}`);
  await owner(sql`update cases set office_id = null, status = 'rueckfrage' where id = ${second!.id}`);
  // An update that changes neither status nor office leaves the counts alone.
  await owner(sql`update cases set status = status, assignee_id = null where tenant_id = ${detmold.tenantId}`);

  for (const [access, office] of [['all', undefined], [[officeId], undefined], [[crypto.randomUUID()], undefined], ['all', officeId]] as const) {
    assert.deepEqual(await kept(detmold.tenantId, access, office), await counted(detmold.tenantId, access, office), `access ${String(access)}, office filter ${office ?? 'none'}`);
  }
  assert.deepEqual(await kept(detmold.tenantId, 'all'), { eingegangen: 1, in_pruefung: 1, rueckfrage: 1 });

  // RLS: the counts of another tenant are invisible in Detmold's scope.
  const lemgo = await owner<{ tenant_id: string }>(sql`select distinct tenant_id from cases where tenant_id <> ${detmold.tenantId}`);
  assert.equal(lemgo.length, 1);
  const foreign = await t.db.transaction({ tenantId: detmold.tenantId, userId: null }, (tx) => tx.query(sql`select * from case_status_counts where tenant_id = ${lemgo[0]!.tenant_id}`));
  assert.deepEqual(foreign, []);
});
