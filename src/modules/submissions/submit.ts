/**
 * Turning a draft into a submission, exactly once. One transaction locks the browser's latest
 * draft, checks the answers again, inserts the submission, closes the draft and records the job
 * and the audit entry: all of it commits together or not at all. A second "absenden" (double
 * click, retry after a timeout) waits for the lock, finds the draft closed and gets the same
 * submission back; the unique draft_id is the last line of defence.
 */
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { enqueue } from '../../platform/jobs/outbox.ts';
import type { Mail } from '../../platform/mail/mailer.ts';
import { queueMail } from '../../platform/mail/mail-jobs.ts';
import type { Answers } from '../forms/runtime/answers.ts';
import { latestDraft, type DraftKey } from './drafts.ts';
import { newReference } from './tokens.ts';

/** Ids of every file the answers name, also inside repeatable groups. */
export function referencedFileIds(answers: Answers): string[] {
  const ids: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.id === 'string' && typeof record.mediaType === 'string') ids.push(record.id);
      else Object.values(record).forEach(visit);
    }
  };
  Object.values(answers).forEach(visit);
  return ids;
}

export type SubmitOutcome =
  | { kind: 'submitted'; reference: string }
  | { kind: 'noDraft' }
  /** The answers are not complete or no longer valid: back to `stepId`. */
  | { kind: 'invalid'; stepId: string };

/** Checks the draft's answers for its version: the pruned answers, or the step to fix. */
export type Recheck = (version: number, answers: Answers) => { answers: Answers } | { stepId: string };

/**
 * `receiptMail`, when given, is queued in the same transaction as the submission: the confirmation
 * goes out exactly when, and only if, the application was received. A repeated "absenden" does
 * not send it again.
 */
export async function submitDraft(
  db: Database,
  key: DraftKey,
  userId: string | null,
  recheck: Recheck,
  receiptMail?: (reference: string) => Mail,
): Promise<SubmitOutcome> {
  return db.transaction({ tenantId: key.tenantId, userId }, async (tx) => {
    const draft = await latestDraft(tx, key, { forUpdate: true });
    if (!draft) return { kind: 'noDraft' };
    if (draft.submittedAt) {
      const done = await one<{ reference: string }>(tx, sql`
        select reference from submissions where tenant_id = ${key.tenantId} and draft_id = ${draft.id}`);
      return { kind: 'submitted', reference: done.reference };
    }
    const checked = recheck(draft.version, draft.answers);
    if ('stepId' in checked) return { kind: 'invalid', stepId: checked.stepId };

    const inserted = await maybeOne<{ id: string; reference: string }>(tx, sql`
      insert into submissions (tenant_id, reference, form_id, version, answers, draft_id, token_hash, user_id)
      values (${key.tenantId}, ${newReference()}, ${draft.formId}, ${draft.version}, ${JSON.stringify(checked.answers)}::jsonb,
              ${draft.id}, ${key.tokenHash}, ${userId})
      on conflict (tenant_id, draft_id) do nothing
      returning id, reference`);
    if (!inserted) {
      const existing = await one<{ reference: string }>(tx, sql`
        select reference from submissions where tenant_id = ${key.tenantId} and draft_id = ${draft.id}`);
      return { kind: 'submitted', reference: existing.reference };
    }
    // Files of branches the applicant left are not part of the application: their rows go now
    // (data minimisation, Art. 5 (1) c DSGVO); the answers name every file that stays.
    // The answers now live in the submission; the closed draft only remembers that it was sent.
    // One statement for both: the draft stays locked for one round trip less.
    const kept = referencedFileIds(checked.answers);
    await tx.query(sql`
      with pruned as (
        delete from attachments where tenant_id = ${key.tenantId} and draft_id = ${draft.id} and not (id::text = any(${kept}::text[]))
      )
      update form_drafts set submitted_at = now(), updated_at = now(), answers = '{}'::jsonb
      where tenant_id = ${key.tenantId} and id = ${draft.id}`);
    await enqueue(tx, {
      tenantId: key.tenantId,
      topic: 'submission.received',
      payload: { submissionId: inserted.id, reference: inserted.reference },
    });
    if (receiptMail) await queueMail(tx, key.tenantId, receiptMail(inserted.reference));
    // No answers in the audit log: it is kept longer than the application and holds no personal data.
    await appendAudit(tx, {
      tenantId: key.tenantId,
      actorId: userId,
      action: 'submission.received',
      subjectType: 'submission',
      subjectId: inserted.id,
      data: { reference: inserted.reference, formId: draft.formId, version: draft.version },
    });
    return { kind: 'submitted', reference: inserted.reference };
  });
}
