/**
 * Back office of the E-Akte (/verwaltung/akten) for records managers and administrators: the
 * file plan, files per position, a file with its processes and documents, uploads of documents
 * and new versions (multipart, in this plugin's own scope), downloads checked against their
 * SHA-256, closing a file (zdA) after a confirmation, and search. Anything of another tenant —
 * or a made-up id — is 404: every lookup runs in the acting tenant's scope (RLS).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/database.ts';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import { BlobIntegrityError, BlobNotFoundError } from '../../../platform/blobs/blob-store.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { field, type FormInput } from '../../../platform/validation.ts';
import type { FieldError } from '../../../platform/views/components.ts';
import { sendPrivateFile } from '../../../platform/http/file-response.ts';
import { createUploadServices, registerMultipart, type UploadServices } from '../../forms/web/upload-services.ts';
import { requireRecordsStaff, type RecordsStaff } from '../access.ts';
import { addDocument, addVersion, documentVersions, fileDocuments, findDocument, findVersion, isDirection, isDocumentKind } from '../documents.ts';
import { changePosition, findPosition, isDisposalKind, listPlan, positionHistory } from '../file-plan.ts';
import { closeFile, createFile, createProcess, fileProcesses, filesAtPosition, filesByNumber, findFile, type FileStatus } from '../record-files.ts';
import { searchRecords } from '../search.ts';
import { closePage, documentPage, filePage, problemPage, type FileState } from './file-views.ts';
import { filePath, planPage, positionPage, positionPath, type PositionState } from './plan-views.ts';
import { searchPage } from './search-views.ts';
import { receivedFile, storeUpload } from './upload.ts';
import { disposedContent } from '../disposal.ts';
import { disposalRoutes } from './disposal-routes.ts';
import { disposedNotice, disposedTitle, holdLinkLabel, holdPath } from './disposal-views.ts';
import { parseDay, tools, type Values } from './view-tools.ts';

type Deps = { db: Database; config: Config };
type FileParams = { Params: { fileId: string } };
type DocParams = { Params: { fileId: string; documentId: string } };
type Body = { Body: FormInput | undefined };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const megabyte = 1024 * 1024;

function checkId(id: string): string {
  if (!uuidPattern.test(id)) throw notFound();
  return id;
}

/** Database refusals the triggers of migration 0012 raise (closed file) or a concurrent version causes. */
function databaseRefusal(error: unknown): 'closed' | 'conflict' | undefined {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === '42501') return 'closed';
  if (code === '23505') return 'conflict';
  return undefined;
}

function text(body: FormInput | undefined, name: string): string {
  return field(body, name).trim();
}

function required(errors: FieldError[], t: ReturnType<typeof tools>['t'], name: string, value: string, max = 300): void {
  if (value === '') errors.push({ field: name, message: t('error.required') });
  else if ([...value].length > max) errors.push({ field: name, message: t('error.tooLong', { max }) });
}

