/**
 * Back office of cases (/verwaltung/vorgaenge): the inbox and the case page with its actions.
 * A case of another tenant or of an office the person does not work in is 404; readers see
 * but cannot act (403 on every action). Every action answers 303 back to the case, or 422 with
 * the case page and the message beside the action.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import type { SiteInfo } from '../../../platform/http/request-context.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { field, issueMessages, type FormInput } from '../../../platform/validation.ts';
import { parseDate } from '../../forms/runtime/dates.ts';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { FieldError } from '../../../platform/views/components.ts';
import { createUploadServices, registerMultipart } from '../../forms/web/upload-services.ts';
import { sendUploadUnavailable } from '../../forms/web/upload-routes.ts';
import { addNote, assignCase, changeStatus, moveToOffice, sendMessage, setDueDate, type ActionOutcome } from '../case-actions.ts';
import { assignableStaff, caseMessages as threadOf, caseTimeline, findCase } from '../case-store.ts';
import { isPreviewable } from '../../../platform/http/file-response.ts';
import { caseFile, caseFiles } from '../case-files.ts';
import { inboxExtras, postRequiredCount } from '../inbox-extras.ts';
import { inboxPage, statusCounts } from '../inbox-query.ts';
import { messageFileOfCase } from '../message-files.ts';
import { transferCase } from '../transfer.ts';
import type { NoticeContext } from '../notify-applicant.ts';
import { requireCaseStaff, type CaseStaff } from '../staff-access.ts';
import { casePageView } from './case-view.ts';
import { inboxPageView } from './inbox-view.ts';
import { readInboxParams, type InboxQuery } from './inbox-params.ts';
import { caseMessages, type CaseMessageKey } from './messages.ts';
import { decisionOfCase } from '../decisions/decision-store.ts';
import { inboxExportRoutes } from './inbox-export.ts';
import { messageFileHint, storeMessageFiles } from './message-uploads.ts';
import { postalRoutes } from './postal-routes.ts';
import { sendCaseFile } from './send-file.ts';

type Deps = { db: Database; config: Config; site: SiteInfo };
type CaseParams = { Params: { caseId: string } };
type Body = { Body: FormInput | undefined };

/** The tenant's offices, read in the caller's transaction (the page needs no second one for them). */
function officesIn(tx: Queryable, tenantId: string): Promise<{ id: string; name: string }[]> {
  return tx.query<{ id: string; name: string }>(sql`select id, name from offices where tenant_id = ${tenantId} order by name, id`);
}

async function tenantIn(tx: Queryable, tenantId: string): Promise<{ slug: string; name: string }> {
  const [row] = await tx.query<{ slug: string; name: string }>(sql`select slug, name from tenants where id = ${tenantId}`);
  if (!row) throw notFound();
  return row;
}

async function tenantOf(db: Database, staff: CaseStaff): Promise<{ slug: string; name: string }> {
  return db.transaction(staff.scope, (tx) => tenantIn(tx, staff.scope.tenantId));
}

