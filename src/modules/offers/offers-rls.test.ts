import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { noScope, type Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { createOffersTestApp, type OffersTestApp } from './test-support.ts';

let t: OffersTestApp;
let detmold: string;
let lemgo: string;
before(async () => {
  t = await createOffersTestApp();
  detmold = t.tenantId('detmold');
  lemgo = t.tenantId('lemgo');
  // A draft of Lemgo that only Lemgo may see.
  await t.db.ownerTransaction((tx) => tx.query(sql`update offers set published = false where tenant_id = ${lemgo} and service_key = '99102013000000'`));
});
after(() => t.close());

/** An app-role transaction of Detmold (RLS applies; the owner would bypass it). */
const asDetmold = <T>(work: (tx: Queryable) => Promise<T>) => t.db.transaction({ tenantId: detmold, userId: null }, work);

async function lemgoFees(): Promise<string> {
  const rows = await t.db.ownerTransaction((tx) =>
    tx.query<{ key: string; fee: number | null }>(sql`select service_key as key, fee_cents as fee from offers where tenant_id = ${lemgo} order by service_key`),
  );
  return JSON.stringify(rows);
}

test('an unscoped update or delete as the app role in Detmold reaches only Detmold\'s rows', async () => {
  const before = await lemgoFees();
  const updated = await asDetmold((tx) => tx.query<{ tenant_id: string }>(sql`update offers set fee_cents = 1 returning tenant_id`));
  assert.ok(updated.length > 0);
  assert.ok(updated.every((row) => row.tenant_id === detmold));
  const deleted = await asDetmold((tx) => tx.query(sql`delete from offers where tenant_id = ${lemgo} returning service_key`));
  assert.equal(deleted.length, 0);
  const officesTouched = await asDetmold((tx) => tx.query(sql`update offices set name = name || ' (x)' where tenant_id = ${lemgo} returning id`));
  assert.equal(officesTouched.length, 0);
  assert.equal(await lemgoFees(), before);
});

test('Detmold cannot insert rows for Lemgo or move its rows to Lemgo', async () => {
  await assert.rejects(
    asDetmold((tx) => tx.query(sql`insert into offers (tenant_id, service_key) values (${lemgo}, '99012001001000')`)),
    /row-level security/,
  );
  await assert.rejects(
    asDetmold((tx) => tx.query(sql`update offers set tenant_id = ${lemgo} where service_key = '99115005104000'`)),
    /row-level security|violates foreign key/,
  );
  await assert.rejects(
    asDetmold((tx) => tx.query(sql`insert into offices (tenant_id, name, street, postcode, city) values (${lemgo}, 'Fremd', 'Weg 1', '32657', 'Lemgo')`)),
    /row-level security/,
  );
  // An office of another tenant cannot be named either: the foreign key includes tenant_id.
  const lemgoOffice = (await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from offices where tenant_id = ${lemgo} limit 1`)))[0]!.id;
  await assert.rejects(
    asDetmold((tx) => tx.query(sql`update offers set office_id = ${lemgoOffice} where service_key = '99115005104000'`)),
    /foreign key/,
  );
});

test('reads: everyone sees published rows of every tenant; drafts only in their own tenant', async () => {
  const anonymous = await t.db.transaction(noScope, (tx) =>
    tx.query<{ n: number; tenants: number }>(sql`select count(*)::int as n, count(distinct tenant_id)::int as tenants from offers`),
  );
  assert.equal(anonymous[0]!.tenants, 17);
  const draft = sql`select 1 from offers where tenant_id = ${lemgo} and service_key = '99102013000000'`;
  assert.equal((await t.db.transaction(noScope, (tx) => tx.query(draft))).length, 0);
  assert.equal((await asDetmold((tx) => tx.query(draft))).length, 0);
  assert.equal((await t.db.transaction({ tenantId: lemgo, userId: null }, (tx) => tx.query(draft))).length, 1);
});

test('anonymous transactions cannot write offers, offices or rules at all', async () => {
  await assert.rejects(t.db.transaction(noScope, (tx) => tx.query(sql`insert into offers (tenant_id, service_key) values (${detmold}, '99012001001000')`)), /row-level security/);
  const changed = await t.db.transaction(noScope, (tx) => tx.query(sql`update offers set fee_cents = 2 returning tenant_id`));
  assert.equal(changed.length, 0);
  const rules = await t.db.transaction(noScope, (tx) => tx.query(sql`delete from responsibility_rules returning service_key`));
  assert.equal(rules.length, 0);
});

test('a municipality cannot change the district\'s responsibility rules', async () => {
  const changed = await asDetmold((tx) => tx.query(sql`update responsibility_rules set responsible_tenant_id = ${detmold} returning service_key`));
  assert.equal(changed.length, 0);
  await assert.rejects(
    asDetmold((tx) => tx.query(sql`
      insert into responsibility_rules (tenant_id, service_key, municipality_id, responsible_tenant_id)
      values (${t.districtId}, '99102013000000', ${lemgo}, ${detmold})`)),
    /row-level security/,
  );
});

test('the maturity level must lie within its model, and level and model come together', async () => {
  await assert.rejects(
    asDetmold((tx) => tx.query(sql`update offers set maturity_level = 7 where service_key = '99115005104000'`)),
    /outside the range/,
  );
  await assert.rejects(
    asDetmold((tx) => tx.query(sql`update offers set maturity_model = null where service_key = '99115005104000'`)),
    /check constraint/,
  );
});
