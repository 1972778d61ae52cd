/**
 * Drafts live for a configured number of days after their last change (DRAFT_LIFETIME_DAYS) and
 * are then deleted, answers and all: unsent applications are not kept "just in case" (storage
 * limitation, Art. 5 (1) e DSGVO). Sent drafts stay: they hold no answers any more, but their
 * attachments (migration 0007 cascades from the draft) belong to the submission.
 * Idempotent, so several processes may run it; one audit entry per tenant records how many.
 */
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';

export async function deleteExpiredDrafts(db: Database, now: Date = new Date()): Promise<number> {
  return db.ownerTransaction(async (tx) => {
    const deleted = await tx.query<{ tenant_id: string; count: number }>(sql`
      with gone as (
        delete from form_drafts where expires_at <= ${now.toISOString()}::timestamptz and submitted_at is null returning tenant_id
      )
      select tenant_id, count(*)::int as count from gone group by tenant_id order by tenant_id`);
    for (const row of deleted) {
      await appendAudit(tx, {
        tenantId: row.tenant_id,
        actorId: null,
        action: 'drafts.expired',
        subjectType: 'form_draft',
        data: { count: row.count },
      });
    }
    return deleted.reduce((sum, row) => sum + row.count, 0);
  });
}
