/**
 * Reading one case for the case page: the case, the answers as submitted (with the exact form
 * version they were given to), its timeline and its message thread. Every read runs in the
 * staff member's tenant scope and honours their office access; a case they may not see is
 * "not found", exactly like a case that does not exist.
 */
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import type { FormDefinition } from '../forms/definition/types.ts';
import type { Answers } from '../forms/runtime/answers.ts';
import { messageFilesOfCase, type MessageFile } from './message-files.ts';
import { officeCondition, uuidPattern, type OfficeAccess } from './office-access.ts';
import { defaultStatusModel, type StatusModel } from './status-model/model.ts';
import { toModel, type StatusModelRow } from './status-model/store.ts';
import type { CaseStatus } from './workflow.ts';

export type CaseDetail = {
  id: string;
  tenantId: string;
  reference: string;
  formTitle: string;
  serviceKey: string | null;
  officeId: string | null;
  officeName: string | null;
  status: CaseStatus;
  /** The work step inside "in Prüfung" (status-model/model.ts), kept while a query is open. */
  statusStep: string | null;
  /** The status model version the case was received with (migration 0027). */
  statusModel: StatusModel;
  assigneeId: string | null;
  assigneeName: string | null;
  applicantName: string;
  applicantEmail: string | null;
  applicantUserId: string | null;
  receivedAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
  /** § 41 Abs. 2a VwVfG: the applicant's consent to notification through the portal; null = not answered. */
  portalConsent: boolean | null;
  decisionDelivery: DecisionDelivery | null;
  postReason: PostReason | null;
  answers: Answers;
  definition: FormDefinition;
};

export type CaseEvent = { seq: number; occurredAt: Date; actorName: string | null; kind: string; visible: boolean; data: Record<string, unknown> };
export type CaseMessage = {
  id: string;
  direction: 'to_applicant' | 'from_applicant';
  authorName: string | null;
  body: string;
  requestsReply: boolean;
  createdAt: Date;
  /** Files sent with the message (migration 0020). */
  files: MessageFile[];
};

/** How the issued Bescheid reaches the applicant (migration 0020, decisions/postal-delivery.ts). */
export type DecisionDelivery = 'portal' | 'portal_done' | 'post_required' | 'post_sent';
export type PostReason = 'consent_declined' | 'consent_missing' | 'not_retrieved';

type DetailRow = {
  id: string;
  tenant_id: string;
  reference: string;
  form_title: string;
  service_key: string | null;
  office_id: string | null;
  office_name: string | null;
  status: CaseStatus;
  status_step: string | null;
  status_model: StatusModelRow | null;
  assignee_id: string | null;
  assignee_name: string | null;
  applicant_name: string;
  applicant_email: string | null;
  applicant_user_id: string | null;
  received_at: Date;
  due_at: Date | null;
  closed_at: Date | null;
  portal_consent: boolean | null;
  decision_delivery: DecisionDelivery | null;
  post_reason: PostReason | null;
  answers: Answers;
  definition: FormDefinition;
};

