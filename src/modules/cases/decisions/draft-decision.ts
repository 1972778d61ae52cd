/**
 * Drafting a decision: start from the service's template filled with the case's data, edit it,
 * submit it for approval (four eyes) or issue it directly where the service needs no approval.
 * Each step is one transaction on the locked case, with its timeline event and audit entry.
 *
 * The four-eyes rule: the person who wrote the text last (`drafted_by`) cannot approve it. Saving
 * an unchanged text does not make someone its author, so nobody becomes the "second person" of
 * their own text by re-saving a colleague's draft.
 */
import type { BlobStore } from '../../../platform/blobs/blob-store.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { formatDate } from '../../../platform/i18n/format.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import type { ActionOutcome } from '../case-actions.ts';
import { findCase, type CaseDetail } from '../case-store.ts';
import { appendCaseEvent } from '../events.ts';
import type { NoticeContext } from '../notify-applicant.ts';
import type { CaseStaff } from '../staff-access.ts';
import { positionFor } from '../status-model/model.ts';
import { openStatuses } from '../workflow.ts';
import { legalRemedyFor, settingsForService, tenantLegalRemedy } from './case-settings.ts';
import { decisionOfCase, isOutcome, type Decision } from './decision-store.ts';
import { issueDecision } from './issue-decision.ts';
import { decisionMessages } from './messages.ts';
import { answerText, fillTemplate, leftoverPlaceholders } from './placeholders.ts';

export type DecisionText = { outcome: string; tenor: string; reasons: string; legalRemedy: string };
export type DraftStep = 'save' | 'submit' | 'issue';
export type IssueContext = { notice: NoticeContext; blobs: BlobStore };

export const invalid = (field: string, code: string): ActionOutcome => ({ kind: 'invalid', field, code });
export const done: ActionOutcome = { kind: 'done' };

/** Runs `work` on the locked case (and its locked decision), under the staff member's office access. */
export async function withDecision(
  db: Database,
  staff: CaseStaff,
  caseId: string,
  work: (tx: Queryable, current: CaseDetail, decision: Decision | undefined) => Promise<ActionOutcome>,
): Promise<ActionOutcome> {
  if (!staff.canAct) return { kind: 'forbidden' };
  return db.transaction(staff.scope, async (tx) => {
    const current = await findCase(tx, staff.scope.tenantId, caseId, staff.offices, true);
    if (!current) return { kind: 'notFound' };
    return work(tx, current, await decisionOfCase(tx, current.tenantId, current.id, { lock: true }));
  });
}

async function authorityName(tx: Queryable, tenantId: string): Promise<string> {
  return (await maybeOne<{ official_name: string }>(tx, sql`select official_name from tenants where id = ${tenantId}`))?.official_name ?? '';
}

