/**
 * Handing a case to the authority that is responsible (Abgabe, § 3 VwVfG; migration 0014). The
 * sending caseworker closes their case as `abgegeben` with a reason, in their tenant's scope; the
 * outbox job `case.transfer` then gives the receiving tenant its own copy of the submission (and
 * of its files' rows) and a new case, in one transaction that only a worker (schema owner) may
 * run, since it reads one tenant and writes another. Idempotent: a redelivered job finds the copy.
 */
import crypto from 'node:crypto';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { enqueue } from '../../platform/jobs/outbox.ts';
import type { OutboxWorker } from '../../platform/jobs/worker.ts';
import { findCase } from './case-store.ts';
import { insertCaseForSubmission } from './create-case.ts';
import { appendCaseEvent } from './events.ts';
import { notifyApplicant, type NoticeContext } from './notify-applicant.ts';
import { uuidPattern } from './office-access.ts';
import type { CaseStaff } from './staff-access.ts';
import type { ActionOutcome } from './case-actions.ts';
import { openStatuses } from './workflow.ts';

export const transferTopic = 'case.transfer';

type TransferPayload = { fromTenantId: string; fromCaseId: string; toTenantId: string; reason: string; notice: { baseUrl: string; districtName: string } };

export async function transferCase(db: Database, staff: CaseStaff, caseId: string, toTenantId: string, reason: string, notice: NoticeContext): Promise<ActionOutcome> {
  if (!staff.canAct) return { kind: 'forbidden' };
  const why = reason.trim();
  return db.transaction(staff.scope, async (tx) => {
    const current = await findCase(tx, staff.scope.tenantId, caseId, staff.offices, true);
    if (!current) return { kind: 'notFound' };
    if (!uuidPattern.test(toTenantId) || toTenantId === current.tenantId) return { kind: 'invalid', field: 'tenant', code: 'unknown_tenant' };
    const target = await maybeOne<{ name: string }>(tx, sql`select name from tenants where id = ${toTenantId}`);
    if (!target) return { kind: 'invalid', field: 'tenant', code: 'unknown_tenant' };
    if (why.length < 3) return { kind: 'invalid', field: 'transferReason', code: 'required' };
    if (!openStatuses.includes(current.status)) return { kind: 'invalid', field: 'tenant', code: 'case_closed' };
    await tx.query(sql`
      update cases set status = 'abgegeben', transferred_to_tenant_id = ${toTenantId}, closed_at = now(), updated_at = now()
      where tenant_id = ${current.tenantId} and id = ${current.id}`);
    await appendCaseEvent(tx, {
      tenantId: current.tenantId,
      caseId: current.id,
      actorId: staff.scope.userId,
      kind: 'transferred',
      visible: true,
      data: { from: current.status, to: 'abgegeben', tenant: target.name, reason: why.slice(0, 1000) },
      audit: { from: current.status, to: 'abgegeben', toTenantId },
    });
    const payload: TransferPayload = {
      fromTenantId: current.tenantId,
      fromCaseId: current.id,
      toTenantId,
      reason: why.slice(0, 1000),
      notice: { baseUrl: notice.baseUrl, districtName: notice.districtName },
    };
    await enqueue(tx, { tenantId: current.tenantId, topic: transferTopic, payload });
    await notifyApplicant(tx, { tenantId: current.tenantId, caseId: current.id, reference: current.reference, email: current.applicantEmail }, 'status', notice);
    return { kind: 'done' };
  });
}

/** The receiving side: copy the submission and its file rows, then the new case; returns its id. */
export async function receiveTransfer(tx: Queryable, payload: TransferPayload): Promise<string | undefined> {
  const from = await maybeOne<{ submission_id: string; name: string }>(tx, sql`
    select c.submission_id, t.name from cases c join tenants t on t.id = c.tenant_id
    where c.tenant_id = ${payload.fromTenantId} and c.id = ${payload.fromCaseId}`);
  if (!from) return undefined;
  const existing = await maybeOne<{ id: string }>(tx, sql`
    select id from submissions
    where tenant_id = ${payload.toTenantId} and transferred_from_tenant_id = ${payload.fromTenantId} and transferred_from_submission_id = ${from.submission_id}`);
  const submission = existing ?? (await copySubmission(tx, payload, from.submission_id));
  if (!submission) return undefined;
  const created = await insertCaseForSubmission(tx, payload.toTenantId, submission.id);
  if (!created) return undefined;
  if (created.created) {
    await tx.query(sql`update cases set transferred_from_tenant_id = ${payload.fromTenantId} where tenant_id = ${payload.toTenantId} and id = ${created.caseId}`);
    await appendCaseEvent(tx, {
      tenantId: payload.toTenantId,
      caseId: created.caseId,
      actorId: null,
      kind: 'received_by_transfer',
      visible: true,
      data: { tenant: from.name, reason: payload.reason },
      audit: { fromTenantId: payload.fromTenantId, fromCaseId: payload.fromCaseId },
    });
    // The applicant's link to the new authority's status page (its own secret).
    const target = await maybeOne<{ reference: string; applicant_email: string | null; slug: string }>(tx, sql`
      select c.reference, c.applicant_email, t.slug from cases c join tenants t on t.id = c.tenant_id
      where c.tenant_id = ${payload.toTenantId} and c.id = ${created.caseId}`);
    if (target) {
      await notifyApplicant(tx, { tenantId: payload.toTenantId, caseId: created.caseId, reference: target.reference, email: target.applicant_email }, 'status', {
        ...payload.notice,
        tenantSlug: target.slug,
      });
    }
  }
  return created.caseId;
}

