/**
 * Seals of the audit log: a signed checkpoint of every chain head. An attacker with full database
 * rights who edits an entry and recomputes the whole chain passes the chain walk, but not the
 * seal; forged or deleted seals and keys are reported; the key file is created once with mode 600.
 */
import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { appendAudit, entryHash, genesisHash, type AuditEntry } from './audit-log.ts';
import { verifyAudit } from './verify-audit.ts';
import { readSealExport, sealAuditChains } from './seal.ts';
import { loadOrCreateSealKey, parseSealKey, sealKeyFile, sealPublicKeyFile } from './seal-key.ts';

let db: Database;
let tenant: string;
const key = parseSealKey(Buffer.alloc(32, 42).toString('base64'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-seal-'));

beforeEach(async () => {
  await db?.close();
  db = await openTestDatabase();
  tenant = (await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'lemgo'`)))[0]!.id;
  for (let i = 1; i <= 4; i++) await log(i);
});
after(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const log = (step: number) =>
  db.transaction({ tenantId: tenant, userId: null }, (tx) => appendAudit(tx, { tenantId: tenant, actorId: null, action: 'records.test', subjectType: 'record_file', subjectId: String(step), data: { step } }));

type Row = { chain: string; seq: number; tenant_id: string | null; occurred_at: Date; actor_id: string | null; action: string; subject_type: string; subject_id: string | null; data: unknown; prev_hash: string; hash: string };

/**
 * What an attacker with the owner's rights does: switches the append-only trigger off, edits one
 * entry and recomputes every hash after it and the head, so the chain is consistent again.
 */
async function editAndRecompute(chain: string, seq: number, data: unknown): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await tx.query(sql`alter table audit_log disable trigger audit_log_append_only`);
    await tx.query(sql`update audit_log set data = ${JSON.stringify(data)}::jsonb where chain = ${chain} and seq = ${seq}`);
    const rows = await tx.query<Row>(sql`select * from audit_log where chain = ${chain} order by seq`);
    let prevHash = genesisHash;
    for (const row of rows) {
      const entry: AuditEntry = { chain: row.chain, seq: row.seq, tenantId: row.tenant_id, occurredAt: row.occurred_at.toISOString(), actorId: row.actor_id, action: row.action, subjectType: row.subject_type, subjectId: row.subject_id, data: row.data, prevHash };
      const hash = entryHash(entry);
      await tx.query(sql`update audit_log set prev_hash = ${prevHash}, hash = ${hash} where chain = ${chain} and seq = ${row.seq}`);
      prevHash = hash;
    }
    await tx.query(sql`update audit_heads set hash = ${prevHash} where chain = ${chain}`);
    await tx.query(sql`alter table audit_log enable trigger audit_log_append_only`);
  });
}

test('an untouched, sealed log verifies; a second seal is written only when a head moved', async () => {
  const first = await sealAuditChains(db, key);
  assert.ok(first && first.heads.some((head) => head.chain === tenant && head.seq === 4));
  assert.equal(await sealAuditChains(db, key), undefined, 'nothing new: no seal');
  await log(5);
  assert.ok(await sealAuditChains(db, key));
  const report = await verifyAudit(db, { trustedKey: key.publicKey });
  assert.deepEqual(report.problems, []);
  assert.deepEqual([report.seals, report.sealsTrusted], [2, true]);
});

test('an entry edited before the seal, with the chain recomputed, is found only through the seal', async () => {
  await sealAuditChains(db, key);
  await editAndRecompute(tenant, 2, { step: 99 });
  const withoutSeals = await db.ownerTransaction((tx) => tx.query(sql`select 1 from audit_seals`));
  assert.equal(withoutSeals.length, 1);
  const report = await verifyAudit(db, { trustedKey: key.publicKey });
  // The chain itself is consistent again: the only finding is the sealed head that changed.
  assert.deepEqual(report.problems.map((problem) => [problem.chain, problem.seq]), [[tenant, 4]]);
  assert.match(report.problems[0]!.problem, /changed after sealing/);
});

test('a changed seal, a seal of a foreign key and a deleted seal are reported', async () => {
  const exportFile = path.join(dir, `seals-${crypto.randomUUID()}.jsonl`);
  await sealAuditChains(db, key, { exportFile });
  await log(5);
  await sealAuditChains(db, key, { exportFile });
  const exported = readSealExport(exportFile);
  assert.equal(exported.length, 2);
  assert.deepEqual((await verifyAudit(db, { trustedKey: key.publicKey, exported })).problems, []);

  // The attacker re-signs with a key of his own after recomputing: not the trusted key.
  const forger = parseSealKey(crypto.randomBytes(32).toString('base64'));
  await sealAuditChains(db, forger);
  const foreign = await verifyAudit(db, { trustedKey: key.publicKey, exported });
  assert.ok(foreign.problems.some((problem) => problem.chain === 'seal' && /not by the trusted key/.test(problem.problem)));

  await db.ownerTransaction(async (tx) => {
    await tx.query(sql`alter table audit_seals disable trigger audit_seals_append_only`);
    await tx.query(sql`update audit_seals set heads = jsonb_set(heads, '{0,seq}', '1') where id = (select min(id) from audit_seals)`);
    await tx.query(sql`delete from audit_seals where id = (select max(id) from audit_seals where key_id = ${key.keyId})`);
    await tx.query(sql`alter table audit_seals enable trigger audit_seals_append_only`);
  });
  const report = await verifyAudit(db, { trustedKey: key.publicKey, exported });
  const messages = report.problems.map((problem) => problem.problem).join('\n');
  assert.match(messages, /invalid signature/);
  assert.match(messages, /no longer in the database/);
});

test('seals are append-only for the owner too', async () => {
  await sealAuditChains(db, key);
  await assert.rejects(db.ownerTransaction((tx) => tx.query(sql`delete from audit_seals`)), /append-only/);
});

test('without configuration the key is generated once into DATA_DIR with mode 600, its public key beside it', () => {
  const dataDir = path.join(dir, crypto.randomUUID());
  const created = loadOrCreateSealKey({ configured: undefined, dataDir });
  assert.equal(created.created, true);
  assert.equal(fs.statSync(sealKeyFile(dataDir)).mode & 0o777, 0o600);
  assert.equal(fs.readFileSync(sealPublicKeyFile(dataDir), 'utf8'), created.publicPem);
  const again = loadOrCreateSealKey({ configured: undefined, dataDir });
  assert.deepEqual([again.created, again.keyId], [false, created.keyId]);
  const pem = created.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.equal(parseSealKey(pem).keyId, created.keyId, 'the same key given as PEM');
});
