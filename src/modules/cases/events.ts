/**
 * The case timeline: one append-only row per thing that happened. Written in the transaction of
 * the change it records, after the case row is locked (so numbers never collide), next to the
 * audit entry: the timeline is what staff and applicant read, the audit chain what proves it.
 */
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { stepAt, type StatusModel } from './status-model/model.ts';

export type CaseEventKind =
  | 'received'
  | 'status_changed'
  | 'assigned'
  | 'office_changed'
  | 'due_changed'
  | 'note'
  | 'message_sent'
  | 'message_received'
  | 'withdrawn'
  | 'transferred'
  | 'received_by_transfer'
  // The decision (src/modules/cases/decisions): only its issue and retrieval are the applicant's to see.
  | 'decision_drafted'
  | 'decision_saved'
  | 'decision_submitted'
  | 'decision_returned'
  | 'decision_approved'
  | 'decision_issued'
  | 'decision_retrieved'
  // How the Bescheid was notified (§ 41 VwVfG; decisions/postal-delivery.ts, migration 0020).
  | 'portal_consent'
  | 'decision_notified'
  | 'decision_post_required'
  | 'decision_posted';

export type CaseEventInput = {
  tenantId: string;
  caseId: string;
  actorId: string | null;
  kind: CaseEventKind;
  /** Shown on the applicant's status page. Internal notes and assignments never are. */
  visible: boolean;
  data?: Record<string, unknown>;
  /** Written to the audit log too (without personal data: ids, statuses, not texts). */
  audit?: Record<string, unknown>;
};

export async function appendCaseEvent(tx: Queryable, event: CaseEventInput): Promise<void> {
  await tx.query(sql`
    insert into case_events (tenant_id, case_id, seq, actor_id, kind, visible, data)
    select ${event.tenantId}, ${event.caseId}, coalesce(max(seq), 0) + 1, ${event.actorId}, ${event.kind}, ${event.visible},
           ${JSON.stringify(event.data ?? {})}::jsonb
    from case_events where tenant_id = ${event.tenantId} and case_id = ${event.caseId}`);
  await appendAudit(tx, {
    tenantId: event.tenantId,
    actorId: event.actorId,
    action: `case.${event.kind}`,
    subjectType: 'case',
    subjectId: event.caseId,
    data: event.audit ?? {},
  });
}

type Position = { status: string; step: string | null };

/** The step as the timeline keeps it: with its labels, so a later model version cannot change history. */
function stepData(model: StatusModel | undefined, position: Position): StepData | undefined {
  const step = model && stepAt(model, position);
  return step && { key: step.key, de: step.labelDe, en: step.labelEn, shown: step.shownToApplicant };
}

export type StepData = { key: string; de: string; en: string | null; shown: boolean };

/**
 * A change of status or work step, in the timeline and the audit log. The applicant sees every
 * change of phase; a move between two work steps only when the new step is shown to them.
 */
export function recordStatusChange(
  tx: Queryable,
  change: { tenantId: string; caseId: string; actorId: string | null; from: Position | string; to: Position | string; model?: StatusModel },
  kind: 'status_changed' | 'withdrawn' = 'status_changed',
): Promise<void> {
  const from = typeof change.from === 'string' ? { status: change.from, step: null } : change.from;
  const to = typeof change.to === 'string' ? { status: change.to, step: null } : change.to;
  const fromStep = stepData(change.model, from);
  const toStep = stepData(change.model, to);
  const data = { from: from.status, to: to.status, ...(fromStep && { fromStep }), ...(toStep && { toStep }) };
  const visible = from.status !== to.status || toStep?.shown === true;
  const audit = { from: from.status, to: to.status, ...(fromStep && { fromStep: fromStep.key }), ...(toStep && { toStep: toStep.key }) };
  return appendCaseEvent(tx, { tenantId: change.tenantId, caseId: change.caseId, actorId: change.actorId, kind, visible, data, audit });
}
