/**
 * The applicant's side of a case: the status page with the timeline they may see and the message
 * thread, answering a Rückfrage, withdrawing. Three ways in, any one suffices: signed in as the
 * applicant, the secret link from the latest notice mail, or the browser that sent the application
 * (its draft cookie). Everyone else gets "not found"; a guessed reference reveals nothing.
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import { caseMessages, caseTimeline, type CaseEvent, type CaseMessage } from './case-store.ts';
import { appendCaseEvent, recordStatusChange } from './events.ts';
import { insertMessageFiles, type StoredMessageFile } from './message-files.ts';
import { hashAccessToken } from './notify-applicant.ts';
import { issuedDecisionFor, type ApplicantDecision } from './decisions/applicant-decision.ts';
import { phaseHasStep, positionFor, stepAt } from './status-model/model.ts';
import { modelOfCase } from './status-model/store.ts';
import { canWithdraw, openStatuses, type CaseStatus } from './workflow.ts';

export type ApplicantViewer = { userId: string | null; accessToken: string | null; browserTokenHash: string | null };

export type ApplicantCase = {
  tenantId: string;
  id: string;
  reference: string;
  formTitle: string;
  status: CaseStatus;
  /** The work step, where the service's status model shows it to the applicant. */
  step: { de: string; en: string | null } | undefined;
  receivedAt: Date;
  openRequest: boolean;
  events: CaseEvent[];
  messages: CaseMessage[];
  /** The issued Bescheid, in the applicant's portal mailbox. */
  decision: ApplicantDecision | undefined;
  /** Where the case went when it was handed to the responsible authority. */
  transferredTo: { slug: string; name: string } | undefined;
  /** § 41 Abs. 2a VwVfG: consent to notification through the portal; null = not answered yet. */
  portalConsent: boolean | null;
  portalConsentAt: Date | null;
  /** The Bescheid goes (or went) by post. */
  byPost: boolean;
};

const tokenPattern = /^[A-Za-z0-9_-]{32}$/;

function viewerCondition(viewer: ApplicantViewer): SqlFragment | undefined {
  const ways: SqlFragment[] = [];
  if (viewer.userId) ways.push(sql`c.applicant_user_id = ${viewer.userId}`);
  if (viewer.accessToken && tokenPattern.test(viewer.accessToken)) ways.push(sql`c.applicant_access_hash = ${hashAccessToken(viewer.accessToken)}`);
  if (viewer.browserTokenHash) {
    ways.push(sql`exists (select 1 from submissions s where s.tenant_id = c.tenant_id and s.id = c.submission_id and s.token_hash = ${viewer.browserTokenHash})`);
  }
  return ways.length === 0 ? undefined : sql`(${sql.join(ways, sql` or `)})`;
}

type Located = {
  id: string;
  reference: string;
  form_title: string;
  status: CaseStatus;
  status_step: string | null;
  service_key: string | null;
  status_model_version: number | null;
  received_at: Date;
  to_slug: string | null;
  to_name: string | null;
  portal_consent: boolean | null;
  portal_consent_at: Date | null;
  decision_delivery: string | null;
};

/** The case behind a status page, if the viewer may see it; `lock` takes the row lock a change starts with. */
export async function locateApplicantCase(tx: Queryable, tenantId: string, reference: string, viewer: ApplicantViewer, lock: boolean): Promise<Located | undefined> {
  const condition = viewerCondition(viewer);
  if (!condition || reference.length > 40) return undefined;
  return maybeOne<Located>(tx, sql`
    select c.id, c.reference, c.form_title, c.status, c.status_step, c.service_key, c.status_model_version, c.received_at, t.slug as to_slug, t.name as to_name,
           c.portal_consent, c.portal_consent_at, c.decision_delivery
    from cases c left join tenants t on t.id = c.transferred_to_tenant_id
    where c.tenant_id = ${tenantId} and c.reference = ${reference} and ${condition}
    ${lock ? sql`for update of c` : sql``}`);
}

const modelOf = (tx: Queryable, tenantId: string, found: Located) =>
  modelOfCase(tx, { tenantId, serviceKey: found.service_key, statusModelVersion: found.status_model_version });

