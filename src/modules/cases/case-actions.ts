/**
 * What caseworkers do to a case. Each action is one transaction: lock the case, check the acting
 * person may act and the change is allowed, change the row, append the timeline event and the
 * audit entry, and queue the applicant's notice, so all of it happens or none of it.
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { findCase, type CaseDetail } from './case-store.ts';
import { insertMessageFiles, type StoredMessageFile } from './message-files.ts';
import { appendCaseEvent, recordStatusChange } from './events.ts';
import { notifyApplicant, type NoticeContext } from './notify-applicant.ts';
import { uuidPattern } from './office-access.ts';
import type { CaseStaff } from './staff-access.ts';
import { allows, parsePositionValue, positionFor, stepAt } from './status-model/model.ts';
import { isCaseStatus, openStatuses } from './workflow.ts';

export type ActionOutcome = { kind: 'done' } | { kind: 'notFound' } | { kind: 'forbidden' } | { kind: 'invalid'; field: string; code: string };

const done: ActionOutcome = { kind: 'done' };
const invalid = (field: string, code: string): ActionOutcome => ({ kind: 'invalid', field, code });

async function withCase(db: Database, staff: CaseStaff, caseId: string, work: (tx: Queryable, current: CaseDetail) => Promise<ActionOutcome>): Promise<ActionOutcome> {
  if (!staff.canAct) return { kind: 'forbidden' };
  return db.transaction(staff.scope, async (tx) => {
    const current = await findCase(tx, staff.scope.tenantId, caseId, staff.offices, true);
    if (!current) return { kind: 'notFound' };
    return work(tx, current);
  });
}

const touch = (tx: Queryable, current: CaseDetail, changes: ReturnType<typeof sql>) =>
  tx.query(sql`update cases set ${changes}, updated_at = now() where tenant_id = ${current.tenantId} and id = ${current.id}`);

/**
 * Moves the case to another phase or work step of its status model (status-model/model.ts).
 * `target` is the form value: a phase, or `in_pruefung:<step>`; a bare `in_pruefung` means the
 * step the model offers next (so clients that know only the phases keep working).
 */
export async function changeStatus(db: Database, staff: CaseStaff, caseId: string, target: string, notice: NoticeContext): Promise<ActionOutcome> {
  return withCase(db, staff, caseId, async (tx, current) => {
    const model = current.statusModel;
    const from = { status: current.status, step: current.statusStep };
    const wanted = parsePositionValue(target);
    if (!isCaseStatus(wanted.status)) return invalid('status', 'transition_not_allowed');
    const to = wanted.step === null ? positionFor(model, from, wanted.status) : { status: wanted.status, step: wanted.step };
    if (!to || !allows(model, from, to)) return invalid('status', 'transition_not_allowed');
    await touch(tx, current, to.status === 'abgeschlossen'
      ? sql`status = ${to.status}, status_step = ${to.step}, closed_at = now()`
      : sql`status = ${to.status}, status_step = ${to.step}`);
    await recordStatusChange(tx, { tenantId: current.tenantId, caseId: current.id, actorId: staff.scope.userId, from, to, model });
    // A move between two steps the applicant does not see is internal: no notice for it.
    if (to.status !== from.status || stepAt(model, to)?.shownToApplicant) {
      await notifyApplicant(tx, { tenantId: current.tenantId, caseId: current.id, reference: current.reference, email: current.applicantEmail }, 'status', notice);
    }
    return done;
  });
}

export async function assignCase(db: Database, staff: CaseStaff, caseId: string, assigneeId: string | null): Promise<ActionOutcome> {
  return withCase(db, staff, caseId, async (tx, current) => {
    if (assigneeId !== null) {
      if (!uuidPattern.test(assigneeId)) return invalid('assignee', 'unknown_assignee');
      const member = await maybeOne(tx, sql`
        select 1 from tenant_memberships where tenant_id = ${current.tenantId} and user_id = ${assigneeId} and role in ('admin', 'caseworker')`);
      if (!member) return invalid('assignee', 'unknown_assignee');
    }
    if (assigneeId === current.assigneeId) return done;
    await touch(tx, current, sql`assignee_id = ${assigneeId}`);
    await appendCaseEvent(tx, {
      tenantId: current.tenantId,
      caseId: current.id,
      actorId: staff.scope.userId,
      kind: 'assigned',
      visible: false,
      data: { from: current.assigneeId, to: assigneeId },
      audit: { from: current.assigneeId, to: assigneeId },
    });
    return done;
  });
}

