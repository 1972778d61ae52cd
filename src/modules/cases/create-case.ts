/**
 * From submission to case: the consumer of the outbox topic `submission.received`. Runs in the
 * receiving tenant's scope, so RLS keeps it inside that tenant. Idempotent: the outbox delivers at
 * least once, and `unique (tenant_id, submission_id)` turns a redelivery into a no-op.
 *
 * Routing: the form's first LeiKa service key that the catalog knows names the service; the
 * tenant's offer of that service names the office (its inbox) and the processing days that set
 * the due date (the service's case settings may override them, src/modules/cases/decisions).
 * A form without an offer lands in the tenant's general inbox (no office).
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { enqueue } from '../../platform/jobs/outbox.ts';
import type { FormDefinition } from '../forms/definition/types.ts';
import type { Answers } from '../forms/runtime/answers.ts';
import { applicantOf } from '../forms/runtime/applicant.ts';
import { appendCaseEvent } from './events.ts';

export const submissionTopic = 'submission.received';

type SubmissionRow = {
  id: string;
  reference: string;
  form_id: string;
  version: number;
  answers: Answers;
  submitted_at: Date;
  user_id: string | null;
  definition: FormDefinition;
};

export type CaseCreation = { caseId: string; created: boolean } | undefined;

export async function createCaseFromSubmission(db: Database, tenantId: string, submissionId: string): Promise<CaseCreation> {
  return db.transaction({ tenantId, userId: null }, (tx) => insertCaseForSubmission(tx, tenantId, submissionId));
}

/** The case of a submission, created in the caller's transaction unless it exists. */
export async function insertCaseForSubmission(tx: Queryable, tenantId: string, submissionId: string): Promise<CaseCreation> {
  const existing = await maybeOne<{ id: string }>(tx, sql`select id from cases where tenant_id = ${tenantId} and submission_id = ${submissionId}`);
  if (existing) return { caseId: existing.id, created: false };
  const submission = await maybeOne<SubmissionRow>(tx, sql`
    select s.id, s.reference, s.form_id, s.version, s.answers, s.submitted_at, s.user_id, v.definition
    from submissions s
    join form_versions v on v.tenant_id = coalesce(s.form_tenant_id, s.tenant_id) and v.form_id = s.form_id and v.version = s.version
    where s.tenant_id = ${tenantId} and s.id = ${submissionId}`);
  if (!submission) return undefined;
  const def = submission.definition;
  const service = await maybeOne<{ key: string }>(tx, sql`
    select key from services where key = any(${[...(def.serviceKeys ?? [])]}) order by array_position(${[...(def.serviceKeys ?? [])]}::text[], key) limit 1`);
  const offer = service
    ? await maybeOne<{ office_id: string | null; processing_days: number | null }>(tx, sql`
        select o.office_id, coalesce(cs.processing_days, o.processing_days) as processing_days
        from offers o left join case_settings cs on cs.tenant_id = o.tenant_id and cs.service_key = o.service_key
        where o.tenant_id = ${tenantId} and o.service_key = ${service.key}`)
    : undefined;
  const applicant = applicantOf(def, submission.answers);
  const created = await maybeOne<{ id: string }>(tx, sql`
    insert into cases (tenant_id, reference, submission_id, form_id, form_version, form_title, service_key, office_id,
                       applicant_user_id, applicant_name, applicant_email, received_at, due_at, status_model_version, search)
    values (${tenantId}, ${submission.reference}, ${submission.id}, ${submission.form_id}, ${submission.version}, ${def.title.de},
            ${service?.key ?? null}, ${offer?.office_id ?? null}, ${submission.user_id}, ${applicant.name}, ${applicant.email},
            ${submission.submitted_at.toISOString()}::timestamptz,
            ${offer?.processing_days ?? null}::integer * interval '1 day' + ${submission.submitted_at.toISOString()}::timestamptz,
            -- The service's status model as it is now; later versions apply to later cases only.
            (select max(version) from case_status_models where tenant_id = ${tenantId} and service_key = ${service?.key ?? null}),
            setweight(to_tsvector('simple', ${applicant.name}), 'A')
              || setweight(to_tsvector('simple', ${submission.reference}), 'A')
              || setweight(jsonb_to_tsvector('german', ${JSON.stringify(submission.answers)}::jsonb, '["string", "numeric"]'), 'C'))
    on conflict (tenant_id, submission_id) do nothing
    returning id`);
  if (!created) {
    const raced = await maybeOne<{ id: string }>(tx, sql`select id from cases where tenant_id = ${tenantId} and submission_id = ${submissionId}`);
    return raced && { caseId: raced.id, created: false };
  }
  await enqueue(tx, { tenantId, topic: 'records.file_case', payload: { caseId: created.id } });
  await appendCaseEvent(tx, {
    tenantId,
    caseId: created.id,
    actorId: null,
    kind: 'received',
    visible: true,
    audit: { reference: submission.reference, submissionId: submission.id, officeId: offer?.office_id ?? null },
  });
  return { caseId: created.id, created: true };
}
