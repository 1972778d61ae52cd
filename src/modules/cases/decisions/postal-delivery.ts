/**
 * Whether an issued Bescheid was notified through the portal, or must go by post.
 *
 * § 41 Abs. 2a VwVfG: with the applicant's consent an electronic administrative act is notified
 * by retrieval; it counts as notified on the day after the retrieval. If it is not retrieved
 * within ten days of the notice that it is available, the provision ends and notification has
 * not taken effect; the authority may notify it another way. So a case goes on the back office's
 * list "Bescheid per Post versenden" when
 *   - the applicant declined consent (at once: the portal cannot notify),
 *   - ten days after issue, consent is still missing, or it was given but the Bescheid was not
 *     retrieved within those ten days.
 * A case with consent and a retrieval within the ten days is done. The ten days run from the
 * issue, when the notice mail is queued (issue-decision.ts).
 *
 * Runs as a periodic task (src/cli/serve.ts). Idempotent and safe in several processes: each case
 * is decided under its row lock, and only cases still waiting (`decision_delivery = 'portal'`,
 * a small partial index, migration 0020) are looked at.
 */
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { PeriodicTask } from '../../../platform/jobs/periodic.ts';
import type { PostReason } from '../case-store.ts';
import { appendCaseEvent } from '../events.ts';
import { officeCondition, type OfficeAccess } from '../office-access.ts';

export const retrievalDays = 10;

type Waiting = { tenant_id: string; id: string };
type State = { decision_delivery: string | null; portal_consent: boolean | null; issued_at: Date; retrieved_at: Date | null };

/** What happens to a waiting case now: nothing yet, done through the portal, or by post for a reason. */
export function deliveryVerdict(state: { consent: boolean | null; issuedAt: Date; retrievedAt: Date | null }, now: Date): 'wait' | 'portal_done' | PostReason {
  const deadline = new Date(state.issuedAt.getTime() + retrievalDays * 86_400_000);
  const retrievedInTime = state.retrievedAt !== null && state.retrievedAt <= deadline;
  if (state.consent === false) return 'consent_declined';
  if (state.consent === true && retrievedInTime) return 'portal_done';
  if (now < deadline) return 'wait';
  return state.consent === null ? 'consent_missing' : 'not_retrieved';
}

/** Decides every waiting case that can be decided now; returns how many changed. */
export async function settleDecisionDeliveries(db: Database, now: Date = new Date()): Promise<number> {
  const since = new Date(now.getTime() - retrievalDays * 86_400_000).toISOString();
  const waiting = await db.ownerTransaction((tx) =>
    tx.query<Waiting>(sql`
      select c.tenant_id, c.id from cases c
      join case_decisions d on d.tenant_id = c.tenant_id and d.case_id = c.id and d.status = 'issued'
      where c.decision_delivery = 'portal'
        and (c.portal_consent is not null or d.issued_at <= ${since}::timestamptz)
      order by c.tenant_id, c.id`),
  );
  let changed = 0;
  for (const candidate of waiting) {
    if (await settleOne(db, candidate, now)) changed++;
  }
  return changed;
}

async function settleOne(db: Database, candidate: Waiting, now: Date): Promise<boolean> {
  return db.transaction({ tenantId: candidate.tenant_id, userId: null }, async (tx) => {
    const state = await maybeOne<State>(tx, sql`
      select c.decision_delivery, c.portal_consent, d.issued_at,
             (select min(e.occurred_at) from case_events e
              where e.tenant_id = c.tenant_id and e.case_id = c.id and e.kind = 'decision_retrieved') as retrieved_at
      from cases c join case_decisions d on d.tenant_id = c.tenant_id and d.case_id = c.id and d.status = 'issued'
      where c.tenant_id = ${candidate.tenant_id} and c.id = ${candidate.id}
      for update of c`);
    if (!state || state.decision_delivery !== 'portal') return false;
    const verdict = deliveryVerdict({ consent: state.portal_consent, issuedAt: state.issued_at, retrievedAt: state.retrieved_at }, now);
    if (verdict === 'wait') return false;
    const event = { tenantId: candidate.tenant_id, caseId: candidate.id, actorId: null, visible: false };
    if (verdict === 'portal_done') {
      await tx.query(sql`update cases set decision_delivery = 'portal_done', updated_at = now() where tenant_id = ${candidate.tenant_id} and id = ${candidate.id}`);
      // Notified on the day after the retrieval (§ 41 Abs. 2a Satz 3 VwVfG).
      await appendCaseEvent(tx, { ...event, kind: 'decision_notified', data: { retrievedAt: state.retrieved_at?.toISOString() }, audit: { way: 'portal' } });
      return true;
    }
    await tx.query(sql`
      update cases set decision_delivery = 'post_required', post_reason = ${verdict}, post_required_at = ${now.toISOString()}::timestamptz, updated_at = now()
      where tenant_id = ${candidate.tenant_id} and id = ${candidate.id}`);
    await appendCaseEvent(tx, { ...event, kind: 'decision_post_required', data: { reason: verdict }, audit: { reason: verdict } });
    return true;
  });
}

/** Hourly, like the other housekeeping (src/platform/jobs/periodic.ts). */
export function decisionDeliveryTask(db: Database): PeriodicTask {
  return { name: 'cases.decision_delivery', intervalMs: 3600_000, run: () => settleDecisionDeliveries(db) };
}

export type PostalItem = { id: string; reference: string; applicantName: string; formTitle: string; reason: PostReason; requiredAt: Date; issuedAt: Date };

/** The back office's list "Bescheid per Post versenden", oldest first, under the reader's office access. */
export async function casesForPost(tx: Queryable, tenantId: string, access: OfficeAccess, limit = 500): Promise<PostalItem[]> {
  const rows = await tx.query<{ id: string; reference: string; applicant_name: string; form_title: string; post_reason: PostReason; post_required_at: Date; issued_at: Date }>(sql`
    select c.id, c.reference, c.applicant_name, c.form_title, c.post_reason, c.post_required_at, d.issued_at
    from cases c join case_decisions d on d.tenant_id = c.tenant_id and d.case_id = c.id
    where c.tenant_id = ${tenantId} and c.decision_delivery = 'post_required' and ${officeCondition(access)}
    order by c.post_required_at, c.id
    limit ${limit}`);
  return rows.map((row) => ({ id: row.id, reference: row.reference, applicantName: row.applicant_name, formTitle: row.form_title, reason: row.post_reason, requiredAt: row.post_required_at, issuedAt: row.issued_at }));
}