export function caseStaffRoutes(app: FastifyInstance, deps: Deps): void {
  const uploads = createUploadServices(deps.config, app.log);
  const blobs = uploads.blobs;

  app.get<{ Querystring: InboxQuery }>('/verwaltung/vorgaenge', async (request, reply) => {
    const staff = await requireCaseStaff(deps.db, request, reply);
    if (!staff) return reply;
    const params = readInboxParams(request.query, staff.scope.userId);
    const tenantId = staff.scope.tenantId;
    // One transaction for everything the page shows: each further one costs two round trips.
    const { page, counts, extras, postCount, tenant, offices } = await deps.db.transaction(staff.scope, async (tx) => ({
      page: await inboxPage(tx, tenantId, params.filter, staff.offices, params.sort, params.cursor),
      counts: await statusCounts(tx, tenantId, { ...params.filter, status: undefined }, staff.offices),
      extras: await inboxExtras(tx, tenantId, staff.scope.userId, staff.offices, params.filter.officeId),
      postCount: await postRequiredCount(tx, tenantId, staff.offices),
      tenant: await tenantIn(tx, tenantId),
      offices: await officesIn(tx, tenantId),
    }));
    const t = translator(caseMessages, request.locale);
    const errors = params.errors.map((error) => ({ field: error.field, message: t('inbox.invalidDate') }));
    reply.header('cache-control', 'private, no-store');
    return reply.page(inboxPageView({
      tenantName: tenant.name,
      page,
      counts,
      extras,
      postCount,
      raw: params.raw,
      offices,
      errors,
      isFirstPage: params.cursor === undefined,
      now: new Date(),
    }, request.locale));
  });

  async function renderCase(request: FastifyRequest<CaseParams>, reply: FastifyReply, staff: CaseStaff, outcome?: (ActionOutcome & { kind: 'invalid' }) | FieldError[], values: Record<string, string> = {}, saved = false) {
    const tenantId = staff.scope.tenantId;
    const loaded = await deps.db.transaction(staff.scope, async (tx) => {
      const detail = await findCase(tx, tenantId, request.params.caseId, staff.offices);
      if (!detail) return undefined;
      const shown = {
        detail,
        events: await caseTimeline(tx, tenantId, detail.id),
        messages: await threadOf(tx, tenantId, detail.id),
        staff: await assignableStaff(tx, tenantId),
        files: await caseFiles(tx, tenantId, detail.id),
        decision: await decisionOfCase(tx, tenantId, detail.id),
        offices: await officesIn(tx, tenantId),
        tenants: await tx.query<{ id: string; name: string }>(sql`select id, name from tenants where id <> ${tenantId} order by kind <> 'kreis', name`),
      };
      // Who saw which applicant's data, when (DSGVO accountability, Art. 5 Abs. 2), in the read's
      // transaction; last, so the tenant's audit chain head is locked only until the commit.
      await appendAudit(tx, { tenantId, actorId: staff.scope.userId, action: 'case.viewed', subjectType: 'case', subjectId: detail.id, data: {} });
      return shown;
    });
    if (!loaded) throw notFound();
    const t = translator(caseMessages, request.locale);
    const errors = Array.isArray(outcome)
      ? outcome
      : outcome
      ? issueMessages([{ field: outcome.field, code: outcome.code }], (key) => (key in caseMessages[request.locale] ? t(key as CaseMessageKey) : undefined), request.locale)
      : [];
    reply.header('cache-control', 'private, no-store');
    const view = { ...loaded, canAct: staff.canAct, errors, values, saved, fileHint: messageFileHint(uploads, request.locale) };
    return reply.page(casePageView(view, request.csrfToken(), request.locale));
  }

  app.get<CaseParams & { Querystring: { hinweis?: string } }>('/verwaltung/vorgaenge/:caseId', async (request, reply) => {
    const staff = await requireCaseStaff(deps.db, request, reply);
    if (!staff) return reply;
    return renderCase(request, reply, staff, undefined, {}, request.query.hinweis === 'gespeichert');
  });

  /**
   * A file of the case, checked against its SHA-256 on the way out: a damaged blob is reported
   * (and logged), never served. PDFs and images open in the browser, other formats download.
   */
  app.get<{ Params: { caseId: string; fileId: string } }>('/verwaltung/vorgaenge/:caseId/dateien/:fileId', async (request, reply) => {
    const staff = await requireCaseStaff(deps.db, request, reply);
    if (!staff) return reply;
    const tenantId = staff.scope.tenantId;
    const file = await deps.db.transaction(staff.scope, async (tx) => {
      const detail = await findCase(tx, tenantId, request.params.caseId, staff.offices);
      const found = detail && (await caseFile(tx, tenantId, detail.id, request.params.fileId));
      if (found) await appendAudit(tx, { tenantId, actorId: staff.scope.userId, action: 'case.file_read', subjectType: 'case', subjectId: request.params.caseId, data: { fileId: request.params.fileId } });
      return found;
    });
    if (!file) throw notFound();
    return sendCaseFile(request, reply, blobs, file, isPreviewable(file.mediaType) ? 'inline' : 'attachment');
  });

  /** A file of a message (the applicant's document, a caseworker's letter): PDFs and images open in the browser. */
  app.get<{ Params: { caseId: string; fileId: string } }>('/verwaltung/vorgaenge/:caseId/nachrichtendateien/:fileId', async (request, reply) => {
    const staff = await requireCaseStaff(deps.db, request, reply);
    if (!staff) return reply;
    const tenantId = staff.scope.tenantId;
    const file = await deps.db.transaction(staff.scope, async (tx) => {
      const detail = await findCase(tx, tenantId, request.params.caseId, staff.offices);
      const found = detail && (await messageFileOfCase(tx, tenantId, detail.id, request.params.fileId));
      // Who opened which document of the applicant (DSGVO accountability, Art. 5 Abs. 2).
      if (found) await appendAudit(tx, { tenantId, actorId: staff.scope.userId, action: 'case.message_file_read', subjectType: 'case', subjectId: request.params.caseId, data: { fileId: found.id } });
      return found;
    });
    if (!file) throw notFound();
    return sendCaseFile(request, reply, blobs, file, isPreviewable(file.mediaType) ? 'inline' : 'attachment');
  });

  /** Runs an action and answers it: 303 back to the case, 404, 403, or 422 with the message. */
  function action(path: string, run: (staff: CaseStaff, caseId: string, body: FormInput | undefined, notice: NoticeContext) => Promise<ActionOutcome>) {
    app.post<CaseParams & Body>(`/verwaltung/vorgaenge/:caseId/${path}`, async (request, reply) => {
      const staff = await requireCaseStaff(deps.db, request, reply);
      if (!staff) return reply;
      const tenant = await tenantOf(deps.db, staff);
      const notice = { baseUrl: deps.config.baseUrl, tenantSlug: tenant.slug, districtName: deps.site.districtName };
      const outcome = await run(staff, request.params.caseId, request.body, notice);
      if (outcome.kind === 'notFound') throw notFound();
      if (outcome.kind === 'forbidden') throw forbidden();
      if (outcome.kind === 'invalid') {
        const values: Record<string, string> = {};
        for (const name of ['message', 'note', 'due', 'reason', 'office', 'tenant', 'transferReason']) values[name] = field(request.body, name) ?? '';
        return renderCase(request, reply, staff, outcome, values);
      }
      return seeOther(reply, `/verwaltung/vorgaenge/${request.params.caseId}?hinweis=gespeichert`);
    });
  }

  action('status', (staff, caseId, body, notice) => changeStatus(deps.db, staff, caseId, field(body, 'status'), notice));
  action('zuweisung', (staff, caseId, body) => assignCase(deps.db, staff, caseId, field(body, 'assignee') || null));
  action('dienststelle', (staff, caseId, body) => moveToOffice(deps.db, staff, caseId, field(body, 'office') ?? '', field(body, 'reason') ?? ''));
  action('frist', (staff, caseId, body) => setDueDate(deps.db, staff, caseId, parseDate(field(body, 'due') ?? '') ?? 'invalid'));
  action('notiz', (staff, caseId, body) => addNote(deps.db, staff, caseId, field(body, 'note') ?? ''));
  action('abgabe', (staff, caseId, body, notice) => transferCase(deps.db, staff, caseId, field(body, 'tenant') ?? '', field(body, 'transferReason') ?? '', notice));

  /**
   * A message to the applicant, optionally with files: multipart/form-data in a scope of its own
   * (ADR 0006). The case and the right to act are checked before any file is stored.
   */
  app.register(async (scope) => {
    await registerMultipart(scope, { maxBytes: uploads.maxBytes, secret: deps.config.sessionSecret });
    scope.post<CaseParams & Body>('/verwaltung/vorgaenge/:caseId/nachricht', async (request, reply) => {
      const staff = await requireCaseStaff(deps.db, request, reply);
      if (!staff) return reply;
      if (!staff.canAct) throw forbidden();
      const caseId = request.params.caseId;
      const exists = await deps.db.transaction(staff.scope, (tx) => findCase(tx, staff.scope.tenantId, caseId, staff.offices));
      if (!exists) throw notFound();
      const values = { message: field(request.body, 'message') };
      const upload = await storeMessageFiles(uploads, request.body, request.locale, request.log);
      if (upload.kind === 'unavailable') return sendUploadUnavailable(reply, upload.reason, `/verwaltung/vorgaenge/${caseId}`, request.locale);
      if (upload.kind === 'invalid') return renderCase(request, reply, staff, upload.messages.map((message) => ({ field: 'dateien', message })), values);
      const tenant = await tenantOf(deps.db, staff);
      const notice = { baseUrl: deps.config.baseUrl, tenantSlug: tenant.slug, districtName: deps.site.districtName };
      const message = { text: values.message, requestsReply: field(request.body, 'rueckfrage') === 'ja', files: upload.files };
      const outcome = await sendMessage(deps.db, staff, caseId, message, notice);
      if (outcome.kind === 'notFound') throw notFound();
      if (outcome.kind === 'forbidden') throw forbidden();
      if (outcome.kind === 'invalid') return renderCase(request, reply, staff, outcome, values);
      return seeOther(reply, `/verwaltung/vorgaenge/${caseId}?hinweis=gespeichert`);
    });
  });

  inboxExportRoutes(app, deps);
  postalRoutes(app, deps);
}
