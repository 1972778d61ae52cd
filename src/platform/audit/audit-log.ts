import crypto from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { sql, type SqlFragment } from '../db/sql.ts';

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
 * The canonical form of an entry without its `seq`, as the text before and after the number: the
 * statement below puts in the number it takes from the chain head, so the hash is computed where
 * the head is locked, exactly as `entryHash` would compute it.
 */
export function canonicalAround(entry: Omit<AuditEntry, 'seq' | 'prevHash'>): { before: string; after: string } {
  const marker = `seq-${crypto.randomUUID()}`;
  const text = canonicalJson({ ...entry, seq: marker });
  const [before, after, ...more] = text.split(JSON.stringify(marker));
  if (before === undefined || after === undefined || more.length > 0) throw new Error('Audit entry could not be prepared');
  return { before, after };
}

/**
 * The steps that append `event` to its chain, as common table expressions for a statement of the
 * caller's (`with ${steps}, … select …`): lock the head, hash the entry with the head's hash and
 * next number (SHA-256 over `prevHash + "\n" + canonical JSON`, the same bytes as `entryHash`, so
 * verify-audit.ts checks it unchanged), insert it, move the head. `when`, if given, is a condition
 * on the caller's statement: without it holding nothing is appended. The step named
 * `audit_moved` returns the new sequence number, or no row when the chain has no head yet.
 */
export function auditAppendSteps(event: AuditEvent, when: SqlFragment = sql`true`): SqlFragment {
  const chain = event.tenantId ?? 'global';
  const content = {
    chain,
    tenantId: event.tenantId,
    // Millisecond precision in UTC: exactly what timestamptz stores and gives back.
    occurredAt: new Date().toISOString(),
    actorId: event.actorId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId ?? null,
    data: event.data ?? {},
  };
  const { before, after } = canonicalAround(content);
  return sql`
    audit_head as (
      select seq + 1 as seq, hash as prev_hash from audit_heads where chain = ${chain} and ${when} for update
    ), audit_entry as (
      select seq, prev_hash,
             encode(sha256(convert_to(prev_hash || chr(10) || ${before}::text || seq::text || ${after}::text, 'UTF8')), 'hex') as hash
      from audit_head
    ), audit_inserted as (
      insert into audit_log (chain, seq, tenant_id, occurred_at, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
      select ${chain}, seq, ${content.tenantId}, ${content.occurredAt}, ${content.actorId}, ${content.action},
             ${content.subjectType}, ${content.subjectId}, ${JSON.stringify(content.data)}::jsonb, prev_hash, hash
      from audit_entry
      returning seq, hash
    ), audit_moved as (
      update audit_heads h set seq = i.seq, hash = i.hash from audit_inserted i where h.chain = ${chain}
      returning h.seq
    )`;
}

/** Creates the head of `event`'s chain if it has none: the first entry of a tenant. */
export async function ensureAuditHead(tx: Queryable, event: Pick<AuditEvent, 'tenantId'>): Promise<void> {
  await tx.query(sql`
    insert into audit_heads (chain, tenant_id, seq, hash) values (${event.tenantId ?? 'global'}, ${event.tenantId}, 0, ${genesisHash})
    on conflict (chain) do nothing`);
}

/**
 * Appends an event to the tenant's chain inside the caller's transaction, so the change and its
 * audit entry commit or roll back together. The chain head is locked (`for update`): appends to
 * one chain are serialised, chains of different tenants do not wait for each other. One
 * statement does it all (one round trip while the head is locked); only the first entry of a
 * chain needs a second one to create the head.
 */
export async function appendAudit(tx: Queryable, event: AuditEvent): Promise<void> {
  const append = () => tx.query(sql`with ${auditAppendSteps(event)} select seq from audit_moved`);
  if ((await append()).length === 1) return;
  await ensureAuditHead(tx, event);
  if ((await append()).length !== 1) throw new Error(`Audit chain ${event.tenantId ?? 'global'} is not visible in this scope`);
}