type OriginalFile = { id: string; field_id: string; file_name: string; media_type: string; size: number; sha256: string; scan_result: string; created_at: Date };

/** Replaces the ids of file references (objects with `id` and `mediaType`) anywhere in the answers. */
function renameFiles(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameFiles(item, ids));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'string' && typeof record.mediaType === 'string') return { ...record, id: ids.get(record.id) ?? record.id };
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, renameFiles(inner, ids)]));
}

/**
 * The receiver's copy of the submission and of its files' rows. Files get new ids (a case handed
 * back must not collide with the original rows) and the answers' references follow; the bytes
 * are shared through their content address. The applicant's reference travels along; only if the
 * receiver already knows it (a case handed back) does the copy get a suffix.
 */
async function copySubmission(tx: Queryable, payload: TransferPayload, submissionId: string): Promise<{ id: string } | undefined> {
  const original = await maybeOne<{ reference: string; form_id: string; version: number; answers: Record<string, unknown>; submitted_at: Date; token_hash: string; user_id: string | null; form_tenant_id: string; draft_id: string }>(tx, sql`
    select reference, form_id, version, answers, submitted_at, token_hash, user_id, coalesce(form_tenant_id, tenant_id) as form_tenant_id, draft_id
    from submissions where tenant_id = ${payload.fromTenantId} and id = ${submissionId}`);
  if (!original) return undefined;
  const files = await tx.query<OriginalFile>(sql`
    select id, field_id, file_name, media_type, size, sha256, scan_result, created_at from attachments
    where tenant_id = ${payload.fromTenantId} and draft_id = ${original.draft_id} order by created_at, id`);
  const ids = new Map(files.map((file) => [file.id, crypto.randomUUID()]));
  const answers = renameFiles(original.answers, ids);
  const draftId = crypto.randomUUID();
  let copy: { id: string } | undefined;
  for (let attempt = 1; !copy && attempt <= 9; attempt++) {
    copy = await maybeOne<{ id: string }>(tx, sql`
      insert into submissions (tenant_id, reference, form_id, version, answers, submitted_at, draft_id, token_hash, user_id,
                               form_tenant_id, transferred_from_tenant_id, transferred_from_submission_id)
      values (${payload.toTenantId}, ${attempt === 1 ? original.reference : `${original.reference}-${attempt}`}, ${original.form_id}, ${original.version},
              ${JSON.stringify(answers)}::jsonb, ${original.submitted_at.toISOString()}::timestamptz, ${draftId}, ${original.token_hash}, ${original.user_id},
              ${original.form_tenant_id}, ${payload.fromTenantId}, ${submissionId})
      on conflict (tenant_id, reference) do nothing
      returning id`);
  }
  if (!copy) return undefined;
  // Files hang on a closed draft, as every submission's do (migration 0007).
  await tx.query(sql`
    insert into form_drafts (tenant_id, id, form_id, version, answers, token_hash, user_id, expires_at, submitted_at)
    values (${payload.toTenantId}, ${draftId}, ${original.form_id}, ${original.version}, '{}'::jsonb, ${original.token_hash}, ${original.user_id}, now(), now())`);
  for (const file of files) {
    await tx.query(sql`
      insert into attachments (tenant_id, id, draft_id, field_id, file_name, media_type, size, sha256, scan_result, created_at)
      values (${payload.toTenantId}, ${ids.get(file.id)}, ${draftId}, ${file.field_id}, ${file.file_name}, ${file.media_type}, ${file.size},
              ${file.sha256}, ${file.scan_result}, ${file.created_at.toISOString()}::timestamptz)`);
  }
  return copy;
}

export function registerTransferJobs(worker: OutboxWorker, db: Database): void {
  worker.handle(transferTopic, async (job) => {
    const payload = job.payload as TransferPayload;
    const caseId = await db.ownerTransaction((tx) => receiveTransfer(tx, payload));
    if (!caseId) throw new Error(`transfer job ${job.id}: case ${payload.fromCaseId} of tenant ${payload.fromTenantId} not found`);
  });
}
