/**
 * Moving a draft to another browser. Two ways, both ending the same: the draft's token hash
 * becomes the new browser's, so the old browser no longer opens it (one draft, one place to
 * continue). A browser that already had an open draft of the same form gets the moved one
 * instead, as with "Antrag starten".
 *   - A signed-in applicant resumes from "Meine Anträge" (the draft names the user).
 *   - Anyone asks for a link by e-mail ("Speichern und später fortsetzen"); the link's secret is
 *     stored as a hash, works once, and not beyond the draft's own life.
 */
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { type DraftKey } from './drafts.ts';

type Target = { tenantId: string; formId: string; tokenHash: string };

/** Stores a new resume secret (its hash) on the browser's open draft; false when there is none. */
export async function setResumeToken(tx: Queryable, key: DraftKey, resumeTokenHash: string, userId: string | null): Promise<boolean> {
  const row = await maybeOne<{ id: string }>(tx, sql`
    update form_drafts set resume_token_hash = ${resumeTokenHash}, resume_expires_at = expires_at
    where tenant_id = ${key.tenantId} and form_id = ${key.formId} and token_hash = ${key.tokenHash}
      and submitted_at is null and expires_at > now()
    returning id`);
  if (!row) return false;
  await audit(tx, key.tenantId, userId, 'draft.resume_link_sent', row.id);
  return true;
}

async function moveTo(tx: Queryable, target: Target, draftId: string, userId: string | null, action: string): Promise<void> {
  await tx.query(sql`
    delete from form_drafts
    where tenant_id = ${target.tenantId} and form_id = ${target.formId} and token_hash = ${target.tokenHash}
      and submitted_at is null and id <> ${draftId}`);
  await tx.query(sql`
    update form_drafts set token_hash = ${target.tokenHash}, resume_token_hash = null, resume_expires_at = null, updated_at = now()
    where tenant_id = ${target.tenantId} and id = ${draftId}`);
  await audit(tx, target.tenantId, userId, action, draftId);
}

/** Opens the draft named by a resume link in this browser; false when the link is used up, expired or foreign. */
export async function resumeWithToken(tx: Queryable, target: Target, resumeTokenHash: string, userId: string | null): Promise<boolean> {
  const row = await maybeOne<{ id: string }>(tx, sql`
    select id from form_drafts
    where tenant_id = ${target.tenantId} and form_id = ${target.formId} and resume_token_hash = ${resumeTokenHash}
      and resume_expires_at > now() and expires_at > now() and submitted_at is null
    for update`);
  if (!row) return false;
  await moveTo(tx, target, row.id, userId, 'draft.resumed_by_link');
  return true;
}

/** Opens a signed-in applicant's own draft in this browser; false when it is not theirs or no longer open. */
export async function resumeOwnDraft(tx: Queryable, target: Target, draftId: string, userId: string): Promise<boolean> {
  const row = await maybeOne<{ id: string }>(tx, sql`
    select id from form_drafts
    where tenant_id = ${target.tenantId} and form_id = ${target.formId} and id = ${draftId}
      and user_id = ${userId} and expires_at > now() and submitted_at is null
    for update`);
  if (!row) return false;
  await moveTo(tx, target, row.id, userId, 'draft.resumed_by_applicant');
  return true;
}

function audit(tx: Queryable, tenantId: string, userId: string | null, action: string, draftId: string): Promise<void> {
  return appendAudit(tx, { tenantId, actorId: userId, action, subjectType: 'form_draft', subjectId: draftId, data: {} });
}
