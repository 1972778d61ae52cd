import crypto from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { maybeOne } from '../db/database.ts';
import { sql } from '../db/sql.ts';

/** What happened, by whom, to what. `data` must not hold secrets (passwords, tokens). */
export type AuditEvent = {
  tenantId: string | null;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
};

export const genesisHash = '0'.repeat(64);

export type AuditEntry = {
  chain: string;
  seq: number;
  tenantId: string | null;
  occurredAt: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  data: unknown;
  prevHash: string;
};

/** JSON with object keys sorted, so the same entry always hashes the same (RFC 8785 in spirit). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of an entry: SHA-256 over the previous hash and the entry's canonical form. */
export function entryHash(entry: AuditEntry): string {
  const { prevHash, ...content } = entry;
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/**
 * Appends an event to the tenant's chain inside the caller's transaction, so the change and its
 * audit entry commit or roll back together. The chain head is locked (`for update`): appends to
 * one chain are serialised, chains of different tenants do not wait for each other.
 */
export async function appendAudit(tx: Queryable, event: AuditEvent): Promise<void> {
  const chain = event.tenantId ?? 'global';
  await tx.query(sql`
    insert into audit_heads (chain, tenant_id, seq, hash) values (${chain}, ${event.tenantId}, 0, ${genesisHash})
    on conflict (chain) do nothing`);
  const head = await maybeOne<{ seq: number; hash: string }>(
    tx,
    sql`select seq, hash from audit_heads where chain = ${chain} for update`,
  );
  if (!head) throw new Error(`Audit chain ${chain} is not visible in this scope`);
  const entry: AuditEntry = {
    chain,
    seq: head.seq + 1,
    tenantId: event.tenantId,
    // Millisecond precision in UTC: exactly what timestamptz stores and gives back.
    occurredAt: new Date().toISOString(),
    actorId: event.actorId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId ?? null,
    data: event.data ?? {},
    prevHash: head.hash,
  };
  const hash = entryHash(entry);
  await tx.query(sql`
    insert into audit_log (chain, seq, tenant_id, occurred_at, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
    values (${entry.chain}, ${entry.seq}, ${entry.tenantId}, ${entry.occurredAt}, ${entry.actorId}, ${entry.action},
            ${entry.subjectType}, ${entry.subjectId}, ${JSON.stringify(entry.data)}::jsonb, ${entry.prevHash}, ${hash})`);
  await tx.query(sql`update audit_heads set seq = ${entry.seq}, hash = ${hash} where chain = ${chain}`);
}
