/**
 * The applicant's side of a decision: what the status page shows of it, and the record of its
 * first retrieval. A decision made available in the portal counts as notified on the day after
 * the applicant retrieved it (§ 41 Abs. 2a VwVfG), so the first download is kept on the timeline
 * (visible to the applicant too) and in the audit log.
 */
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { appendCaseEvent } from '../events.ts';
import { decisionOfCase, type Outcome } from './decision-store.ts';

export type ApplicantDecision = { id: string; outcome: Outcome; issuedAt: Date; sha256: string };

/** The case's issued decision; drafts never reach the applicant. */
export async function issuedDecisionFor(tx: Queryable, tenantId: string, caseId: string): Promise<ApplicantDecision | undefined> {
  const decision = await decisionOfCase(tx, tenantId, caseId, { issuedOnly: true });
  if (!decision?.issuedAt || !decision.pdfSha256) return undefined;
  return { id: decision.id, outcome: decision.outcome, issuedAt: decision.issuedAt, sha256: decision.pdfSha256 };
}

/** Records the first retrieval by the applicant (later ones change nothing). */
export async function recordRetrieval(db: Database, retrieval: { tenantId: string; caseId: string; decisionId: string; userId: string | null }): Promise<void> {
  await db.transaction({ tenantId: retrieval.tenantId, userId: retrieval.userId }, async (tx) => {
    // The case row lock orders timeline numbers (events.ts) and makes two parallel downloads record one retrieval.
    await tx.query(sql`select 1 from cases where tenant_id = ${retrieval.tenantId} and id = ${retrieval.caseId} for update`);
    const seen = await maybeOne(tx, sql`
      select 1 from case_events where tenant_id = ${retrieval.tenantId} and case_id = ${retrieval.caseId} and kind = 'decision_retrieved'`);
    if (seen) return;
    await appendCaseEvent(tx, {
      tenantId: retrieval.tenantId,
      caseId: retrieval.caseId,
      actorId: retrieval.userId,
      kind: 'decision_retrieved',
      visible: true,
      audit: { decisionId: retrieval.decisionId },
    });
  });
}
