import crypto from 'node:crypto';

/**
 * Keys of services. A LeiKa Leistungsschlüssel has 14 digits: "99" (the LeiKa's own prefix),
 * Leistungsgruppierung (3), Leistungskennung (3), Verrichtungskennung (3), Verrichtungsdetail (3).
 * Services the source marks "nicht im LeiKa" (or lists without a key) get a local key instead.
 */

const leikaKeyPattern = /^99[0-9]{12}$/;

/** What the source writes in place of a key for a service outside the LeiKa. */
export const notInLeikaMarker = 'nicht im LeiKa';

export function isLeikaKey(value: string): boolean {
  return leikaKeyPattern.test(value);
}

/** Digits 9–11 of a LeiKa key: the Verrichtungskennung ("001" Erteilung, "000" none). */
export function verrichtungCode(key: string): string | null {
  return isLeikaKey(key) ? key.slice(8, 11) : null;
}

/**
 * A local key: "L" + the first 13 hex digits of SHA-256 over the lower-cased name and the OZG-ID.
 * It depends on content only, never on file order or import history, so every import of the
 * same source gives the same keys; 14 characters like a LeiKa key, and never all digits, so it
 * cannot clash with one. A service whose name changes becomes a new local service (the old one is
 * retired): without an official key, name and OZG-Leistung are its identity.
 */
export function localKey(name: string, ozgId: number | null): string {
  const identity = `${name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase()}\u001f${ozgId ?? ''}`;
  return `L${crypto.createHash('sha256').update(identity).digest('hex').slice(0, 13)}`;
}

export type KeyDecision = { kind: 'leika' | 'local'; key: string } | { kind: 'malformed' };

/** Decides a source row's key: a valid LeiKa key, a local key (no key or the marker), or malformed. */
export function decideKey(sourceKey: string, name: string, ozgId: number | null): KeyDecision {
  if (isLeikaKey(sourceKey)) return { kind: 'leika', key: sourceKey };
  if (sourceKey === '' || sourceKey.toLowerCase() === notInLeikaMarker.toLowerCase()) return { kind: 'local', key: localKey(name, ozgId) };
  return { kind: 'malformed' };
}
