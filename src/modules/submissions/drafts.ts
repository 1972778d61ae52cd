/**
 * Drafts of applications: one open draft per browser (token) and form. Every function runs in
 * the caller's scoped transaction (RLS: own tenant only); a draft never changes its form version.
 */
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import type { Answers } from '../forms/runtime/answers.ts';

/** Drafts are kept this long after the last change (default of DRAFT_LIFETIME_DAYS), then they no longer open and are deleted. */
export const draftLifetimeDays = 30;
const lifetime = (days: number) => `${days} days`;

export type Draft = { id: string; formId: string; version: number; answers: Answers; submittedAt: Date | null; expiresAt: Date };
export type DraftKey = { tenantId: string; formId: string; tokenHash: string };

type Row = { id: string; form_id: string; version: number; answers: Answers; submitted_at: Date | null; expires_at: Date };
const toDraft = (row: Row): Draft => ({
  id: row.id,
  formId: row.form_id,
  version: row.version,
  answers: row.answers,
  submittedAt: row.submitted_at,
  expiresAt: row.expires_at,
});

/** Starts afresh ("Antrag starten"): an open draft of the same browser is replaced. */
export async function startDraft(tx: Queryable, key: DraftKey, version: number, userId: string | null, lifetimeDays = draftLifetimeDays): Promise<Draft> {
  await tx.query(sql`
    delete from form_drafts
    where tenant_id = ${key.tenantId} and form_id = ${key.formId} and token_hash = ${key.tokenHash} and submitted_at is null`);
  const row = await one<Row>(tx, sql`
    insert into form_drafts (tenant_id, form_id, version, token_hash, user_id, expires_at)
    values (${key.tenantId}, ${key.formId}, ${version}, ${key.tokenHash}, ${userId}, now() + ${lifetime(lifetimeDays)}::interval)
    returning id, form_id, version, answers, submitted_at, expires_at`);
  const draft = toDraft(row);
  await audit(tx, key.tenantId, userId, 'draft.started', draft.id, { formId: key.formId, version });
  return draft;
}

/**
 * The browser's most recent unexpired draft of the form, open or already submitted (the caller
 * decides: a submitted one leads to its receipt). `forUpdate` serialises concurrent submits.
 */
export async function latestDraft(tx: Queryable, key: DraftKey, options: { forUpdate?: boolean } = {}): Promise<Draft | undefined> {
  const row = await maybeOne<Row>(tx, latestDraftQuery(key, options.forUpdate ?? false));
  return row && toDraft(row);
}

/** The statement of `latestDraft`: answered by the index form_drafts_browser (migration 0028). */
export function latestDraftQuery(key: DraftKey, forUpdate: boolean): SqlFragment {
  return sql`
    select id, form_id, version, answers, submitted_at, expires_at from form_drafts
    where tenant_id = ${key.tenantId} and form_id = ${key.formId} and token_hash = ${key.tokenHash} and expires_at > now()
    order by submitted_at is null desc, created_at desc limit 1 ${forUpdate ? sql`for update` : sql``}`;
}

/** Stores the answers of an open draft and extends its life. */
export async function saveAnswers(tx: Queryable, tenantId: string, draftId: string, answers: Answers, userId: string | null, lifetimeDays = draftLifetimeDays): Promise<void> {
  await tx.query(sql`
    update form_drafts set answers = ${JSON.stringify(answers)}::jsonb, updated_at = now(),
      expires_at = now() + ${lifetime(lifetimeDays)}::interval
    where tenant_id = ${tenantId} and id = ${draftId} and submitted_at is null`);
  await audit(tx, tenantId, userId, 'draft.saved', draftId, { fields: Object.keys(answers).length });
}

/** Drafts are audited without their answers: the log outlives them and must hold no personal data. */
function audit(tx: Queryable, tenantId: string, userId: string | null, action: string, draftId: string, data: Record<string, unknown>): Promise<void> {
  return appendAudit(tx, { tenantId, actorId: userId, action, subjectType: 'form_draft', subjectId: draftId, data });
}
