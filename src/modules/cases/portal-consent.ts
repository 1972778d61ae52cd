/**
 * The applicant's consent to receive the decision through the portal (§ 41 Abs. 2a VwVfG: an
 * electronic administrative act may be notified by making it available for retrieval only with
 * the consent of the person concerned). Asked once on the status page; the choice cannot be
 * changed there afterwards (a change of mind goes to the authority in a message), and it is kept
 * on the timeline and in the audit log. Without consent the Bescheid goes by post
 * (decisions/postal-delivery.ts).
 */
import type { Database } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { locateApplicantCase, type ApplicantViewer } from './applicant-access.ts';
import { appendCaseEvent } from './events.ts';

export type ConsentOutcome = 'done' | 'notFound' | 'alreadyChosen' | 'notAllowed';

export async function recordPortalConsent(db: Database, tenantId: string, reference: string, viewer: ApplicantViewer, granted: boolean): Promise<ConsentOutcome> {
  return db.transaction({ tenantId, userId: viewer.userId }, async (tx) => {
    const found = await locateApplicantCase(tx, tenantId, reference, viewer, true);
    if (!found) return 'notFound';
    if (found.portal_consent !== null) return 'alreadyChosen';
    // A case handed to another authority or withdrawn gets no Bescheid from this one.
    if (found.status === 'abgegeben' || found.status === 'zurueckgezogen') return 'notAllowed';
    await tx.query(sql`
      update cases set portal_consent = ${granted}, portal_consent_at = now(), updated_at = now()
      where tenant_id = ${tenantId} and id = ${found.id} and portal_consent is null`);
    await appendCaseEvent(tx, {
      tenantId,
      caseId: found.id,
      actorId: viewer.userId,
      kind: 'portal_consent',
      visible: true,
      data: { granted },
      audit: { granted, signedIn: viewer.userId !== null },
    });
    return 'done';
  });
}
