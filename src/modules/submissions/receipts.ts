/**
 * Finding a submission for its receipt page. Only the browser that sent it (its draft token) or
 * the signed-in applicant may see it; everyone else gets "not found", not "forbidden", so a
 * guessed reference reveals nothing.
 */
import type { Database } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';

export type Receipt = { reference: string; formId: string; version: number; submittedAt: Date };

export async function findReceipt(
  db: Database,
  viewer: { tenantId: string; formId: string; tokenHash: string | null; userId: string | null },
  reference: string,
): Promise<Receipt | undefined> {
  if (viewer.tokenHash === null && viewer.userId === null) return undefined;
  const row = await db.transaction({ tenantId: viewer.tenantId, userId: viewer.userId }, (tx) =>
    maybeOne<{ reference: string; form_id: string; version: number; submitted_at: Date }>(tx, sql`
      select reference, form_id, version, submitted_at from submissions
      where tenant_id = ${viewer.tenantId} and form_id = ${viewer.formId} and reference = ${reference}
        and (token_hash = ${viewer.tokenHash} or user_id = ${viewer.userId})`),
  );
  return row && { reference: row.reference, formId: row.form_id, version: row.version, submittedAt: row.submitted_at };
}