/** A new draft from the service's template (or the standard sentence for the outcome). */
export async function startDraft(db: Database, staff: CaseStaff, caseId: string, outcome: string, language: string): Promise<ActionOutcome> {
  return withDecision(db, staff, caseId, async (tx, current, existing) => {
    if (existing) return invalid('decision', 'exists');
    if (!openStatuses.includes(current.status)) return invalid('decision', 'case_closed');
    if (!isOutcome(outcome)) return invalid('outcome', 'invalid');
    if (language !== 'de' && language !== 'en') return invalid('language', 'invalid');
    const settings = await settingsForService(tx, current.tenantId, current.serviceKey);
    const legalRemedy = legalRemedyFor(settings, (await tenantLegalRemedy(tx, current.tenantId)).remedy, language);
    if (!legalRemedy) return invalid('decision', 'legal_remedy_missing');
    const t = translator(decisionMessages, language);
    const tenorTemplate = (language === 'de' ? settings.tenorDe : settings.tenorEn) ?? t(`template.tenor.${outcome}`);
    const reasonsTemplate = (language === 'de' ? settings.reasonsDe : settings.reasonsEn) ?? '';
    const values = {
      name: current.applicantName,
      aktenzeichen: current.reference,
      antrag: current.definition.title[language] || current.formTitle,
      eingangsdatum: formatDate(current.receivedAt, 'de'),
      datum: formatDate(new Date(), 'de'),
      behoerde: await authorityName(tx, current.tenantId),
    };
    const answer = (id: string) => answerText(current.definition, current.answers, id, language);
    const row = await maybeOne<{ id: string }>(tx, sql`
      insert into case_decisions (tenant_id, case_id, language, outcome, tenor, reasons, legal_remedy, four_eyes, drafted_by)
      values (${current.tenantId}, ${current.id}, ${language}, ${outcome}, ${fillTemplate(tenorTemplate, values, answer)},
              ${fillTemplate(reasonsTemplate, values, answer)}, ${legalRemedy}, ${settings.fourEyes}, ${staff.scope.userId})
      returning id`);
    await appendCaseEvent(tx, {
      tenantId: current.tenantId,
      caseId: current.id,
      actorId: staff.scope.userId,
      kind: 'decision_drafted',
      visible: false,
      audit: { decisionId: row?.id, outcome, language },
    });
    return done;
  });
}

/**
 * Checks a decision text; the first problem, or undefined. § 39 VwVfG: reasons unless granted in
 * full — required once the text is `complete` (submitted or issued), not in a draft being written.
 */
export function checkText(text: DecisionText, complete: boolean): ActionOutcome | undefined {
  if (!isOutcome(text.outcome)) return invalid('outcome', 'invalid');
  if (text.tenor.trim() === '') return invalid('tenor', 'required');
  if (text.tenor.length > 20000) return invalid('tenor', 'too_long');
  if (complete && text.outcome !== 'bewilligt' && text.reasons.trim() === '') return invalid('reasons', 'required');
  if (text.reasons.length > 50000) return invalid('reasons', 'too_long');
  if (text.legalRemedy.trim() === '') return invalid('legalRemedy', 'required');
  if (text.legalRemedy.length > 10000) return invalid('legalRemedy', 'too_long');
  return undefined;
}

/** Ready to go out: no placeholder left, and the case may become `entschieden` (its status model). */
function checkReady(current: CaseDetail, text: { tenor: string; reasons: string; legalRemedy: string }): ActionOutcome | undefined {
  if (leftoverPlaceholders(`${text.tenor}\n${text.reasons}\n${text.legalRemedy}`).length > 0) return invalid('tenor', 'placeholder_left');
  // The service's status model decides from which step a decision may be issued (status-model/model.ts).
  if (!positionFor(current.statusModel, { status: current.status, step: current.statusStep }, 'entschieden')) return invalid('decision', 'transition_not_allowed');
  return undefined;
}

/**
 * Saves the draft's text, then (per `step`) submits it for approval or issues it. A text error
 * changes nothing; a step that cannot be taken yet leaves the saved text and says why.
 */
