import crypto from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Password hashing with Argon2id (RFC 9106) through Node's own crypto, stored as a PHC string.
 * Parameters follow the OWASP recommendation m=19 MiB, t=2, p=1.
 */
const argon2 = promisify(crypto.argon2);
const parameters = { memory: 19456, passes: 2, parallelism: 1, tagLength: 32 } as const;

export async function hashPassword(password: string): Promise<string> {
  const nonce = crypto.randomBytes(16);
  const hash = await argon2('argon2id', { message: password, nonce, ...parameters });
  return `$argon2id$v=19$m=${parameters.memory},t=${parameters.passes},p=${parameters.parallelism}$${nonce.toString('base64url')}$${hash.toString('base64url')}`;
}

const phcPattern = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** Verifies in constant time; any malformed stored hash simply does not match. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const match = phcPattern.exec(stored);
  if (!match) return false;
  const [, memory, passes, parallelism, nonce, expected] = match as unknown as [string, string, string, string, string, string];
  const expectedHash = Buffer.from(expected, 'base64url');
  const actual = await argon2('argon2id', {
    message: password,
    nonce: Buffer.from(nonce, 'base64url'),
    memory: Number(memory),
    passes: Number(passes),
    parallelism: Number(parallelism),
    tagLength: expectedHash.length,
  });
  return crypto.timingSafeEqual(actual, expectedHash);
}

/** A hash of a random password: compared against when the e-mail is unknown, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
