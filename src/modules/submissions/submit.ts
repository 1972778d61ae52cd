/**
 * Turning a draft into a submission, exactly once. One transaction locks the browser's latest
 * draft, checks the answers again, inserts the submission, closes the draft and records the job
 * and the audit entry: all of it commits together or not at all. A second "absenden" (double
 * click, retry after a timeout) waits for the lock, finds the draft closed and gets the same
 * submission back; the unique draft_id is the last line of defence.
 */
import crypto from 'node:crypto';
import { appendAudit, auditAppendSteps, type AuditEvent } from '../../platform/audit/audit-log.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { insertJobs, type Job } from '../../platform/jobs/outbox.ts';
import type { Mail } from '../../platform/mail/mailer.ts';
import { mailJob } from '../../platform/mail/mail-jobs.ts';
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
  | { kind: 'invalid'; stepId: string }
  /** The draft uses a form version the caller did not pass to `recheck`: nothing was written. */
  | { kind: 'needsVersion'; version: number };

/**
 * Checks the draft's answers for its version: the pruned answers, or the step to fix, or
 * `needsVersion` when the caller does not hold that version's definition at hand (it loads it and
 * calls again: no second connection is taken while the draft is locked).
 */
export type Recheck = (version: number, answers: Answers) => { answers: Answers } | { stepId: string } | { needsVersion: number };

/**
 * `receiptMail`, when given, is queued in the same transaction as the submission: the confirmation
 * goes out exactly when, and only if, the application was received. A repeated "absenden" does
 * not send it again.
 *
 * Round trips while the draft is locked are what limits a burst of submissions (issue 8), so
 * the writes travel together: one statement inserts the submission, prunes the files the answers
 * no longer name, closes the draft, queues the jobs and appends the audit entry (it locks the
 * tenant's chain head, so it is the statement's last step, one round trip before the commit).
 */
export async function submitDraft(
  db: Database,
  key: DraftKey,
  userId: string | null,
  recheck: Recheck,
  receiptMail?: (reference: string) => Mail,
  reference: () => string = newReference,
): Promise<SubmitOutcome> {
  return db.transaction({ tenantId: key.tenantId, userId }, async (tx) => {
    const draft = await latestDraft(tx, key, { forUpdate: true });
    if (!draft) return { kind: 'noDraft' };
    if (draft.submittedAt) {
      const sent = await referenceOfDraft(tx, key.tenantId, draft.id);
      if (sent === undefined) throw new Error(`Draft ${draft.id} is closed as sent but has no submission`);
      return { kind: 'submitted', reference: sent };
    }
    const checked = recheck(draft.version, draft.answers);
    if ('needsVersion' in checked) return { kind: 'needsVersion', version: checked.needsVersion };
    if ('stepId' in checked) return { kind: 'invalid', stepId: checked.stepId };

    // The answers now live in the submission; the closed draft only remembers that it was sent.
    const answers = checked.answers;
    for (let draw = 1; ; draw++) {
      const written = await insertSubmission(tx, key, userId, draft, answers, reference(), receiptMail);
      if (written) return { kind: 'submitted', reference: written };
      // Nothing inserted: either someone else's submission of this draft got in first (the unique
      // draft_id, the last line of defence behind the lock), or the reference was taken.
      const existing = await referenceOfDraft(tx, key.tenantId, draft.id);
      if (existing) return { kind: 'submitted', reference: existing };
      if (draw >= maxReferenceDraws) throw new Error(`No free reference after ${maxReferenceDraws} draws`);
    }
  });
}

/** Draws of a reference before giving up: with one in 10,000 taken, a fifth draw is never needed in practice. */
const maxReferenceDraws = 5;

type LockedDraft = { id: string; formId: string; version: number };

/**
 * One statement inserts the submission, prunes files, closes the draft, queues the jobs and
 * appends the audit entry; every step but the insert happens only when the insert did. Returns
 * the reference, or undefined when a unique key (draft or reference) refused the insert.
 */
async function insertSubmission(
  tx: Queryable,
  key: DraftKey,
  userId: string | null,
  draft: LockedDraft,
  answers: Answers,
  reference: string,
  receiptMail?: (reference: string) => Mail,
): Promise<string | undefined> {
  const submission = { id: crypto.randomUUID(), reference };
  const jobs: Job[] = [{ tenantId: key.tenantId, topic: 'submission.received', payload: { submissionId: submission.id, reference: submission.reference } }];
  if (receiptMail) jobs.push(mailJob(key.tenantId, receiptMail(submission.reference)));
  // Files of branches the applicant left are not part of the application: their rows go now
  // (data minimisation, Art. 5 (1) c DSGVO); the answers name every file that stays.
  const kept = referencedFileIds(answers);
  // No answers in the audit log: it is kept longer than the application and holds no personal data.
  const audit: AuditEvent = {
    tenantId: key.tenantId,
    actorId: userId,
    action: 'submission.received',
    subjectType: 'submission',
    subjectId: submission.id,
    data: { reference: submission.reference, formId: draft.formId, version: draft.version },
  };
  const [written] = await tx.query<{ id: string | null; audited: boolean }>(sql`
    with submitted as (
      insert into submissions (tenant_id, id, reference, form_id, version, answers, draft_id, token_hash, user_id)
      values (${key.tenantId}, ${submission.id}, ${submission.reference}, ${draft.formId}, ${draft.version}, ${JSON.stringify(answers)}::jsonb,
              ${draft.id}, ${key.tokenHash}, ${userId})
      on conflict do nothing
      returning id
    ), pruned as (
      delete from attachments where tenant_id = ${key.tenantId} and draft_id = ${draft.id} and not (id::text = any(${kept}::text[]))
        and exists (select 1 from submitted)
    ), closed as (
      update form_drafts set submitted_at = now(), updated_at = now(), answers = '{}'::jsonb
      where tenant_id = ${key.tenantId} and id = ${draft.id} and exists (select 1 from submitted)
    ), queued as (${insertJobs(jobs, sql`exists (select 1 from submitted)`)}),
    ${auditAppendSteps(audit, sql`exists (select 1 from submitted)`)}
    select (select id from submitted) as id, exists (select 1 from audit_moved) as audited`);
  if (!written?.id) return undefined;
  // The tenant's very first audit entry: its chain has no head yet.
  if (!written.audited) await appendAudit(tx, audit);
  return submission.reference;
}

async function referenceOfDraft(tx: Queryable, tenantId: string, draftId: string): Promise<string | undefined> {
  const row = await maybeOne<{ reference: string }>(tx, sql`select reference from submissions where tenant_id = ${tenantId} and draft_id = ${draftId}`);
  return row?.reference;
}