/** Re-routing to another office of the same tenant (e.g. the citizen chose the wrong service). */
export async function moveToOffice(db: Database, staff: CaseStaff, caseId: string, officeId: string, reason: string): Promise<ActionOutcome> {
  return withCase(db, staff, caseId, async (tx, current) => {
    if (!uuidPattern.test(officeId)) return invalid('office', 'unknown_office');
    const office = await maybeOne(tx, sql`select 1 from offices where tenant_id = ${current.tenantId} and id = ${officeId}`);
    if (!office) return invalid('office', 'unknown_office');
    if (reason.trim().length < 3) return invalid('reason', 'required');
    if (officeId === current.officeId) return done;
    // Moving a case out of one's own offices ends one's own access to it: the assignment goes too.
    await touch(tx, current, sql`office_id = ${officeId}, assignee_id = null`);
    await appendCaseEvent(tx, {
      tenantId: current.tenantId,
      caseId: current.id,
      actorId: staff.scope.userId,
      kind: 'office_changed',
      visible: false,
      data: { from: current.officeId, to: officeId, reason: reason.trim().slice(0, 1000) },
      audit: { from: current.officeId, to: officeId },
    });
    return done;
  });
}

export async function setDueDate(db: Database, staff: CaseStaff, caseId: string, isoDay: string): Promise<ActionOutcome> {
  return withCase(db, staff, caseId, async (tx, current) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDay) || Number.isNaN(Date.parse(`${isoDay}T00:00:00Z`))) return invalid('due', 'invalid_date');
    await touch(tx, current, sql`due_at = (${isoDay}::date + 1)::timestamp at time zone 'Europe/Berlin'`);
    await appendCaseEvent(tx, {
      tenantId: current.tenantId,
      caseId: current.id,
      actorId: staff.scope.userId,
      kind: 'due_changed',
      visible: false,
      data: { to: isoDay },
      audit: { to: isoDay },
    });
    return done;
  });
}

export async function addNote(db: Database, staff: CaseStaff, caseId: string, text: string): Promise<ActionOutcome> {
  return withCase(db, staff, caseId, async (tx, current) => {
    const body = text.trim();
    if (body.length === 0) return invalid('note', 'required');
    if (body.length > 5000) return invalid('note', 'too_long');
    await appendCaseEvent(tx, { tenantId: current.tenantId, caseId: current.id, actorId: staff.scope.userId, kind: 'note', visible: false, data: { text: body } });
    return done;
  });
}

/**
 * A message to the applicant, optionally with files (a letter as PDF) that were checked and
 * stored before (web/message-uploads.ts). With `requestsReply` it is a Rückfrage: the case waits
 * for the applicant (status `rueckfrage`) until they answer or a caseworker resumes the examination.
 */
export async function sendMessage(
  db: Database,
  staff: CaseStaff,
  caseId: string,
  message: { text: string; requestsReply: boolean; files?: readonly StoredMessageFile[] },
  notice: NoticeContext,
): Promise<ActionOutcome> {
  const files = message.files ?? [];
  const requestsReply = message.requestsReply;
  return withCase(db, staff, caseId, async (tx, current) => {
    const body = message.text.trim();
    if (body.length === 0 && files.length === 0) return invalid('message', 'required');
    if (body.length > 10000) return invalid('message', 'too_long');
    if (!openStatuses.includes(current.status)) return invalid('message', 'case_closed');
    const from = { status: current.status, step: current.statusStep };
    const startsQuery = requestsReply && current.status !== 'rueckfrage';
    const query = startsQuery ? positionFor(current.statusModel, from, 'rueckfrage') : undefined;
    if (startsQuery && !query) return invalid('message', 'transition_not_allowed');
    const [row] = await tx.query<{ id: string }>(sql`
      insert into case_messages (tenant_id, case_id, direction, author_id, body, requests_reply)
      values (${current.tenantId}, ${current.id}, 'to_applicant', ${staff.scope.userId}, ${body}, ${requestsReply})
      returning id`);
    if (!row) throw new Error('message not stored');
    await insertMessageFiles(tx, current.tenantId, current.id, row.id, files);
    await appendCaseEvent(tx, {
      tenantId: current.tenantId,
      caseId: current.id,
      actorId: staff.scope.userId,
      kind: 'message_sent',
      visible: true,
      data: { requestsReply, files: files.length },
      audit: { messageId: row.id, files: files.map((file) => file.sha256) },
    });
    if (query) {
      await touch(tx, current, sql`status = 'rueckfrage'`);
      await recordStatusChange(tx, { tenantId: current.tenantId, caseId: current.id, actorId: staff.scope.userId, from, to: query, model: current.statusModel });
    }
    await notifyApplicant(tx, { tenantId: current.tenantId, caseId: current.id, reference: current.reference, email: current.applicantEmail }, 'message', notice);
    return done;
  });
}

/**
 * The issued Bescheid went by post (§ 41 Abs. 2 VwVfG), because notification through the portal
 * did not take effect (decisions/postal-delivery.ts put the case on the list).
 */
export async function markPostSent(db: Database, staff: CaseStaff, caseId: string): Promise<ActionOutcome> {
  return withCase(db, staff, caseId, async (tx, current) => {
    if (current.decisionDelivery !== 'post_required') return invalid('post', 'not_required');
    await touch(tx, current, sql`decision_delivery = 'post_sent', post_sent_at = now(), post_sent_by = ${staff.scope.userId}`);
    await appendCaseEvent(tx, { tenantId: current.tenantId, caseId: current.id, actorId: staff.scope.userId, kind: 'decision_posted', visible: true, audit: { reason: current.postReason } });
    return done;
  });
}
