/**
 * Issuing a decision (Erlass): the PDF is built and stored, the decision becomes immutable, the
 * case becomes `entschieden`, the applicant sees it in the portal and gets a notice without
 * personal data, and the E-Akte is told through the outbox — all in the caller's transaction on
 * the locked case, so either all of it happens or none (a PDF stored for a transaction that then
 * fails stays an unreferenced blob; its content address makes that harmless).
 *
 * Notification: the notice mail only points to the portal. A decision made available for
 * download takes effect as notified on the day after the applicant retrieves it (§ 41 Abs. 2a
 * VwVfG); the first retrieval is recorded on the timeline (applicant-decision.ts). Without the
 * applicant's consent, or without retrieval within ten days, it goes by post (postal-delivery.ts).
 */
import type { Queryable } from '../../../platform/db/database.ts';
import { one } from '../../../platform/db/database.ts';
import { enqueue } from '../../../platform/jobs/outbox.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { FormDefinition } from '../../forms/definition/types.ts';
import type { Answers } from '../../forms/runtime/answers.ts';
import { isAddress } from '../../forms/runtime/answers.ts';
import type { CaseDetail } from '../case-store.ts';
import { appendCaseEvent, recordStatusChange } from '../events.ts';
import { notifyApplicant } from '../notify-applicant.ts';
import { decisionPdf } from './decision-pdf.ts';
import type { Decision } from './decision-store.ts';
import type { IssueContext } from './draft-decision.ts';

/** Outbox topic for the records module: file the issued decision in the E-Akte. */
export const decisionIssuedTopic = 'case.decision_issued';

/**
 * The applicant's postal address: the first address among the top-level answers. Forms without
 * one (or whose only address is e.g. a pick-up place) still get a Bescheid by name; the portal
 * mailbox, not the post, delivers it.
 */
export function addresseeAddress(definition: FormDefinition, answers: Answers): string[] {
  for (const step of definition.steps) {
    for (const field of step.fields) {
      const value = answers[field.id];
      if (field.type === 'address' && isAddress(value)) {
        return [value.street.trim(), `${value.postcode.trim()} ${value.place.trim()}`.trim()].filter((line) => line !== '');
      }
    }
  }
  return [];
}

/** `actorId` issues it: the approver, or (without four eyes) the caseworker who pressed "erlassen". */
type Issue = { current: CaseDetail; decision: Decision; approverId: string | null; actorId: string; context: IssueContext };

export async function issueDecision(tx: Queryable, { current, decision, approverId, actorId, context }: Issue): Promise<void> {
  const issuedAt = new Date();
  const tenant = await one<{ official_name: string; street: string | null; postcode: string | null; city: string | null }>(tx, sql`
    select official_name, street, postcode, city from tenants where id = ${current.tenantId}`);
  // The person who signs "Im Auftrag" takes responsibility for the decision (§ 37 Abs. 3 VwVfG).
  const signer = await one<{ display_name: string }>(tx, sql`select display_name from users where id = ${actorId}`);
  const pdf = await decisionPdf({
    language: decision.language,
    authority: {
      name: tenant.official_name,
      address: [tenant.street, [tenant.postcode, tenant.city].filter(Boolean).join(' ')].filter((line): line is string => Boolean(line)),
    },
    addressee: { name: current.applicantName, address: addresseeAddress(current.definition, current.answers) },
    reference: current.reference,
    formTitle: current.definition.title[decision.language] || current.formTitle,
    receivedAt: current.receivedAt,
    issuedAt,
    outcome: decision.outcome,
    tenor: decision.tenor,
    reasons: decision.reasons,
    legalRemedy: decision.legalRemedy,
    signer: signer.display_name,
    drafter: decision.draftedBy === actorId ? null : decision.draftedByName,
  });
  const blob = await context.blobs.put(pdf);
  await tx.query(sql`
    update case_decisions set status = 'issued', approved_by = ${approverId},
      approved_at = ${approverId ? issuedAt.toISOString() : null}::timestamptz, issued_at = ${issuedAt.toISOString()}::timestamptz,
      pdf_sha256 = ${blob.sha256}, updated_at = now()
    where tenant_id = ${current.tenantId} and case_id = ${current.id} and id = ${decision.id}`);
  const audit = { decisionId: decision.id, outcome: decision.outcome, sha256: blob.sha256, approvedBy: approverId };
  await appendCaseEvent(tx, { tenantId: current.tenantId, caseId: current.id, actorId, kind: 'decision_issued', visible: true, data: { outcome: decision.outcome }, audit });
  // Made available in the portal: postal-delivery.ts checks consent and retrieval (§ 41 Abs. 2a VwVfG).
  await tx.query(sql`update cases set status = 'entschieden', decision_delivery = 'portal', updated_at = now() where tenant_id = ${current.tenantId} and id = ${current.id}`);
  await recordStatusChange(tx, { tenantId: current.tenantId, caseId: current.id, actorId, from: { status: current.status, step: current.statusStep }, to: 'entschieden', model: current.statusModel });
  await enqueue(tx, {
    tenantId: current.tenantId,
    topic: decisionIssuedTopic,
    payload: {
      caseId: current.id,
      decisionId: decision.id,
      reference: current.reference,
      serviceKey: current.serviceKey,
      outcome: decision.outcome,
      sha256: blob.sha256,
      size: blob.size,
      mediaType: 'application/pdf',
      issuedAt: issuedAt.toISOString(),
    },
  });
  await notifyApplicant(tx, { tenantId: current.tenantId, caseId: current.id, reference: current.reference, email: current.applicantEmail }, 'decision', context.notice);
}
