import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { appendAudit, auditAppendSteps, canonicalJson, entryHash } from './audit-log.ts';
import { verifyAudit } from './verify-audit.ts';
import { openTestDatabase } from '../testing/test-database.ts';

let db: Database;
let tenant: string;

beforeEach(async () => {
  await db?.close();
  db = await openTestDatabase();
  tenant = (await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'lemgo'`)))[0]!.id;
  for (let i = 1; i <= 5; i++) {
    await db.transaction({ tenantId: tenant, userId: null }, (tx) =>
      appendAudit(tx, { tenantId: tenant, actorId: null, action: 'case.test', subjectType: 'case', subjectId: String(i), data: { step: i, note: 'ä' } }),
    );
  }
});
after(() => db.close());

/** Tampering needs the owner to switch the append-only trigger off, as an attacker with full rights would. */
async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await tx.query(sql`alter table audit_log disable trigger audit_log_append_only`);
    await tx.query(statement);
    await tx.query(sql`alter table audit_log enable trigger audit_log_append_only`);
  });
}

test('an untouched log verifies, seeds and tenant events included', async () => {
  const report = await verifyAudit(db);
  assert.deepEqual(report.problems, []);
  assert.ok(report.entries >= 5 + 17, `${report.entries} entries`);
});

test('an edited entry is detected', async () => {
  await tamper(sql`update audit_log set data = '{"step": 99, "note": "ä"}' where chain = ${tenant} and seq = 3`);
  const report = await verifyAudit(db);
  assert.deepEqual(report.problems.map((p) => [p.chain, p.seq]), [[tenant, 3]]);
  assert.match(report.problems[0]!.problem, /edited/);
});

test('a deleted entry is detected', async () => {
  await tamper(sql`delete from audit_log where chain = ${tenant} and seq = 2`);
  const report = await verifyAudit(db);
  assert.ok(report.problems.some((p) => p.chain === tenant && p.seq === 3 && /missing|inserted or deleted/.test(p.problem)));
});

test('an inserted entry is detected', async () => {
  await tamper(sql`
    insert into audit_log (chain, seq, tenant_id, occurred_at, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
    select chain, 6, tenant_id, occurred_at, actor_id, 'case.forged', subject_type, subject_id, data, hash, hash from audit_log where chain = ${tenant} and seq = 5`);
  const report = await verifyAudit(db);
  assert.ok(report.problems.some((p) => p.chain === tenant && p.seq === 6));
});

test('entries cut from the end are detected through the chain head', async () => {
  await tamper(sql`delete from audit_log where chain = ${tenant} and seq = 5`);
  const report = await verifyAudit(db);
  assert.ok(report.problems.some((p) => p.chain === tenant && /removed from the end/.test(p.problem)));
});

test('an audit entry rolls back with the change it belongs to', async () => {
  await assert.rejects(
    db.transaction({ tenantId: tenant, userId: null }, async (tx) => {
      await appendAudit(tx, { tenantId: tenant, actorId: null, action: 'case.lost', subjectType: 'case' });
      throw new Error('the change failed');
    }),
  );
  const rows = await db.ownerTransaction((tx) => tx.query(sql`select 1 from audit_log where action = 'case.lost'`));
  assert.equal(rows.length, 0);
  assert.deepEqual((await verifyAudit(db)).problems, []);
});

test('canonical JSON orders keys so equal content hashes equally', () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: null }] }), '{"a":[{"c":null,"d":2}],"b":1}');
});

test('the hash the database computes for an entry is the one entryHash computes from the stored row', async () => {
  const data = { seq: 0, nested: { seq: '"seq":1', list: [1, 2.5, null, true] }, text: 'Grüße\n"quoted" \\ 😀 ß', empty: {} };
  await db.transaction({ tenantId: tenant, userId: null }, (tx) =>
    appendAudit(tx, { tenantId: tenant, actorId: null, action: 'case.test', subjectType: 'case', subjectId: 'x', data }),
  );
  const [row] = await db.ownerTransaction((tx) =>
    tx.query<{ seq: number; occurred_at: Date; data: unknown; prev_hash: string; hash: string; actor_id: string | null; subject_id: string | null }>(
      sql`select * from audit_log where chain = ${tenant} order by seq desc limit 1`),
  );
  assert.ok(row);
  assert.deepEqual(row.data, data);
  const expected = entryHash({
    chain: tenant, seq: row.seq, tenantId: tenant, occurredAt: row.occurred_at.toISOString(), actorId: null,
    action: 'case.test', subjectType: 'case', subjectId: 'x', data: row.data, prevHash: row.prev_hash,
  });
  assert.equal(row.hash, expected);
});

test('concurrent appends to one chain form one unbroken chain', async () => {
  await Promise.all(Array.from({ length: 12 }, (_, i) =>
    db.transaction({ tenantId: tenant, userId: null }, (tx) =>
      appendAudit(tx, { tenantId: tenant, actorId: null, action: 'case.parallel', subjectType: 'case', subjectId: String(i) }),
    )));
  const report = await verifyAudit(db);
  assert.deepEqual(report.problems, []);
  const [head] = await db.ownerTransaction((tx) => tx.query<{ seq: number }>(sql`select seq from audit_heads where chain = ${tenant}`));
  assert.equal(head?.seq, 5 + 12);
});

test('a new chain starts at its genesis hash', async () => {
  const other = (await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'detmold'`)))[0]!.id;
  await tamper(sql`delete from audit_log where chain = ${other}`);
  await db.ownerTransaction((tx) => tx.query(sql`delete from audit_heads where chain = ${other}`));
  await db.transaction({ tenantId: other, userId: null }, (tx) =>
    appendAudit(tx, { tenantId: other, actorId: null, action: 'case.test', subjectType: 'case' }),
  );
  assert.deepEqual((await verifyAudit(db)).problems, []);
  const entries = await db.ownerTransaction((tx) => tx.query<{ seq: number; prev_hash: string }>(sql`select seq, prev_hash from audit_log where chain = ${other}`));
  assert.deepEqual(entries, [{ seq: 1, prev_hash: '0'.repeat(64) }]);
});

test('append steps inside a caller\'s statement append only when its condition holds, and the chain verifies', async () => {
  const event = { tenantId: tenant, actorId: null, action: 'test.in_statement', subjectType: 'test' };
  const heads = () => db.ownerTransaction((tx) => tx.query<{ seq: number }>(sql`select seq from audit_heads where chain = ${tenant}`));
  const [before] = await heads();
  const skipped = await db.transaction({ tenantId: tenant, userId: null }, (tx) =>
    tx.query(sql`with ${auditAppendSteps(event, sql`false`)} select seq from audit_moved`));
  assert.equal(skipped.length, 0);
  assert.deepEqual(await heads(), [before], 'a condition that fails moves nothing');
  const moved = await db.transaction({ tenantId: tenant, userId: null }, (tx) =>
    tx.query<{ seq: number }>(sql`with written as (select 1 as one), ${auditAppendSteps(event, sql`exists (select 1 from written)`)} select seq from audit_moved`));
  assert.deepEqual(moved, [{ seq: (before?.seq ?? 0) + 1 }]);
  assert.deepEqual((await verifyAudit(db)).problems, []);
});
