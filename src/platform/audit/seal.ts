/**
 * Sealing the audit log (Versiegelung): a signed checkpoint of every chain head. The hash chains
 * (audit-log.ts) show any change an attacker did not repair; someone with full database access
 * could recompute a chain after editing it. A seal fixes each head's (seq, hash) under an Ed25519
 * signature whose private key is not in the database, so `kreisportal audit verify` detects any
 * change before the last seal (DIN ISO 15489-1 5.2.2: records are authentic and unaltered;
 * BSI TR-ESOR's idea of evidence records, in small).
 *
 * A periodic task (serve.ts) seals when some head moved since the last seal; each seal is also
 * appended as one JSON line to `AUDIT_SEAL_EXPORT_FILE` when set, a file the operator keeps on
 * other storage (a deleted seal row is then still detected: verify-audit.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Config } from '../../config.ts';
import type { Database, Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import type { PeriodicTask } from '../jobs/periodic.ts';
import { canonicalJson } from './audit-log.ts';
import { loadOrCreateSealKey, type SealKey } from './seal-key.ts';

export type SealedHead = { chain: string; seq: number; hash: string };

/** A seal as stored and exported. `sealedAt` is an ISO timestamp (UTC, milliseconds). */
export type Seal = { id?: number; sealedAt: string; heads: SealedHead[]; keyId: string; publicKey: string; signature: string };

/** Exactly the bytes that are signed: version, time and heads in canonical JSON. */
export function sealPayload(seal: Pick<Seal, 'sealedAt' | 'heads' | 'keyId'>): Buffer {
  const heads = [...seal.heads].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0)).map(({ chain, seq, hash }) => ({ chain, seq, hash }));
  return Buffer.from(canonicalJson({ format: 'kreisportal-audit-seal/1', sealedAt: seal.sealedAt, keyId: seal.keyId, heads }), 'utf8');
}

export function signSeal(key: SealKey, sealedAt: string, heads: SealedHead[]): Seal {
  const sorted = [...heads].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
  const signature = crypto.sign(null, sealPayload({ sealedAt, heads: sorted, keyId: key.keyId }), key.privateKey).toString('base64');
  return { sealedAt, heads: sorted, keyId: key.keyId, publicKey: key.publicPem, signature };
}

export function sealSignatureValid(seal: Seal, publicKey: crypto.KeyObject): boolean {
  try {
    return crypto.verify(null, sealPayload(seal), publicKey, Buffer.from(seal.signature, 'base64'));
  } catch {
    return false;
  }
}

type SealRow = { id: string | number; sealed_at: Date; heads: SealedHead[]; key_id: string; public_key: string; signature: string };
const toSeal = (row: SealRow): Seal => ({ id: Number(row.id), sealedAt: row.sealed_at.toISOString(), heads: row.heads, keyId: row.key_id, publicKey: row.public_key, signature: row.signature });

export async function listSeals(tx: Queryable): Promise<Seal[]> {
  return (await tx.query<SealRow>(sql`select id, sealed_at, heads, key_id, public_key, signature from audit_seals order by id`)).map(toSeal);
}

/**
 * Seals every chain head now, unless nothing moved since the last seal (then `undefined`). Runs
 * as the owner (all tenants' chains); the head rows are locked `for share`, so no append commits
 * in between and each sealed head is an entry of its chain.
 */
export async function sealAuditChains(db: Database, key: SealKey, options: { exportFile?: string | undefined; force?: boolean } = {}): Promise<Seal | undefined> {
  const seal = await db.ownerTransaction(async (tx) => {
    const heads = (await tx.query<SealedHead>(sql`select chain, seq, hash from audit_heads where seq > 0 order by chain for share`)).map((h) => ({ chain: h.chain, seq: Number(h.seq), hash: h.hash }));
    const [last] = await tx.query<SealRow>(sql`select id, sealed_at, heads, key_id, public_key, signature from audit_seals order by id desc limit 1`);
    if (!options.force && last && canonicalJson(last.heads) === canonicalJson(heads) && last.key_id === key.keyId) return undefined;
    // Millisecond precision in UTC: what timestamptz gives back, so the signature checks later.
    const signed = signSeal(key, new Date().toISOString(), heads);
    const [row] = await tx.query<{ id: string | number }>(sql`
      insert into audit_seals (sealed_at, heads, key_id, public_key, signature)
      values (${signed.sealedAt}::timestamptz, ${JSON.stringify(signed.heads)}::jsonb, ${signed.keyId}, ${signed.publicKey}, ${signed.signature})
      returning id`);
    return { ...signed, id: Number(row?.id) };
  });
  if (seal && options.exportFile) fs.appendFileSync(options.exportFile, `${JSON.stringify(seal)}\n`, { mode: 0o600 });
  return seal;
}

/** Reads the seals an operator exported (one JSON object a line); a broken line is an error. */
export function readSealExport(file: string): Seal[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as Seal;
      } catch {
        throw new Error(`${file} line ${index + 1} is not a seal (JSON)`);
      }
    });
}

/** The periodic sealing task of the worker process; the key is loaded (or created) at start. */
export function auditSealTask(db: Database, config: Pick<Config, 'auditSealKey' | 'auditSealIntervalMinutes' | 'auditSealExportFile' | 'dataDir'>, log: (message: string) => void = () => {}): PeriodicTask {
  const key = loadOrCreateSealKey({ configured: config.auditSealKey, dataDir: config.dataDir });
  if (key.created) log(`Audit seal key created in ${key.source} (mode 600). Public key (keep a copy elsewhere):\n${key.publicPem}`);
  return {
    name: 'audit.seal',
    intervalMs: config.auditSealIntervalMinutes * 60_000,
    run: () => sealAuditChains(db, key, { exportFile: config.auditSealExportFile }),
  };
}
