/** The case API's JSON shapes, made from the case store's records (case-store.ts, case-files.ts). */
import { targetsFrom } from '../status-model/model.ts';
import type { CaseDetail, CaseEvent } from '../case-store.ts';
import type { CaseFile } from '../case-files.ts';
import type { InboxRow } from '../inbox-query.ts';

export const casePath = (caseId: string) => `/api/v1/cases/${caseId}`;

export function caseSummaryJson(row: InboxRow, baseUrl: string) {
  return {
    id: row.id,
    reference: row.reference,
    formTitle: row.formTitle,
    applicantName: row.applicantName,
    status: row.status,
    officeId: row.officeId,
    assigneeId: row.assigneeId,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    url: `${baseUrl}${casePath(row.id)}`,
  };
}

export function caseDetailJson(detail: CaseDetail, files: readonly CaseFile[], events: readonly CaseEvent[], baseUrl: string) {
  return {
    id: detail.id,
    reference: detail.reference,
    status: detail.status,
    step: detail.statusStep,
    statusModelVersion: detail.statusModel.version,
    // Where the case may go next under its service's status model (status-model/model.ts).
    transitions: targetsFrom(detail.statusModel, { status: detail.status, step: detail.statusStep }).map((target) => ({
      status: target.status,
      step: target.status === 'in_pruefung' ? target.step : null,
    })),
    formTitle: detail.formTitle,
    serviceKey: detail.serviceKey,
    office: detail.officeId ? { id: detail.officeId, name: detail.officeName } : null,
    assignee: detail.assigneeId ? { id: detail.assigneeId, name: detail.assigneeName } : null,
    receivedAt: detail.receivedAt,
    dueAt: detail.dueAt,
    closedAt: detail.closedAt,
    applicant: { name: detail.applicantName, email: detail.applicantEmail, userId: detail.applicantUserId },
    answers: detail.answers,
    files: files.map((file) => ({ ...file, url: `${baseUrl}${casePath(detail.id)}/files/${file.id}` })),
    timeline: events.map((event) => ({
      seq: event.seq,
      occurredAt: event.occurredAt,
      actorName: event.actorName,
      kind: event.kind,
      visibleToApplicant: event.visible,
      data: event.data,
    })),
  };
}

/** What a write answers: the case's state after it (no personal data). */
export function caseStateJson(detail: CaseDetail) {
  return { id: detail.id, reference: detail.reference, status: detail.status, step: detail.statusStep, assigneeId: detail.assigneeId };
}
