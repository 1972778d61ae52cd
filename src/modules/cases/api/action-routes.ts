/**
 * The case API's writes: status, note, assignee. Each goes through the action of the pages
 * (case-actions.ts) with the client's technical user as the acting person, so the rules, the
 * timeline event, the audit entry and the applicant's notice are exactly the pages'. Answers:
 * 200 with the case's state, 404 (not the client's case), 403 (read-only client), 400 (the
 * action refused the input, with its field and reason).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import type { SiteInfo } from '../../../platform/http/request-context.ts';
import { addNote, assignCase, changeStatus, type ActionOutcome } from '../case-actions.ts';
import { findCase } from '../case-store.ts';
import type { NoticeContext } from '../notify-applicant.ts';
import type { CaseStaff } from '../staff-access.ts';
import { isCaseStatus } from '../workflow.ts';
import { callerOf } from './client-auth.ts';
import { caseStateJson } from './case-json.ts';
import { sendInvalid } from './problems.ts';
import { bearerOnly } from './read-routes.ts';
import { assigneeBody, caseParams, noteBody, security, stateResponse, statusBody, tags } from './schemas.ts';

type Deps = { db: Database; config: { baseUrl: string }; site: SiteInfo };
type Params = { id: string };

export function caseActionRoutes(scope: FastifyInstance, deps: Deps): void {
  /** The applicant's notice names the tenant's portal, as for an action on the page. */
  async function noticeFor(staff: CaseStaff): Promise<NoticeContext> {
    const tenant = await deps.db.transaction(staff.scope, (tx) => maybeOne<{ slug: string }>(tx, sql`select slug from tenants where id = ${staff.scope.tenantId}`));
    if (!tenant) throw notFound();
    return { baseUrl: deps.config.baseUrl, tenantSlug: tenant.slug, districtName: deps.site.districtName };
  }

  /** Answers an action's outcome; on success the case's state after it. */
  async function answer(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, staff: CaseStaff, outcome: ActionOutcome) {
    if (outcome.kind === 'notFound') throw notFound();
    if (outcome.kind === 'forbidden') throw forbidden();
    if (outcome.kind === 'invalid') return sendInvalid(request, reply, outcome.field, outcome.code);
    const detail = await deps.db.transaction(staff.scope, (tx) => findCase(tx, staff.scope.tenantId, request.params.id, staff.offices));
    // Moved out of the client's offices meanwhile: nothing more to show.
    if (!detail) throw notFound();
    reply.header('cache-control', 'no-store');
    return caseStateJson(detail);
  }

  /** Read-only clients are refused before anything is looked up (the actions would refuse too). */
  function actingStaff(request: FastifyRequest): CaseStaff {
    const { staff } = callerOf(request);
    if (!staff.canAct) throw forbidden();
    return staff;
  }

  scope.post<{ Params: Params; Body: { status: string; step?: string } }>('/api/v1/cases/:id/status', {
    config: bearerOnly,
    schema: { tags, security, summary: 'Change the status of a case (only the allowed transitions); the applicant is notified', params: caseParams, body: statusBody, response: stateResponse },
  }, async (request, reply) => {
    const staff = actingStaff(request);
    // As the page's status action (staff-routes.ts): a known status (with the step, if named) goes
    // to changeStatus, anything else is the refusal the action gives for a move it does not allow.
    const { status, step } = request.body;
    const outcome: ActionOutcome = isCaseStatus(status)
      ? await changeStatus(deps.db, staff, request.params.id, step === undefined ? status : `${status}:${step}`, await noticeFor(staff))
      : { kind: 'invalid', field: 'status', code: 'transition_not_allowed' };
    return answer(request, reply, staff, outcome);
  });

  scope.post<{ Params: Params; Body: { text: string } }>('/api/v1/cases/:id/notes', {
    config: bearerOnly,
    schema: { tags, security, summary: 'Add an internal note to the timeline (never shown to the applicant)', params: caseParams, body: noteBody, response: stateResponse },
  }, async (request, reply) => {
    const staff = actingStaff(request);
    return answer(request, reply, staff, await addNote(deps.db, staff, request.params.id, request.body.text));
  });

  scope.put<{ Params: Params; Body: { assigneeId: string | null } }>('/api/v1/cases/:id/assignee', {
    config: bearerOnly,
    schema: { tags, security, summary: 'Assign the case to an administrator or caseworker of the tenant, or unassign it (null)', params: caseParams, body: assigneeBody, response: stateResponse },
  }, async (request, reply) => {
    const staff = actingStaff(request);
    return answer(request, reply, staff, await assignCase(deps.db, staff, request.params.id, request.body.assigneeId));
  });
}
