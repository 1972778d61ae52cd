/**
 * The case API's reads: the client's inbox, one case, one file of a case. Each read of personal
 * data is written to the audit log in the transaction that reads it (who read which case, when;
 * DSGVO accountability, Art. 5 Abs. 2), as the pages do for the applicant's documents
 * (staff-routes.ts, `case.message_file_read`). A case the client may not see is 404.
 */
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { BlobStore } from '../../../platform/blobs/blob-store.ts';
import type { Database } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { caseFile, caseFiles } from '../case-files.ts';
import { caseTimeline, findCase } from '../case-store.ts';
import { decodeCursor, inboxPage, type InboxFilter } from '../inbox-query.ts';
import { sendCaseFile } from '../web/send-file.ts';
import type { CaseStatus } from '../workflow.ts';
import { callerOf } from './client-auth.ts';
import { caseDetailJson, caseSummaryJson } from './case-json.ts';
import { apiText, sendProblem } from './problems.ts';
import { caseParams, detailResponse, fileParams, listQuery, listResponse, problems, security, tags } from './schemas.ts';

type Deps = { db: Database; config: { baseUrl: string }; blobs: BlobStore };

export type ListQuery = {
  status?: CaseStatus;
  service?: string;
  office?: string;
  assignee?: string;
  overdue?: boolean;
  receivedFrom?: string;
  receivedTo?: string;
  q?: string;
  sort?: 'newest' | 'oldest';
  cursor?: string;
  limit?: number;
};

/** The route option that exempts a bearer-only route from the CSRF check (csrf.ts). */
export const bearerOnly = { bearerOnly: true } as const;

/** A real calendar day (the pattern lets 2026-02-31 through). */
function isDay(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

export function caseReadRoutes(scope: FastifyInstance, deps: Deps): void {
  scope.get<{ Querystring: ListQuery }>('/api/v1/cases', {
    config: bearerOnly,
    schema: {
      tags,
      security,
      summary: 'The client\'s inbox: cases of its offices, filtered, newest first, in pages',
      description: 'Keyset paging: pass `next` of a page as `cursor` to get the following one. A search (`q`) page may hold fewer cases than `limit` while `next` is set.',
      querystring: listQuery,
      response: listResponse,
    },
  }, async (request, reply) => {
    const { staff, clientId } = callerOf(request);
    const query = request.query;
    if (query.cursor !== undefined && !decodeCursor(query.cursor)) {
      return sendProblem(reply, 400, { code: 'badRequest', message: apiText(request, 'api.invalid.cursor'), field: 'cursor', reason: 'invalid' });
    }
    for (const name of ['receivedFrom', 'receivedTo'] as const) {
      const day = query[name];
      if (day !== undefined && !isDay(day)) return sendProblem(reply, 400, { code: 'badRequest', message: apiText(request, 'api.invalid.date', { field: name }), field: name, reason: 'invalid_date' });
    }
    const filter: InboxFilter = {};
    if (query.status) filter.status = query.status;
    if (query.service) filter.serviceKey = query.service;
    if (query.office) filter.officeId = query.office;
    if (query.assignee) filter.assignee = query.assignee === 'me' ? staff.scope.userId : query.assignee;
    if (query.overdue) filter.overdue = true;
    if (query.receivedFrom) filter.receivedFrom = query.receivedFrom;
    if (query.receivedTo) filter.receivedTo = query.receivedTo;
    if (query.q?.trim()) filter.query = query.q;
    const tenantId = staff.scope.tenantId;
    const page = await deps.db.transaction(staff.scope, async (tx) => {
      const found = await inboxPage(tx, tenantId, filter, staff.offices, query.sort ?? 'newest', query.cursor, query.limit ?? 50);
      // The list names applicants: which client listed how many, with which filters (not their values).
      const filters = Object.keys(query).filter((name) => query[name as keyof ListQuery] !== undefined && !['sort', 'limit'].includes(name));
      await appendAudit(tx, { tenantId, actorId: staff.scope.userId, action: 'case.api_listed', subjectType: 'case_inbox', data: { clientId, rows: found.rows.length, filters } });
      return found;
    });
    reply.header('cache-control', 'no-store');
    return { items: page.rows.map((row) => caseSummaryJson(row, deps.config.baseUrl)), next: page.next ?? null };
  });

  scope.get<{ Params: { id: string } }>('/api/v1/cases/:id', {
    config: bearerOnly,
    schema: {
      tags,
      security,
      summary: 'One case: status, office, assignee, dates, applicant, answers, files and timeline (the read is audited)',
      params: caseParams,
      response: detailResponse,
    },
  }, async (request, reply) => {
    const { staff, clientId } = callerOf(request);
    const tenantId = staff.scope.tenantId;
    const loaded = await deps.db.transaction(staff.scope, async (tx) => {
      const detail = await findCase(tx, tenantId, request.params.id, staff.offices);
      if (!detail) return undefined;
      await appendAudit(tx, { tenantId, actorId: staff.scope.userId, action: 'case.api_read', subjectType: 'case', subjectId: detail.id, data: { clientId } });
      return { detail, files: await caseFiles(tx, tenantId, detail.id), events: await caseTimeline(tx, tenantId, detail.id) };
    });
    if (!loaded) throw notFound();
    reply.header('cache-control', 'no-store');
    return caseDetailJson(loaded.detail, loaded.files, loaded.events, deps.config.baseUrl);
  });

  /**
   * A file of the application, with the checks of the page's download: the case under the client's
   * office access, the file named by the answers, the bytes checked against their SHA-256 on the
   * way out (a damaged blob is logged and answered 500, never served), never cached.
   */
  scope.get<{ Params: { id: string; fileId: string } }>('/api/v1/cases/:id/files/:fileId', {
    config: bearerOnly,
    schema: {
      tags,
      security,
      summary: 'Download a file of the application (the read is audited)',
      params: fileParams,
      response: { 200: { description: 'The file\'s bytes, with its media type and name (Content-Disposition: attachment)', type: 'string', format: 'binary' }, ...problems },
    },
  }, async (request, reply) => {
    const { staff, clientId } = callerOf(request);
    const tenantId = staff.scope.tenantId;
    const file = await deps.db.transaction(staff.scope, async (tx) => {
      const detail = await findCase(tx, tenantId, request.params.id, staff.offices);
      const found = detail && (await caseFile(tx, tenantId, detail.id, request.params.fileId));
      if (found) await appendAudit(tx, { tenantId, actorId: staff.scope.userId, action: 'case.api_file_read', subjectType: 'case', subjectId: request.params.id, data: { clientId, fileId: found.id } });
      return found;
    });
    if (!file) throw notFound();
    return sendCaseFile(request, reply, deps.blobs, file, 'attachment', (damaged, answer) =>
      sendProblem(answer, 500, { code: 'internal', message: apiText(damaged, 'api.fileDamaged') }));
  });
}