export async function saveDraft(db: Database, staff: CaseStaff, caseId: string, text: DecisionText, step: DraftStep, context: IssueContext): Promise<ActionOutcome> {
  return withDecision(db, staff, caseId, async (tx, current, decision) => {
    if (!decision) return invalid('decision', 'missing');
    if (decision.status !== 'draft') return invalid('decision', 'not_draft');
    const problem = checkText(text, step !== 'save');
    if (problem) return problem;
    const tenor = text.tenor.trim();
    const reasons = text.reasons.trim();
    const legalRemedy = text.legalRemedy.trim();
    const changed = text.outcome !== decision.outcome || tenor !== decision.tenor || reasons !== decision.reasons || legalRemedy !== decision.legalRemedy;
    if (changed) {
      await tx.query(sql`
        update case_decisions set outcome = ${text.outcome}, tenor = ${tenor}, reasons = ${reasons}, legal_remedy = ${legalRemedy},
          drafted_by = ${staff.scope.userId}, drafted_at = now(), updated_at = now()
        where tenant_id = ${current.tenantId} and case_id = ${current.id} and id = ${decision.id}`);
      await appendCaseEvent(tx, { tenantId: current.tenantId, caseId: current.id, actorId: staff.scope.userId, kind: 'decision_saved', visible: false, audit: { decisionId: decision.id, outcome: text.outcome } });
    }
    if (step === 'save') return done;
    const notReady = checkReady(current, { tenor, reasons, legalRemedy });
    if (notReady) return notReady;
    // The service's rule as it is now, not as it was when the draft began.
    const { fourEyes } = await settingsForService(tx, current.tenantId, current.serviceKey);
    if (step === 'submit') {
      // Asking for a second look is always allowed; then the approval is required.
      await tx.query(sql`
        update case_decisions set status = 'awaiting_approval', four_eyes = true, submitted_at = now(), updated_at = now()
        where tenant_id = ${current.tenantId} and case_id = ${current.id} and id = ${decision.id}`);
      await appendCaseEvent(tx, { tenantId: current.tenantId, caseId: current.id, actorId: staff.scope.userId, kind: 'decision_submitted', visible: false, audit: { decisionId: decision.id } });
      return done;
    }
    if (fourEyes) return invalid('decision', 'four_eyes_required');
    const fresh = await decisionOfCase(tx, current.tenantId, current.id);
    if (!fresh) return invalid('decision', 'missing');
    await issueDecision(tx, { current, decision: fresh, approverId: null, actorId: staff.scope.userId, context });
    return done;
  });
}

/** The approver (or the drafter, taking it back) returns the draft with a comment. */
export async function returnDecision(db: Database, staff: CaseStaff, caseId: string, comment: string): Promise<ActionOutcome> {
  return withDecision(db, staff, caseId, async (tx, current, decision) => {
    if (!decision) return invalid('decision', 'missing');
    if (decision.status !== 'awaiting_approval') return invalid('decision', 'not_awaiting');
    const text = comment.trim();
    if (text === '') return invalid('comment', 'required');
    if (text.length > 5000) return invalid('comment', 'too_long');
    await tx.query(sql`
      update case_decisions set status = 'draft', submitted_at = null, returned_by = ${staff.scope.userId}, returned_at = now(),
        return_comment = ${text}, updated_at = now()
      where tenant_id = ${current.tenantId} and case_id = ${current.id} and id = ${decision.id}`);
    await appendCaseEvent(tx, { tenantId: current.tenantId, caseId: current.id, actorId: staff.scope.userId, kind: 'decision_returned', visible: false, audit: { decisionId: decision.id } });
    return done;
  });
}

/**
 * The second person approves, and the approval issues the decision. `seen` is the version of the
 * draft the approver read (its `updated_at`): a draft returned and changed in between is not
 * approved unread.
 */
export async function approveDecision(db: Database, staff: CaseStaff, caseId: string, seen: string, context: IssueContext): Promise<ActionOutcome> {
  return withDecision(db, staff, caseId, async (tx, current, decision) => {
    if (!decision) return invalid('decision', 'missing');
    if (decision.status !== 'awaiting_approval') return invalid('decision', 'not_awaiting');
    if (decision.draftedBy === staff.scope.userId) return invalid('decision', 'own_draft');
    if (seen !== decision.updatedAt.toISOString()) return invalid('decision', 'changed');
    const notReady = checkReady(current, decision);
    if (notReady) return notReady;
    await appendCaseEvent(tx, { tenantId: current.tenantId, caseId: current.id, actorId: staff.scope.userId, kind: 'decision_approved', visible: false, audit: { decisionId: decision.id } });
    await issueDecision(tx, { current, decision, approverId: staff.scope.userId, actorId: staff.scope.userId, context });
    return done;
  });
}

