import type { Database } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { entryHash, genesisHash, type AuditEntry } from './audit-log.ts';
import { verifySeals, type SealCheckOptions } from './seal-verify.ts';

export type AuditProblem = { chain: string; seq: number | null; problem: string };
export type AuditReport = { chains: number; entries: number; problems: AuditProblem[]; seals: number; sealsTrusted: boolean };

type Row = {
  chain: string;
  seq: number;
  tenant_id: string | null;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  data: unknown;
  prev_hash: string;
  hash: string;
};

const pageSize = 5000;

/**
 * Walks every chain from its start: each entry must follow its predecessor (seq + 1), name the
 * predecessor's hash and hash to the value stored; the last entry must be the recorded head.
 * Edited, inserted, deleted or truncated entries are reported, never repaired. Then the seals
 * (seal-verify.ts): a change before a sealed head is found even if the chain was recomputed.
 */
export async function verifyAudit(db: Database, sealOptions: SealCheckOptions = {}): Promise<AuditReport> {
  const heads = await db.ownerTransaction((tx) =>
    tx.query<{ chain: string; seq: number; hash: string }>(sql`select chain, seq, hash from audit_heads order by chain`),
  );
  const chains = await db.ownerTransaction((tx) =>
    tx.query<{ chain: string }>(sql`select distinct chain from audit_log union select chain from audit_heads order by chain`),
  );
  const headByChain = new Map(heads.map((h) => [h.chain, h]));
  const problems: AuditProblem[] = [];
  let entries = 0;
  for (const { chain } of chains) {
    let expectedSeq = 1;
    let prevHash = genesisHash;
    let afterSeq = 0;
    for (;;) {
      const rows = await db.ownerTransaction((tx) =>
        tx.query<Row>(sql`select * from audit_log where chain = ${chain} and seq > ${afterSeq} order by seq limit ${pageSize}`),
      );
      for (const row of rows) {
        entries++;
        if (row.seq !== expectedSeq) {
          problems.push({ chain, seq: row.seq, problem: `entry ${expectedSeq} is missing or out of order` });
        }
        if (row.prev_hash !== prevHash) {
          problems.push({ chain, seq: row.seq, problem: 'does not follow the previous entry (inserted or deleted entry)' });
        }
        const entry: AuditEntry = {
          chain: row.chain,
          seq: row.seq,
          tenantId: row.tenant_id,
          occurredAt: row.occurred_at.toISOString(),
          actorId: row.actor_id,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          data: row.data,
          prevHash: row.prev_hash,
        };
        if (entryHash(entry) !== row.hash) {
          problems.push({ chain, seq: row.seq, problem: 'content does not match its hash (edited entry)' });
        }
        prevHash = row.hash;
        expectedSeq = row.seq + 1;
        afterSeq = row.seq;
      }
      if (rows.length < pageSize) break;
    }
    const head = headByChain.get(chain);
    if (!head) {
      problems.push({ chain, seq: null, problem: 'chain has no recorded head' });
    } else if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
      problems.push({ chain, seq: head.seq, problem: `chain ends at entry ${expectedSeq - 1} but its head records entry ${head.seq} (entries removed from the end)` });
    }
  }
  const seals = await verifySeals(db, sealOptions);
  problems.push(...seals.problems);
  return { chains: chains.length, entries, problems, seals: seals.seals, sealsTrusted: seals.trusted };
}
