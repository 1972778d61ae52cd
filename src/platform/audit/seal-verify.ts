/**
 * Checks the seals of the audit log: each must carry a valid Ed25519 signature of the trusted key,
 * and each head it records must still be an entry of its chain with the same hash. An edit before
 * a sealed head changes that entry's hash (or, if the attacker recomputed the chain, the hash of
 * the sealed entry), so it is found even when the chain itself is consistent again. Seals the
 * operator exported must all still be in the table (a deleted seal row is reported).
 */
import type crypto from 'node:crypto';
import type { Database } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { listSeals, sealSignatureValid, type Seal } from './seal.ts';
import { keyIdOf, parsePublicKey } from './seal-key.ts';
import type { AuditProblem } from './verify-audit.ts';

export type SealCheckOptions = {
  /** The key seals must be signed with. Without it each seal is checked against the key it names (weaker: shown in the report). */
  trustedKey?: crypto.KeyObject | undefined;
  /** Seals kept outside the database (AUDIT_SEAL_EXPORT_FILE). */
  exported?: Seal[] | undefined;
};

export type SealReport = { seals: number; trusted: boolean; problems: AuditProblem[] };

export async function verifySeals(db: Database, options: SealCheckOptions = {}): Promise<SealReport> {
  // A database at a schema level before seals existed (a restore in progress migrates afterwards) has none to check.
  const [table] = await db.ownerTransaction((tx) => tx.query<{ present: boolean }>(sql`select to_regclass('audit_seals') is not null as present`));
  const seals = table?.present ? await db.ownerTransaction(listSeals) : [];
  const problems: AuditProblem[] = [];
  const trustedId = options.trustedKey ? keyIdOf(options.trustedKey) : undefined;
  const checkSignature = (seal: Seal, label: string): boolean => {
    let key: crypto.KeyObject;
    try {
      key = options.trustedKey ?? parsePublicKey(seal.publicKey);
    } catch {
      problems.push({ chain: 'seal', seq: seal.id ?? null, problem: `${label} names no valid public key` });
      return false;
    }
    if (trustedId && seal.keyId !== trustedId) {
      problems.push({ chain: 'seal', seq: seal.id ?? null, problem: `${label} is signed by key ${seal.keyId}, not by the trusted key ${trustedId}` });
      return false;
    }
    if (!sealSignatureValid(seal, key)) {
      problems.push({ chain: 'seal', seq: seal.id ?? null, problem: `${label} has an invalid signature (seal changed or forged)` });
      return false;
    }
    return true;
  };
  const checked = new Set<string>();
  const checkHeads = async (seal: Seal, label: string) => {
    for (const head of seal.heads) {
      const id = `${head.chain}:${head.seq}:${head.hash}`;
      if (checked.has(id)) continue;
      checked.add(id);
      const [row] = await db.ownerTransaction((tx) => tx.query<{ hash: string }>(sql`select hash from audit_log where chain = ${head.chain} and seq = ${head.seq}`));
      if (!row) problems.push({ chain: head.chain, seq: head.seq, problem: `entry sealed by ${label} is missing` });
      else if (row.hash !== head.hash) problems.push({ chain: head.chain, seq: head.seq, problem: `entry differs from what ${label} recorded (changed after sealing, chain recomputed)` });
    }
  };
  for (const seal of seals) {
    const label = `seal ${seal.id} of ${seal.sealedAt}`;
    if (checkSignature(seal, label)) await checkHeads(seal, label);
  }
  const stored = new Set(seals.map((seal) => seal.signature));
  for (const [index, seal] of (options.exported ?? []).entries()) {
    const label = `exported seal ${index + 1} of ${seal.sealedAt}`;
    if (!stored.has(seal.signature)) problems.push({ chain: 'seal', seq: seal.id ?? null, problem: `${label} is no longer in the database (seal deleted)` });
    if (checkSignature(seal, label)) await checkHeads(seal, label);
  }
  return { seals: seals.length, trusted: trustedId !== undefined, problems };
}