export async function findApplicantCase(db: Database, tenantId: string, reference: string, viewer: ApplicantViewer): Promise<ApplicantCase | undefined> {
  return db.transaction({ tenantId, userId: viewer.userId }, async (tx) => {
    const found = await locateApplicantCase(tx, tenantId, reference, viewer, false);
    if (!found) return undefined;
    const messages = await caseMessages(tx, tenantId, found.id);
    // The model is read only where the case stands at a step (most status pages need none).
    const step = phaseHasStep(found.status) ? stepAt(await modelOf(tx, tenantId, found), { status: found.status, step: found.status_step }) : undefined;
    const lastToApplicant = messages.filter((message) => message.direction === 'to_applicant').at(-1);
    const answeredAfter = lastToApplicant && messages.some((message) => message.direction === 'from_applicant' && message.createdAt >= lastToApplicant.createdAt);
    return {
      tenantId,
      id: found.id,
      reference: found.reference,
      formTitle: found.form_title,
      status: found.status,
      step: step?.shownToApplicant ? { de: step.labelDe, en: step.labelEn } : undefined,
      receivedAt: found.received_at,
      openRequest: found.status === 'rueckfrage' && Boolean(lastToApplicant?.requestsReply) && !answeredAfter,
      events: await caseTimeline(tx, tenantId, found.id, true),
      messages,
      decision: await issuedDecisionFor(tx, tenantId, found.id),
      transferredTo: found.to_slug && found.to_name ? { slug: found.to_slug, name: found.to_name } : undefined,
      portalConsent: found.portal_consent,
      portalConsentAt: found.portal_consent_at,
      byPost: found.decision_delivery === 'post_required' || found.decision_delivery === 'post_sent',
    };
  });
}

export type ApplicantOutcome = 'done' | 'notFound' | 'closed' | 'empty' | 'tooLong' | 'notAllowed';

/**
 * The applicant's answer, with the files (checked and stored before, web/message-uploads.ts) it
 * brings; text or a file suffices. It ends a Rückfrage, and the examination goes on.
 */
export async function replyAsApplicant(db: Database, tenantId: string, reference: string, viewer: ApplicantViewer, text: string, files: readonly StoredMessageFile[] = []): Promise<ApplicantOutcome> {
  const body = text.trim();
  if (body.length === 0 && files.length === 0) return 'empty';
  if (body.length > 10000) return 'tooLong';
  return db.transaction({ tenantId, userId: viewer.userId }, async (tx) => {
    const found = await locateApplicantCase(tx, tenantId, reference, viewer, true);
    if (!found) return 'notFound';
    if (!openStatuses.includes(found.status)) return 'closed';
    const [message] = await tx.query<{ id: string }>(sql`
      insert into case_messages (tenant_id, case_id, direction, author_id, body)
      values (${tenantId}, ${found.id}, 'from_applicant', ${viewer.userId}, ${body})
      returning id`);
    if (!message) throw new Error('message not stored');
    await insertMessageFiles(tx, tenantId, found.id, message.id, files);
    await appendCaseEvent(tx, {
      tenantId,
      caseId: found.id,
      actorId: viewer.userId,
      kind: 'message_received',
      visible: true,
      data: { files: files.length },
      audit: { messageId: message.id, files: files.map((file) => file.sha256) },
    });
    if (found.status === 'rueckfrage') {
      // The examination goes on in the step the query was asked in (status-model/model.ts).
      const model = await modelOf(tx, tenantId, found);
      const from = { status: found.status, step: found.status_step };
      const to = positionFor(model, from, 'in_pruefung') ?? { status: 'in_pruefung' as const, step: null };
      await tx.query(sql`update cases set status = 'in_pruefung', status_step = ${to.step}, updated_at = now() where tenant_id = ${tenantId} and id = ${found.id}`);
      await recordStatusChange(tx, { tenantId, caseId: found.id, actorId: viewer.userId, from, to, model });
    }
    return 'done';
  });
}

/** Withdrawing the application (§ 22 VwVfG: the applicant ends the procedure) until it is decided. */
export async function withdrawApplication(db: Database, tenantId: string, reference: string, viewer: ApplicantViewer): Promise<ApplicantOutcome> {
  return db.transaction({ tenantId, userId: viewer.userId }, async (tx) => {
    const found = await locateApplicantCase(tx, tenantId, reference, viewer, true);
    if (!found) return 'notFound';
    if (!canWithdraw(found.status)) return 'notAllowed';
    await tx.query(sql`update cases set status = 'zurueckgezogen', updated_at = now() where tenant_id = ${tenantId} and id = ${found.id}`);
    await recordStatusChange(tx, { tenantId, caseId: found.id, actorId: viewer.userId, from: found.status, to: 'zurueckgezogen' }, 'withdrawn');
    return 'done';
  });
}
