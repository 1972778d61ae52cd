/**
 * The draft token: a random secret in the citizen's cookie that binds drafts and receipts to one
 * browser. Only its SHA-256 is stored, so the database alone cannot be used to resume a draft.
 */
import crypto from 'node:crypto';

export function newDraftToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function hashDraftToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** A cookie value we could have issued (anything else is ignored, not hashed). */
export function isDraftToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{32}$/.test(value);
}

// No 0/O, 1/I/L: the reference is read out on the phone and typed from paper.
const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * A readable reference such as `ANT-2026-7KQ4MX`: 31^6 ≈ 890 million per tenant and year, each
 * character equally likely. That is short enough to read out, not enough to rule out a repeat: at
 * 76,000 applications of one municipality in a year, about three pairs are expected to collide
 * (birthday bound), so `submitDraft` draws again when the database says the reference is taken.
 */
export function newReference(now: Date = new Date()): string {
  const code = Array.from({ length: 6 }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');
  return `ANT-${now.getUTCFullYear()}-${code}`;
}
