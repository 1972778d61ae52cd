/**
 * Documents of a project: the upload (multipart, only in this plugin's own scope, ADR 6) by the
 * lead municipality files the document into its E-Akte; every hub member of the district
 * downloads it. A signed-in user who is no hub member, a project or document that does not
 * exist or belongs to another district: 404 alike (nothing tells them the document exists).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { BlobNotFoundError } from '../../platform/blobs/blob-store.ts';
import { forbidden, HttpError, notFound } from '../../platform/http/errors.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { sendPrivateFile } from '../../platform/http/file-response.ts';
import { seeOther } from '../../platform/http/page.ts';
import { createUploadServices, registerMultipart, storeRecordUpload } from '../records/index.ts';
import { requireHubMember, rethrowHubAccess, type HubMember } from './access.ts';
import { attachProjectDocument, findProjectDocument } from './project-documents.ts';
import { projectMessages } from './messages-projects.ts';
import { requireId, type HubDeps } from './route-kit.ts';
import { translator } from '../../platform/i18n/i18n.ts';

type DocumentParams = { Params: { id: string; documentId: string } };

export function projectDocumentRoutes(
  app: FastifyInstance,
  deps: HubDeps,
  renderWithError: (request: FastifyRequest, reply: FastifyReply, hub: HubMember, projectId: string, message: string, status: number) => Promise<FastifyReply>,
): void {
  const { db } = deps;
  const uploads = createUploadServices(deps.config, app.log);

  /** The hub member, or 404 for everyone else who is signed in (no hint that the document exists). */
  async function memberOrNotFound(request: FastifyRequest, reply: FastifyReply): Promise<HubMember | undefined> {
    try {
      const hub = await requireHubMember(db, request, reply);
      if (hub) reply.header('cache-control', 'private, no-store');
      return hub;
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 403) throw notFound();
      throw error;
    }
  }

  app.get<DocumentParams>('/kooperation/projekte/:id/dokumente/:documentId', async (request, reply) => {
    const hub = await memberOrNotFound(request, reply);
    if (!hub) return reply;
    const projectId = requireId(request.params.id);
    const documentId = requireId(request.params.documentId);
    const document = await db.transaction(hub.scope, (tx) => findProjectDocument(tx, projectId, documentId));
    if (!document) throw notFound();
    let bytes: Buffer;
    try {
      // The blob store checks the SHA-256 on every read: damaged bytes are never served (500).
      bytes = await uploads.blobs.get(document.sha256);
    } catch (error) {
      if (!(error instanceof BlobNotFoundError)) throw error;
      request.log.error({ err: error, documentId, sha256: document.sha256 }, 'hub: project document missing from the blob store');
      throw notFound();
    }
    await db.transaction(hub.scope, (tx) =>
      appendAudit(tx, { tenantId: hub.scope.tenantId, actorId: hub.scope.userId, action: 'hub.project_document_read', subjectType: 'hub_project_document', subjectId: documentId, data: { projectId, ownerTenant: document.tenantId } }),
    );
    return sendPrivateFile(reply, { mediaType: document.mediaType, fileName: document.fileName, bytes });
  });

  app.register(async (scope) => {
    await registerMultipart(scope, { maxBytes: uploads.maxBytes, secret: deps.config.sessionSecret });

    scope.post<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>('/kooperation/projekte/:id/dokumente', async (request, reply) => {
      const hub = await requireHubMember(db, request, reply);
      if (!hub) return reply;
      reply.header('cache-control', 'private, no-store');
      const projectId = requireId(request.params.id);
      const f = translator(projectMessages, request.locale);
      const rawTitle = typeof request.body?.documentTitle === 'string' ? request.body.documentTitle.replace(/\s+/g, ' ').trim() : '';
      if ([...rawTitle].length > 300) return renderWithError(request, reply, hub, projectId, f('document.titleTooLong'), 422);
      // Only the lead files documents: checked before any byte is scanned or stored.
      const project = await db.transaction(hub.scope, (tx) => maybeOne<{ tenant_id: string }>(tx, sql`select tenant_id from hub_projects where id = ${projectId}`));
      if (!project) throw notFound();
      if (project.tenant_id !== hub.scope.tenantId) throw forbidden();
      const stored = await storeRecordUpload(uploads, request.body, request.locale, request.log);
      if (stored.kind === 'unavailable') {
        reply.header('retry-after', '60');
        return renderWithError(request, reply, hub, projectId, f(stored.reason === 'scanner' ? 'document.scannerDown' : 'document.storageDown'), 503);
      }
      if (stored.kind === 'invalid') {
        if (stored.infected) {
          await db.transaction(hub.scope, (tx) =>
            appendAudit(tx, { tenantId: hub.scope.tenantId, actorId: hub.scope.userId, action: 'hub.project_document_infected', subjectType: 'hub_project', subjectId: projectId, data: { signature: stored.infected } }),
          );
        }
        return renderWithError(request, reply, hub, projectId, stored.message, 422);
      }
      const title = rawTitle || stored.version.fileName;
      const outcome = await attachProjectDocument(db, hub.scope, projectId, { title, version: stored.version }).catch(rethrowHubAccess);
      if (outcome === 'not_found') throw notFound();
      if (outcome === 'no_position') return renderWithError(request, reply, hub, projectId, f('document.noPosition'), 409);
      return seeOther(reply, `/kooperation/projekte/${projectId}?gespeichert#dokumente`);
    });
  });
}