export function recordRoutes(app: FastifyInstance, deps: Deps): void {
  const uploads: UploadServices = createUploadServices(deps.config, app.log);
  const maxMb = uploads.maxBytes / megabyte;
  const staffOf = (request: FastifyRequest, reply: FastifyReply) => requireRecordsStaff(deps.db, request, reply);
  // Retention, legal hold and disposal (Aussonderung) with xdomea: disposal-routes.ts.
  disposalRoutes(app, { ...deps, blobs: uploads.blobs, maxBytes: uploads.maxBytes });

  app.get('/verwaltung/akten', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const positions = await deps.db.transaction(staff.scope, (tx) => listPlan(tx, staff.scope.tenantId));
    reply.header('cache-control', 'private, no-store');
    return reply.page(planPage(request.locale, { tenantName: staff.tenantName, positions }));
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/verwaltung/akten/suche', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const { t } = tools(request.locale);
    const tenantId = staff.scope.tenantId;
    const values: Values = {};
    for (const name of ['az', 'q', 'position', 'status', 'kind', 'from', 'to']) values[name] = String(request.query[name] ?? '').trim().slice(0, 500);
    const errors: FieldError[] = [];
    const from = values.from ? parseDay(values.from!) : undefined;
    const to = values.to ? parseDay(values.to!) : undefined;
    if (values.from && !from) errors.push({ field: 'from', message: t('error.date') });
    if (values.to && !to) errors.push({ field: 'to', message: t('error.date') });
    if (from && to && to < from) errors.push({ field: 'to', message: t('error.dateOrder') });
    const fullText = ['q', 'position', 'status', 'kind', 'from', 'to'].some((name) => values[name] !== '');
    const result = await deps.db.transaction(staff.scope, async (tx) => ({
      positions: await listPlan(tx, tenantId),
      files: values.az ? await filesByNumber(tx, tenantId, values.az) : undefined,
      hits: fullText && errors.length === 0
        ? await searchRecords(tx, tenantId, {
            text: values.q ?? '',
            positionId: uuidPattern.test(values.position ?? '') ? values.position : undefined,
            status: values.status === 'offen' || values.status === 'abgeschlossen' ? (values.status as FileStatus) : undefined,
            kind: isDocumentKind(values.kind) ? values.kind : undefined,
            from,
            to,
          })
        : undefined,
    }));
    reply.header('cache-control', 'private, no-store');
    return reply.page(searchPage(request.locale, { values, errors, ...result }));
  });

  async function renderPosition(request: FastifyRequest<{ Params: { positionId: string } }>, reply: FastifyReply, staff: RecordsStaff, extra: Partial<PositionState> = {}) {
    const tenantId = staff.scope.tenantId;
    const positionId = checkId(request.params.positionId);
    const loaded = await deps.db.transaction(staff.scope, async (tx) => {
      const position = await findPosition(tx, tenantId, positionId);
      return position && { position, files: await filesAtPosition(tx, tenantId, positionId), history: await positionHistory(tx, tenantId, positionId) };
    });
    if (!loaded) throw notFound();
    reply.header('cache-control', 'private, no-store');
    return reply.page(positionPage(request.locale, request.csrfToken(), { tenantName: staff.tenantName, ...loaded, ...extra }));
  }

  app.get<{ Params: { positionId: string }; Querystring: { hinweis?: string } }>('/verwaltung/akten/plan/:positionId', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const hint = request.query.hinweis === 'gespeichert' ? 'saved' : request.query.hinweis === 'unveraendert' ? 'unchanged' : undefined;
    return renderPosition(request, reply, staff, { hint });
  });

  app.post<{ Params: { positionId: string } } & Body>('/verwaltung/akten/plan/:positionId', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const positionId = checkId(request.params.positionId);
    const { t } = tools(request.locale);
    const values = { title: text(request.body, 'title'), retentionYears: text(request.body, 'retentionYears'), disposal: text(request.body, 'disposal') };
    const errors: FieldError[] = [];
    required(errors, t, 'title', values.title);
    const years = /^\d{1,3}$/.test(values.retentionYears) ? Number(values.retentionYears) : NaN;
    if (!(years >= 0 && years <= 200)) errors.push({ field: 'retentionYears', message: t('error.years') });
    if (!isDisposalKind(values.disposal)) errors.push({ field: 'disposal', message: t('error.choice') });
    if (errors.length > 0 || !isDisposalKind(values.disposal)) return renderPosition(request, reply, staff, { values, errors, form: 'edit' });
    const disposal = values.disposal;
    const outcome = await deps.db.transaction(staff.scope, (tx) => changePosition(tx, staff.scope, positionId, { title: values.title, retentionYears: years, disposal }));
    if (outcome === 'not_found') throw notFound();
    return seeOther(reply, `${positionPath(positionId)}?hinweis=${outcome === 'saved' ? 'gespeichert' : 'unveraendert'}`);
  });

  app.post<{ Params: { positionId: string } } & Body>('/verwaltung/akten/plan/:positionId/akten', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const positionId = checkId(request.params.positionId);
    const { t } = tools(request.locale);
    const title = text(request.body, 'fileTitle');
    const errors: FieldError[] = [];
    required(errors, t, 'fileTitle', title);
    const position = await deps.db.transaction(staff.scope, (tx) => findPosition(tx, staff.scope.tenantId, positionId));
    if (!position) throw notFound();
    if (!position.leaf || position.retired) return renderPosition(request, reply, staff, { values: { fileTitle: title }, errors: [{ field: 'fileTitle', message: t('position.notLeaf') }], form: 'file' });
    if (errors.length > 0) return renderPosition(request, reply, staff, { values: { fileTitle: title }, errors, form: 'file' });
    const file = await deps.db.transaction(staff.scope, (tx) => createFile(tx, staff.scope, { positionId, title }));
    return seeOther(reply, `${filePath(file.id)}?hinweis=angelegt`);
  });

  async function renderFile(request: FastifyRequest<FileParams>, reply: FastifyReply, staff: RecordsStaff, extra: Partial<FileState> = {}) {
    const tenantId = staff.scope.tenantId;
    const fileId = checkId(request.params.fileId);
    const loaded = await deps.db.transaction(staff.scope, async (tx) => {
      const file = await findFile(tx, tenantId, fileId);
      const disposed = file && (await disposedContent(tx, tenantId, fileId));
      return file && { file, processes: await fileProcesses(tx, tenantId, fileId), documents: await fileDocuments(tx, tenantId, fileId), disposed };
    });
    if (!loaded) throw notFound();
    reply.header('cache-control', 'private, no-store');
    const { disposed, ...state } = loaded;
    const disposal = { notice: disposed ? disposedNotice(request.locale, disposed) : undefined, holdLink: { href: holdPath(fileId), label: holdLinkLabel(request.locale) } };
    return reply.page(filePage(request.locale, request.csrfToken(), { ...state, maxMb, disposal, ...extra }));
  }

  app.get<FileParams & { Querystring: { hinweis?: string } }>('/verwaltung/akten/:fileId', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const hints = { angelegt: 'created', gespeichert: 'saved', abgeschlossen: 'closed' } as const;
    return renderFile(request, reply, staff, { hint: hints[request.query.hinweis as keyof typeof hints] });
  });

  app.post<FileParams & Body>('/verwaltung/akten/:fileId/vorgaenge', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const fileId = checkId(request.params.fileId);
    const { t } = tools(request.locale);
    const title = text(request.body, 'processTitle');
    const errors: FieldError[] = [];
    required(errors, t, 'processTitle', title);
    const file = await deps.db.transaction(staff.scope, (tx) => findFile(tx, staff.scope.tenantId, fileId));
    if (!file) throw notFound();
    if (file.status !== 'offen') return renderFile(request, reply, staff, { errors: [{ field: 'processTitle', message: t('error.closed') }], status: 409 });
    if (errors.length > 0) return renderFile(request, reply, staff, { values: { processTitle: title }, errors });
    const process = await deps.db.transaction(staff.scope, (tx) => createProcess(tx, staff.scope, fileId, title));
    if (!process) return renderFile(request, reply, staff, { errors: [{ field: 'processTitle', message: t('error.closed') }], status: 409 });
    return seeOther(reply, `${filePath(fileId)}?hinweis=gespeichert`);
  });

  app.get<FileParams>('/verwaltung/akten/:fileId/abschliessen', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const fileId = checkId(request.params.fileId);
    const loaded = await deps.db.transaction(staff.scope, async (tx) => {
      const file = await findFile(tx, staff.scope.tenantId, fileId);
      return file && { file, position: await findPosition(tx, staff.scope.tenantId, file.positionId) };
    });
    if (!loaded?.position) throw notFound();
    if (loaded.file.status !== 'offen') return seeOther(reply, filePath(fileId));
    return reply.page(closePage(request.locale, request.csrfToken(), loaded.file, loaded.position.retentionYears, loaded.position.disposal));
  });

  app.post<FileParams>('/verwaltung/akten/:fileId/abschliessen', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const fileId = checkId(request.params.fileId);
    const outcome = await deps.db.transaction(staff.scope, (tx) => closeFile(tx, staff.scope, fileId));
    if (outcome === 'not_found') throw notFound();
    return seeOther(reply, `${filePath(fileId)}?hinweis=abgeschlossen`);
  });

  async function loadDocument(staff: RecordsStaff, params: DocParams['Params']) {
    const tenantId = staff.scope.tenantId;
    const fileId = checkId(params.fileId);
    const documentId = checkId(params.documentId);
    const loaded = await deps.db.transaction(staff.scope, async (tx) => {
      const file = await findFile(tx, tenantId, fileId);
      const document = file && (await findDocument(tx, tenantId, fileId, documentId));
      return file && document && { file, document, versions: await documentVersions(tx, tenantId, documentId) };
    });
    if (!loaded) throw notFound();
    return loaded;
  }

  app.get<DocParams & { Querystring: { hinweis?: string } }>('/verwaltung/akten/:fileId/dokumente/:documentId', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const loaded = await loadDocument(staff, request.params);
    reply.header('cache-control', 'private, no-store');
    return reply.page(documentPage(request.locale, request.csrfToken(), { ...loaded, maxMb, saved: request.query.hinweis === 'gespeichert' }));
  });

  /**
   * A version's bytes, checked against their SHA-256 by the blob store on the way out: a damaged
   * or missing blob is reported on a page and in the log, never served. PDFs and images open in
   * the browser; other formats download. Every read is audited (records hold personal data).
   */
  app.get<{ Params: { fileId: string; documentId: string; version: string } }>('/verwaltung/akten/:fileId/dokumente/:documentId/fassungen/:version', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const tenantId = staff.scope.tenantId;
    const fileId = checkId(request.params.fileId);
    const documentId = checkId(request.params.documentId);
    if (!/^[1-9]\d{0,5}$/.test(request.params.version)) throw notFound();
    const version = await deps.db.transaction(staff.scope, async (tx) => {
      const document = await findDocument(tx, tenantId, fileId, documentId);
      return document && findVersion(tx, tenantId, documentId, Number(request.params.version));
    });
    if (!version) throw notFound();
    const { t } = tools(request.locale);
    // After disposal the content is gone on purpose (handed over or destroyed): 410, with the record.
    const disposed = await deps.db.transaction(staff.scope, (tx) => disposedContent(tx, tenantId, fileId));
    if (disposed) return reply.page(problemPage(request.locale, disposedTitle(request.locale), disposedNotice(request.locale, disposed), filePath(fileId), 410));
    let bytes: Buffer;
    try {
      bytes = await uploads.blobs.get(version.sha256);
    } catch (error) {
      if (!(error instanceof BlobIntegrityError) && !(error instanceof BlobNotFoundError)) throw error;
      const damaged = error instanceof BlobIntegrityError;
      request.log.error({ err: error, tenantId, documentId, version: version.version, sha256: version.sha256 }, damaged ? 'records: document version damaged (SHA-256 mismatch), not served' : 'records: document version missing from the blob store');
      reply.header('cache-control', 'private, no-store');
      return reply.page(problemPage(request.locale, t('damaged.title'), damaged ? t('damaged.body') : t('missing.body'), filePath(fileId), 500));
    }
    await deps.db.transaction(staff.scope, (tx) =>
      appendAudit(tx, { tenantId, actorId: staff.scope.userId, action: 'records.version_read', subjectType: 'record_document', subjectId: documentId, data: { version: version.version } }),
    );
    return sendPrivateFile(reply, { mediaType: version.mediaType, fileName: version.fileName, bytes });
  });

  // Only the two upload routes take multipart/form-data (ADR 0006).
  app.register(async (scope) => {
    await registerMultipart(scope, { maxBytes: uploads.maxBytes, secret: deps.config.sessionSecret });

    scope.post<FileParams & Body>('/verwaltung/akten/:fileId/dokumente', async (request, reply) => {
      const staff = await staffOf(request, reply);
      if (!staff) return reply;
      const fileId = checkId(request.params.fileId);
      const { t } = tools(request.locale);
      const body = request.body;
      const values: Values = {};
      for (const name of ['title', 'kind', 'documentDate', 'direction', 'sender', 'recipient', 'process']) values[name] = typeof body?.[name] === 'string' ? (body[name] as string).trim() : '';
      const file = await deps.db.transaction(staff.scope, (tx) => findFile(tx, staff.scope.tenantId, fileId));
      if (!file) throw notFound();
      if (file.status !== 'offen') return renderFile(request, reply, staff, { errors: [{ field: 'file', message: t('error.closed') }], status: 409 });
      const errors: FieldError[] = [];
      required(errors, t, 'title', values.title!);
      if (!isDocumentKind(values.kind)) errors.push({ field: 'kind', message: t('error.choice') });
      const documentDate = parseDay(values.documentDate!);
      if (!documentDate) errors.push({ field: 'documentDate', message: t('error.date') });
      if (!isDirection(values.direction)) errors.push({ field: 'direction', message: t('error.choice') });
      for (const name of ['sender', 'recipient']) if ([...values[name]!].length > 300) errors.push({ field: name, message: t('error.tooLong', { max: 300 }) });
      const processes = await deps.db.transaction(staff.scope, (tx) => fileProcesses(tx, staff.scope.tenantId, fileId));
      const processId = values.process ? processes.find((process) => process.id === values.process)?.id : null;
      if (processId === undefined) errors.push({ field: 'process', message: t('error.choice') });
      // The file is checked only when everything else is right: a browser cannot refill it.
      if (errors.length > 0) return renderFile(request, reply, staff, { values, errors });
      const stored = await storeUpload(uploads, receivedFile(body), t, request.log);
      if (stored.kind === 'unavailable') return sendUnavailable(request, reply, stored.reason, filePath(fileId));
      if (stored.kind === 'invalid') {
        if (stored.infected) await auditInfected(staff, fileId, stored.infected);
        return renderFile(request, reply, staff, { values, errors: [{ field: 'file', message: stored.message }] });
      }
      if (!isDocumentKind(values.kind) || !isDirection(values.direction) || !documentDate) throw new Error('unreachable');
      const input = { fileId, processId: processId ?? null, title: values.title!, kind: values.kind, documentDate, direction: values.direction, sender: values.sender || null, recipient: values.recipient || null };
      try {
        const { documentId } = await deps.db.transaction(staff.scope, (tx) => addDocument(tx, staff.scope, input, stored.version));
        return seeOther(reply, `${filePath(fileId)}/dokumente/${documentId}?hinweis=gespeichert`);
      } catch (error) {
        if (databaseRefusal(error) !== 'closed') throw error;
        return renderFile(request, reply, staff, { errors: [{ field: 'file', message: t('error.closed') }], status: 409 });
      }
    });

    scope.post<DocParams & Body>('/verwaltung/akten/:fileId/dokumente/:documentId/fassungen', async (request, reply) => {
      const staff = await staffOf(request, reply);
      if (!staff) return reply;
      const loaded = await loadDocument(staff, request.params);
      const { t } = tools(request.locale);
      const render = (message: string, status?: number) => reply.page(documentPage(request.locale, request.csrfToken(), { ...loaded, maxMb, errors: [{ field: 'file', message }], ...(status ? { status } : {}) }));
      if (loaded.file.status !== 'offen') return render(t('error.closed'), 409);
      const stored = await storeUpload(uploads, receivedFile(request.body), t, request.log);
      if (stored.kind === 'unavailable') return sendUnavailable(request, reply, stored.reason, filePath(loaded.file.id));
      if (stored.kind === 'invalid') {
        if (stored.infected) await auditInfected(staff, loaded.file.id, stored.infected);
        return render(stored.message);
      }
      try {
        await deps.db.transaction(staff.scope, (tx) => addVersion(tx, staff.scope, loaded.document.id, stored.version));
      } catch (error) {
        const refusal = databaseRefusal(error);
        if (!refusal) throw error;
        return render(t(refusal === 'closed' ? 'error.closed' : 'error.conflict'), 409);
      }
      return seeOther(reply, `${filePath(loaded.file.id)}/dokumente/${loaded.document.id}?hinweis=gespeichert`);
    });
  });

  function auditInfected(staff: RecordsStaff, fileId: string, signature: string): Promise<void> {
    return deps.db.transaction(staff.scope, (tx) =>
      appendAudit(tx, { tenantId: staff.scope.tenantId, actorId: staff.scope.userId, action: 'records.upload_infected', subjectType: 'record_file', subjectId: fileId, data: { signature } }),
    );
  }

  function sendUnavailable(request: FastifyRequest, reply: FastifyReply, reason: 'storage' | 'scanner', back: string): FastifyReply {
    const { t } = tools(request.locale);
    reply.header('retry-after', '60');
    return reply.page(problemPage(request.locale, t('unavailable.title'), t(reason === 'storage' ? 'unavailable.storage' : 'unavailable.scanner'), back, 503));
  }
}
