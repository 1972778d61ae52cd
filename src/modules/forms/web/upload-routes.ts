/**
 * Removing an uploaded file (its own small POST form, see upload-views.ts), and what the step
 * routes need to show uploads: the step's files and the page for a store or scanner outage.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { html } from '../../../platform/views/html.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { listAttachments, removeAttachment, saveAnswers, type Attachment } from '../../submissions/index.ts';
import type { Answers, FileRef } from '../runtime/answers.ts';
import { canVisit } from '../runtime/journey.ts';
import { basePath, loadOpenSession, type Deps, type FormParams, type Session } from './session.ts';
import type { UploadServices } from './upload-services.ts';
import { uploadMessages } from './upload-messages.ts';
import type { UploadView } from './upload-views.ts';
import { maxMbOf, uploadFields } from './uploads.ts';

export type UploadDeps = Deps & { uploads: UploadServices };

type RemoveParams = { Params: FormParams & { stepId: string; attachmentId: string }; Querystring: { von?: string } };

/** The draft's files; only steps with a file field ask. */
export function draftAttachments(deps: Deps, session: Session): Promise<Attachment[]> {
  return deps.db.transaction({ tenantId: session.key.tenantId, userId: session.userId }, (tx) => listAttachments(tx, session.key.tenantId, session.draft.id));
}

export function uploadView(services: UploadServices, params: FormParams, stepId: string, attachments: readonly Attachment[], fromCheck: boolean): UploadView {
  const files = new Map<string, FileRef[]>();
  for (const attachment of attachments) files.set(attachment.fieldId, [...(files.get(attachment.fieldId) ?? []), attachment]);
  return {
    files,
    maxMb: (field) => maxMbOf(field, services),
    removeAction: (attachmentId) => `${basePath(params)}/schritt/${encodeURIComponent(stepId)}/anhang/${encodeURIComponent(attachmentId)}/entfernen${fromCheck ? '?von=pruefen' : ''}`,
  };
}

/** 503 with a page that says what happened to the file (nothing was kept) and when to try again. */
export function sendUploadUnavailable(reply: FastifyReply, reason: 'storage' | 'scanner', back: string, locale: Locale): FastifyReply {
  const t = translator(uploadMessages, locale);
  reply.header('retry-after', '60');
  return reply.page({
    status: 503,
    title: t('unavailableTitle'),
    content: html`<h1 class="kern-heading-x-large">${t('unavailableTitle')}</h1>
<p class="kern-body">${t(reason === 'storage' ? 'storageUnavailable' : 'scanUnavailable')}</p>
<p class="kern-body"><a class="kern-link" href="${back}">${t('backToStep')}</a></p>`,
  });
}

/** The answers without the removed file (an emptied file field is unanswered again). */
function withoutFile(answers: Answers, fieldId: string, attachmentId: string): Answers {
  const value = answers[fieldId];
  if (!Array.isArray(value)) return answers;
  const rest = (value as FileRef[]).filter((ref) => ref.id !== attachmentId);
  const others = { ...answers };
  delete others[fieldId];
  return rest.length > 0 ? { ...others, [fieldId]: rest } : others;
}

export function uploadRoutes(app: FastifyInstance, deps: Deps): void {
  app.post<RemoveParams>('/:tenantSlug/antrag/:formSlug/schritt/:stepId/anhang/:attachmentId/entfernen', async (request, reply) => {
    const session = await loadOpenSession(deps, request, request.params);
    const { stepId, attachmentId } = request.params;
    const def = session.form.definition;
    const step = def.steps.find((candidate) => candidate.id === stepId);
    if (!step || uploadFields(step).length === 0 || !canVisit(def, session.draft.answers, stepId)) throw notFound();
    const ownFields = new Set(uploadFields(step).map((field) => field.id));
    const userId = session.userId;
    await deps.db.transaction({ tenantId: session.key.tenantId, userId }, async (tx) => {
      const attachment = await removeAttachment(tx, session.key.tenantId, session.draft.id, attachmentId, userId);
      // Another draft's file, one already removed, one of another step, a made-up id: all
      // "not found", and the throw rolls the deletion back.
      if (!attachment || !ownFields.has(attachment.fieldId)) throw notFound();
      const answers = withoutFile(session.draft.answers, attachment.fieldId, attachment.id);
      if (answers !== session.draft.answers) await saveAnswers(tx, session.key.tenantId, session.draft.id, answers, userId, deps.config.draftLifetimeDays);
    });
    return seeOther(reply, `${basePath(request.params)}/schritt/${encodeURIComponent(stepId)}${request.query.von === 'pruefen' ? '?von=pruefen' : ''}`);
  });
}
