/**
 * The Ed25519 key that signs audit seals (RFC 8032, through node:crypto).
 *
 * Schlüssel / key: `AUDIT_SEAL_KEY` holds the private key as PEM (PKCS#8) or base64 (PKCS#8 DER
 * or the 32-byte seed). Without it the key is generated once into `DATA_DIR/audit-seal-key.pem`
 * (mode 600) and its public key written beside it (`audit-seal-key.pub.pem`). The operator keeps
 * a copy of the public key elsewhere: anyone holding the private key can sign seals, so in
 * production set `AUDIT_SEAL_KEY` from a secret store and keep it away from database backups.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type SealKey = { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; publicPem: string; keyId: string };

export class SealKeyError extends Error {
  override name = 'SealKeyError';
}

export const sealKeyFile = (dataDir: string) => path.join(dataDir, 'audit-seal-key.pem');
export const sealPublicKeyFile = (dataDir: string) => path.join(dataDir, 'audit-seal-key.pub.pem');

// PKCS#8 prefix of an Ed25519 private key (RFC 8410 §7): SEQUENCE, version 0, OID 1.3.101.112, OCTET STRING(OCTET STRING(seed)).
const pkcs8Ed25519Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The first 16 hex digits of the SHA-256 of the public key (SPKI DER): names the key in each seal. */
export function keyIdOf(publicKey: crypto.KeyObject): string {
  return crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function fromPrivate(privateKey: crypto.KeyObject): SealKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new SealKeyError('AUDIT_SEAL_KEY must be an Ed25519 private key');
  const publicKey = crypto.createPublicKey(privateKey);
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
}

/** Parses `AUDIT_SEAL_KEY`: PEM, base64 of PKCS#8 DER, or base64 of the 32-byte seed. */
export function parseSealKey(text: string): SealKey {
  const value = text.trim();
  try {
    if (value.includes('-----BEGIN')) return fromPrivate(crypto.createPrivateKey(value));
    const der = Buffer.from(value, 'base64');
    const pkcs8 = der.length === 32 ? Buffer.concat([pkcs8Ed25519Prefix, der]) : der;
    return fromPrivate(crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
  } catch (error) {
    if (error instanceof SealKeyError) throw error;
    throw new SealKeyError('AUDIT_SEAL_KEY is not an Ed25519 private key (PEM, or base64 of PKCS#8 or of the 32-byte seed)');
  }
}

/** A public key as PEM (SPKI), e.g. the copy an operator kept: verifies seals without the private key. */
export function parsePublicKey(pem: string): crypto.KeyObject {
  const key = crypto.createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new SealKeyError('the seal public key must be an Ed25519 key');
  return key;
}

/**
 * The configured key, or the one in DATA_DIR, generated on first use (written exclusively with
 * mode 600, so two processes starting together end with one key). `created` tells the caller to
 * print the public key.
 */
export function loadOrCreateSealKey(options: { configured: string | undefined; dataDir: string }): SealKey & { created: boolean; source: string } {
  if (options.configured) return { ...parseSealKey(options.configured), created: false, source: 'AUDIT_SEAL_KEY' };
  const file = sealKeyFile(options.dataDir);
  if (fs.existsSync(file)) return { ...parseSealKey(fs.readFileSync(file, 'utf8')), created: false, source: file };
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const key = fromPrivate(privateKey);
  fs.mkdirSync(options.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process was first: use its key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { ...parseSealKey(fs.readFileSync(file, 'utf8')), created: false, source: file };
    throw error;
  }
  fs.writeFileSync(sealPublicKeyFile(options.dataDir), key.publicPem, { mode: 0o644 });
  return { ...key, created: true, source: file };
}

/** The key verification trusts: the configured one, or DATA_DIR's, without creating one. */
export function findSealKey(options: { configured: string | undefined; dataDir: string }): SealKey | undefined {
  if (options.configured) return parseSealKey(options.configured);
  const file = sealKeyFile(options.dataDir);
  return fs.existsSync(file) ? parseSealKey(fs.readFileSync(file, 'utf8')) : undefined;
}
