import crypto from 'node:crypto';
import { canonicalJson } from '../../../platform/audit/audit-log.ts';
import type { FormDefinition } from '../definition/types.ts';

/**
 * SHA-256 (hex) over the canonical JSON of a definition (keys sorted), so the hash names the
 * content, not its formatting: the same definition stored as jsonb and read back hashes the same.
 */
export function definitionSha256(definition: FormDefinition): string {
  return crypto.createHash('sha256').update(canonicalJson(definition)).digest('hex');
}
