/**
 * Retention and disposal in the back office (/verwaltung/akten/aussonderung): the due list with
 * filters, starting a procedure (0501 offer), reading the archive's messages (0502, 0504, 0506,
 * 0507; XML or ZIP), the handover package (0503 ZIP with the primary documents), destroying what
 * the archive did not take, and the legal hold of a file. Every id is looked up in the acting
 * tenant's scope: another tenant's procedure or file is 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { BlobStore } from '../../../platform/blobs/blob-store.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { field, type FormInput } from '../../../platform/validation.ts';
import type { FieldError } from '../../../platform/views/components.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { registerMultipart } from '../../forms/web/upload-services.ts';
import { requireRecordsStaff, type RecordsStaff } from '../access.ts';
import { destroyAppraised, findDisposal, handOver, handoverPackage, importMessage, listDisposals, messageXml, removeUnusedBlobs, startDisposal } from '../disposal.ts';
import { disposedContent } from '../disposal.ts';
import { isDisposalKind, listPlan } from '../file-plan.ts';
import { findFile } from '../record-files.ts';
import { dueFiles, legalHolds, releaseLegalHold, setLegalHold } from '../retention.ts';
import { packageName } from '../xdomea/messages.ts';
import { readZip, writeZip, ZipReadError, type ZipEntry } from '../xdomea/zip.ts';
import { contentDisposition } from '../../../platform/http/file-response.ts';
import { disposalMessages } from './disposal-messages.ts';
import { disposalBase, disposalPath, duePage, holdPage, holdPath, procedurePage } from './disposal-views.ts';
import { receivedFile } from './upload.ts';
import { parseDay, type Values } from './view-tools.ts';

type Deps = { db: Database; config: Config; blobs: BlobStore; maxBytes: number };
type IdParams = { Params: { disposalId: string } };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const checkId = (id: string) => {
  if (!uuidPattern.test(id)) throw notFound();
  return id;
};
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

export function disposalRoutes(app: FastifyInstance, deps: Deps): void {
  const staffOf = (request: FastifyRequest, reply: FastifyReply) => requireRecordsStaff(deps.db, request, reply);
  const tOf = (request: FastifyRequest) => translator(disposalMessages, request.locale);

  async function renderDue(request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply: FastifyReply, staff: RecordsStaff, extra: { startErrors?: FieldError[]; startValues?: Values; status?: number } = {}) {
    const t = tOf(request);
    const values: Values = {};
    for (const name of ['bis', 'position', 'art', 'hold']) values[name] = String(request.query[name] ?? '').trim().slice(0, 100);
    const errors: FieldError[] = [];
    const until = values.bis ? parseDay(values.bis) : undefined;
    if (values.bis && !until) errors.push({ field: 'bis', message: t('error.date') });
    const tenantId = staff.scope.tenantId;
    const loaded = await deps.db.transaction(staff.scope, async (tx) => ({
      positions: await listPlan(tx, tenantId),
      files: errors.length > 0 ? [] : await dueFiles(tx, tenantId, {
        until: until ?? today(),
        positionId: uuidPattern.test(values.position ?? '') ? values.position : undefined,
        disposal: isDisposalKind(values.art) ? values.art : undefined,
        hold: values.hold === 'nur' || values.hold === 'ohne' ? values.hold : 'alle',
      }),
      procedures: await listDisposals(tx, tenantId),
    }));
    reply.header('cache-control', 'private, no-store');
    return reply.page(duePage(request.locale, request.csrfToken(), { values, errors, today: today(), ...loaded, ...extra, ...(errors.length > 0 && !extra.status ? { status: 422 } : {}) }));
  }

  app.get<{ Querystring: Record<string, string | undefined> }>(disposalBase, async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    return renderDue(request, reply, staff);
  });

  app.post<{ Body: FormInput | undefined; Querystring: Record<string, string | undefined> }>(disposalBase, async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const t = tOf(request);
    const startValues = { archive: field(request.body, 'archive').trim(), position: field(request.body, 'position').trim() };
    const startErrors: FieldError[] = [];
    if (startValues.archive === '') startErrors.push({ field: 'archive', message: t('error.required') });
    else if ([...startValues.archive].length > 300) startErrors.push({ field: 'archive', message: t('error.tooLong', { max: 300 }) });
    if (startValues.position !== '' && !uuidPattern.test(startValues.position)) startErrors.push({ field: 'position', message: t('error.required') });
    if (startErrors.length > 0) return renderDue(request, reply, staff, { startErrors, startValues, status: 422 });
    const result = await deps.db.transaction(staff.scope, (tx) =>
      startDisposal(tx, staff.scope, { archiveName: startValues.archive, positionId: startValues.position || undefined, tenantName: staff.tenantName }),
    );
    if (result.kind === 'none_due') return renderDue(request, reply, staff, { startErrors: [{ field: 'position', message: t('start.noneDue') }], startValues, status: 422 });
    return seeOther(reply, disposalPath(result.id));
  });

  async function renderProcedure(request: FastifyRequest<IdParams>, reply: FastifyReply, staff: RecordsStaff, extra: { errors?: FieldError[]; hint?: string; status?: number } = {}) {
    const id = checkId(request.params.disposalId);
    const disposal = await deps.db.transaction(staff.scope, (tx) => findDisposal(tx, staff.scope.tenantId, id));
    if (!disposal) throw notFound();
    reply.header('cache-control', 'private, no-store');
    return reply.page(procedurePage(request.locale, request.csrfToken(), { disposal, ...extra }));
  }

  app.get<IdParams & { Querystring: { hinweis?: string } }>(`${disposalBase}/:disposalId`, async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const t = tOf(request);
    const hint = request.query.hinweis;
    const hints: Record<string, string> = { '0502': t('procedure.imported', { code: '0502' }), '0504': t('procedure.imported', { code: '0504' }), '0506': t('procedure.imported', { code: '0506' }), '0507': t('procedure.imported', { code: '0507' }), '0503': t('procedure.handoverDone') };
    return renderProcedure(request, reply, staff, { ...(hint && hints[hint] ? { hint: hints[hint] } : hint?.startsWith('vernichtet-') ? { hint: t('procedure.destroyed', { count: Number(hint.slice(11)) || 0 }) } : {}) });
  });

  app.get<IdParams>(`${disposalBase}/:disposalId/0501.xml`, async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const id = checkId(request.params.disposalId);
    const xml = await deps.db.transaction(staff.scope, (tx) => messageXml(tx, staff.scope.tenantId, id, '0501'));
    if (!xml) throw notFound();
    return reply
      .header('content-type', 'application/xml; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `${packageName(id, '0501')}.xml`))
      .header('cache-control', 'private, no-store')
      .send(xml);
  });

  /** The 0503 package as xdomea prescribes: `<ProzessID>_Aussonderung.Aussonderung.0503.zip` with the XML and the primary documents (each checked against its SHA-256 on read). */
  app.get<IdParams>(`${disposalBase}/:disposalId/0503.zip`, async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const id = checkId(request.params.disposalId);
    const parts = await deps.db.transaction(staff.scope, (tx) => handoverPackage(tx, staff.scope.tenantId, id));
    if (!parts) throw notFound();
    const name = packageName(id, '0503');
    const entries: ZipEntry[] = [{ name: `${name}.xml`, data: Buffer.from(parts.xml, 'utf8') }];
    for (const document of parts.documents) entries.push({ name: document.name, data: await deps.blobs.get(document.sha256) });
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', contentDisposition('attachment', `${name}.zip`))
      .header('cache-control', 'private, no-store')
      .send(writeZip(entries));
  });

  app.post<IdParams>(`${disposalBase}/:disposalId/uebergabe`, async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const id = checkId(request.params.disposalId);
    const result = await deps.db.transaction(staff.scope, (tx) => handOver(tx, staff.scope, id, staff.tenantName));
    if (result.kind === 'not_found') throw notFound();
    const t = tOf(request);
    if (result.kind !== 'done') return renderProcedure(request, reply, staff, { errors: [{ field: 'file', message: t(result.kind === 'nothing' ? 'procedure.nothing' : 'procedure.wrongState') }], status: 409 });
    return seeOther(reply, `${disposalPath(id)}?hinweis=0503`);
  });

  app.post<IdParams>(`${disposalBase}/:disposalId/vernichtung`, async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const id = checkId(request.params.disposalId);
    const result = await deps.db.transaction(staff.scope, (tx) => destroyAppraised(tx, staff.scope, id));
    if (result.kind === 'not_found') throw notFound();
    if (result.kind !== 'done') return renderProcedure(request, reply, staff, { errors: [{ field: 'file', message: tOf(request)('procedure.wrongState') }], status: 409 });
    await removeUnusedBlobs(deps.db, staff.scope, deps.blobs, result.deleted.sha256);
    return seeOther(reply, `${disposalPath(id)}?hinweis=vernichtet-${result.deleted.files}`);
  });

  // Messages of the archive arrive as files (XML, or the ZIP package xdomea transports them in).
  app.register(async (scope) => {
    await registerMultipart(scope, { maxBytes: deps.maxBytes, secret: deps.config.sessionSecret });
    scope.post<IdParams & { Body: FormInput | undefined }>(`${disposalBase}/:disposalId/nachricht`, async (request, reply) => {
      const staff = await staffOf(request, reply);
      if (!staff) return reply;
      const id = checkId(request.params.disposalId);
      const t = tOf(request);
      const exists = await deps.db.transaction(staff.scope, (tx) => findDisposal(tx, staff.scope.tenantId, id));
      if (!exists) throw notFound();
      const refuse = (message: string) => renderProcedure(request, reply, staff, { errors: [{ field: 'file', message }], status: 422 });
      const file = receivedFile(request.body);
      if (!file || file.truncated) return refuse(t('error.noFile'));
      let xml: string;
      try {
        const isZip = file.data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
        const entry = isZip ? readZip(file.data).find((candidate) => candidate.name.toLowerCase().endsWith('.xml')) : { data: file.data };
        if (!entry) return refuse(t('error.not_xdomea', { detail: 'ZIP without XML' }));
        xml = entry.data.toString('utf8');
      } catch (error) {
        if (!(error instanceof ZipReadError)) throw error;
        return refuse(t('error.not_xdomea', { detail: error.message }));
      }
      const result = await deps.db.transaction(staff.scope, (tx) => importMessage(tx, staff.scope, id, xml));
      if (result.kind === 'not_found') throw notFound();
      if (result.kind === 'refused') return refuse(t(`error.${result.reason}`, { detail: result.detail }));
      await removeUnusedBlobs(deps.db, staff.scope, deps.blobs, result.deleted.sha256);
      return seeOther(reply, `${disposalPath(id)}?hinweis=${result.code}`);
    });
  });

  type FileParams = { Params: { fileId: string } };
  async function renderHold(request: FastifyRequest<FileParams>, reply: FastifyReply, staff: RecordsStaff, extra: { values?: Values; errors?: FieldError[]; saved?: boolean; status?: number } = {}) {
    const fileId = checkId(request.params.fileId);
    const loaded = await deps.db.transaction(staff.scope, async (tx) => {
      const file = await findFile(tx, staff.scope.tenantId, fileId);
      return file && { file, holds: await legalHolds(tx, staff.scope.tenantId, fileId), disposed: Boolean(await disposedContent(tx, staff.scope.tenantId, fileId)) };
    });
    if (!loaded) throw notFound();
    reply.header('cache-control', 'private, no-store');
    return reply.page(holdPage(request.locale, request.csrfToken(), { ...loaded, ...extra }));
  }

  app.get<FileParams & { Querystring: { hinweis?: string } }>('/verwaltung/akten/:fileId/aufbewahrung', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    return renderHold(request, reply, staff, { saved: request.query.hinweis === 'gespeichert' });
  });

  app.post<FileParams & { Body: FormInput | undefined }>('/verwaltung/akten/:fileId/aufbewahrung', async (request, reply) => {
    const staff = await staffOf(request, reply);
    if (!staff) return reply;
    const fileId = checkId(request.params.fileId);
    const t = tOf(request);
    const reason = field(request.body, 'reason').trim();
    const action = field(request.body, 'aktion');
    const exists = await deps.db.transaction(staff.scope, (tx) => findFile(tx, staff.scope.tenantId, fileId));
    if (!exists) throw notFound();
    const errors: FieldError[] = [];
    if (reason === '') errors.push({ field: 'reason', message: t('error.required') });
    else if ([...reason].length > 1000) errors.push({ field: 'reason', message: t('error.tooLong', { max: 1000 }) });
    if (errors.length > 0 || (action !== 'setzen' && action !== 'aufheben')) return renderHold(request, reply, staff, { values: { reason }, errors, status: 422 });
    const outcome = await deps.db.transaction(staff.scope, (tx) => (action === 'setzen' ? setLegalHold(tx, staff.scope, fileId, reason) : releaseLegalHold(tx, staff.scope, fileId, reason)));
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'disposed') return renderHold(request, reply, staff, { values: { reason }, errors: [{ field: 'reason', message: t('hold.disposed') }], status: 409 });
    return seeOther(reply, `${holdPath(fileId)}?hinweis=gespeichert`);
  });
}