/** The case with its answers; `lock` takes the row lock every change to a case starts with. */
export async function findCase(tx: Queryable, tenantId: string, caseId: string, access: OfficeAccess, lock = false): Promise<CaseDetail | undefined> {
  if (!uuidPattern.test(caseId)) return undefined;
  if (lock) {
    const locked = await maybeOne<{ id: string }>(tx, sql`
      select c.id from cases c where c.tenant_id = ${tenantId} and c.id = ${caseId} and ${officeCondition(access)} for update`);
    if (!locked) return undefined;
  }
  const row = await maybeOne<DetailRow>(tx, sql`
    select c.id, c.tenant_id, c.reference, c.form_title, c.service_key, c.office_id, o.name as office_name, c.status,
           c.status_step,
           case when m.version is null then null else jsonb_build_object('version', m.version, 'steps', m.steps, 'queries', m.queries,
             'direct_decision', m.direct_decision, 'any_order', m.any_order) end as status_model,
           c.assignee_id, u.display_name as assignee_name, c.applicant_name, c.applicant_email, c.applicant_user_id,
           c.received_at, c.due_at, c.closed_at, c.portal_consent, c.decision_delivery, c.post_reason, s.answers, v.definition
    from cases c
    join submissions s on s.tenant_id = c.tenant_id and s.id = c.submission_id
    -- A transferred case shows the sending tenant's published form version (migration 0014).
    join form_versions v on v.tenant_id = coalesce(s.form_tenant_id, c.tenant_id) and v.form_id = c.form_id and v.version = c.form_version
    left join offices o on o.tenant_id = c.tenant_id and o.id = c.office_id
    left join users u on u.id = c.assignee_id
    left join case_status_models m on m.tenant_id = c.tenant_id and m.service_key = c.service_key and m.version = c.status_model_version
    where c.tenant_id = ${tenantId} and c.id = ${caseId} and ${officeCondition(access)}`);
  return row && {
    id: row.id,
    tenantId: row.tenant_id,
    reference: row.reference,
    formTitle: row.form_title,
    serviceKey: row.service_key,
    officeId: row.office_id,
    officeName: row.office_name,
    status: row.status,
    statusStep: row.status_step,
    statusModel: row.status_model ? toModel(row.status_model) : defaultStatusModel,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    applicantName: row.applicant_name,
    applicantEmail: row.applicant_email,
    applicantUserId: row.applicant_user_id,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    closedAt: row.closed_at,
    portalConsent: row.portal_consent,
    decisionDelivery: row.decision_delivery,
    postReason: row.post_reason,
    answers: row.answers,
    definition: row.definition,
  };
}

export async function caseTimeline(tx: Queryable, tenantId: string, caseId: string, visibleOnly = false): Promise<CaseEvent[]> {
  const rows = await tx.query<{ seq: number; occurred_at: Date; actor_name: string | null; kind: string; visible: boolean; data: Record<string, unknown> }>(sql`
    select e.seq, e.occurred_at, u.display_name as actor_name, e.kind, e.visible, e.data
    from case_events e left join users u on u.id = e.actor_id
    where e.tenant_id = ${tenantId} and e.case_id = ${caseId} ${visibleOnly ? sql`and e.visible` : sql``}
    order by e.seq`);
  return rows.map((row) => ({ seq: row.seq, occurredAt: row.occurred_at, actorName: row.actor_name, kind: row.kind, visible: row.visible, data: row.data }));
}

export async function caseMessages(tx: Queryable, tenantId: string, caseId: string): Promise<CaseMessage[]> {
  const rows = await tx.query<{ id: string; direction: CaseMessage['direction']; author_name: string | null; body: string; requests_reply: boolean; created_at: Date }>(sql`
    select m.id, m.direction, u.display_name as author_name, m.body, m.requests_reply, m.created_at
    from case_messages m left join users u on u.id = m.author_id
    where m.tenant_id = ${tenantId} and m.case_id = ${caseId}
    order by m.created_at, m.id`);
  const files = await messageFilesOfCase(tx, tenantId, caseId);
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction,
    authorName: row.author_name,
    body: row.body,
    requestsReply: row.requests_reply,
    createdAt: row.created_at,
    files: files.filter((file) => file.messageId === row.id),
  }));
}

/** Staff of the tenant who can be assigned cases (admins and caseworkers), by name. */
export async function assignableStaff(tx: Queryable, tenantId: string): Promise<{ id: string; name: string }[]> {
  const rows = await tx.query<{ id: string; display_name: string }>(sql`
    select distinct u.id, u.display_name from tenant_memberships m join users u on u.id = m.user_id
    where m.tenant_id = ${tenantId} and m.role in ('admin', 'caseworker') and u.disabled_at is null
      -- An API client's technical user (migration 0026) acts, but is no person to hand a case to.
      and not exists (select 1 from case_api_clients a where a.tenant_id = m.tenant_id and a.user_id = u.id)
    order by u.display_name, u.id`);
  return rows.map((row) => ({ id: row.id, name: row.display_name }));
}
