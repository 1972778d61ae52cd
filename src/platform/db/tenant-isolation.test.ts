import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from './database.ts';
import { sql } from './sql.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { openTestDatabase } from '../testing/test-database.ts';

let db: Database;
let detmold: string;
let lemgo: string;
let alice: string;
let bob: string;

before(async () => {
  db = await openTestDatabase();
  await db.ownerTransaction(async (tx) => {
    const tenants = await tx.query<{ id: string; slug: string }>(sql`select id, slug from tenants where slug in ('detmold', 'lemgo')`);
    detmold = tenants.find((t) => t.slug === 'detmold')!.id;
    lemgo = tenants.find((t) => t.slug === 'lemgo')!.id;
    const users = await tx.query<{ id: string }>(sql`
      insert into users (kind, email, password_hash, display_name) values
        ('staff', 'alice@detmold.test', 'x', 'Alice'), ('staff', 'bob@lemgo.test', 'x', 'Bob') returning id`);
    alice = users[0]!.id;
    bob = users[1]!.id;
    await tx.query(sql`insert into tenant_memberships (tenant_id, user_id, role) values (${detmold}, ${alice}, 'caseworker'), (${lemgo}, ${bob}, 'caseworker')`);
    await appendAudit(tx, { tenantId: detmold, actorId: alice, action: 'test.detmold', subjectType: 'test' });
    await appendAudit(tx, { tenantId: lemgo, actorId: bob, action: 'test.lemgo', subjectType: 'test' });
  });
});
after(() => db.close());

test('a query without any tenant filter sees only the acting tenant\'s rows', async () => {
  const rows = await db.transaction({ tenantId: detmold, userId: null }, (tx) =>
    tx.query<{ tenant_id: string }>(sql`select tenant_id from tenant_memberships`),
  );
  assert.ok(rows.length > 0);
  assert.ok(rows.every((row) => row.tenant_id === detmold));
  const audit = await db.transaction({ tenantId: detmold, userId: null }, (tx) =>
    tx.query<{ action: string }>(sql`select action from audit_log where tenant_id is not null`),
  );
  assert.deepEqual(audit.map((row) => row.action), ['test.detmold']);
});

test('without a tenant in scope no tenant-owned row is visible', async () => {
  const rows = await db.transaction({ tenantId: null, userId: null }, (tx) => tx.query(sql`select * from tenant_memberships`));
  assert.equal(rows.length, 0);
});

test('a user sees their own memberships in other tenants, nobody else\'s', async () => {
  const rows = await db.transaction({ tenantId: null, userId: bob }, (tx) =>
    tx.query<{ user_id: string }>(sql`select user_id from tenant_memberships`),
  );
  assert.deepEqual([...new Set(rows.map((row) => row.user_id))], [bob]);
});

test('writing a row for another tenant is refused by the database', async () => {
  await assert.rejects(
    db.transaction({ tenantId: detmold, userId: null }, (tx) =>
      tx.query(sql`insert into tenant_memberships (tenant_id, user_id, role) values (${lemgo}, ${alice}, 'reader')`),
    ),
    /row-level security/,
  );
});

test('the application role cannot change or delete audit entries', async () => {
  await assert.rejects(
    db.transaction({ tenantId: detmold, userId: null }, (tx) => tx.query(sql`update audit_log set action = 'x'`)),
    /permission denied/,
  );
  await assert.rejects(
    db.transaction({ tenantId: detmold, userId: null }, (tx) => tx.query(sql`delete from audit_log`)),
    /permission denied/,
  );
});

test('the scope is local to its transaction', async () => {
  await db.transaction({ tenantId: detmold, userId: null }, (tx) => tx.query(sql`select 1`));
  const role = await db.ownerTransaction((tx) => tx.query<{ role: string; tenant: string | null }>(sql`select current_user as role, app_tenant_id()::text as tenant`));
  assert.notEqual(role[0]!.role, 'kreisportal_app');
  assert.equal(role[0]!.tenant, null);
});
