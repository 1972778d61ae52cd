/**
 * The applicant's status page of a case (/antraege/:tenant/:reference), reached from "Meine
 * Anträge", from the receipt in the sending browser, or through the link in a notice mail
 * (?zugang=…, carried on in the page's forms and file links). Not found for everyone else. The
 * answer form posts multipart/form-data (documents for a Rückfrage); the files of the thread
 * download under the page's own access rules.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/database.ts';
import { noScope } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { field, type FormInput } from '../../../platform/validation.ts';
import { tokenHashOf } from '../../forms/web/session.ts';
import { createUploadServices, registerMultipart } from '../../forms/web/upload-services.ts';
import { sendUploadUnavailable } from '../../forms/web/upload-routes.ts';
import { findTenantBySlug } from '../../tenants/index.ts';
import { findApplicantCase, locateApplicantCase, replyAsApplicant, withdrawApplication, type ApplicantOutcome, type ApplicantViewer } from '../applicant-access.ts';
import { messageFileOfCase } from '../message-files.ts';
import { recordPortalConsent } from '../portal-consent.ts';
import { openStatuses } from '../workflow.ts';
import { statusPagePath } from '../notify-applicant.ts';
import { applicantPageView } from './applicant-view.ts';
import { applicantMessages } from './applicant-messages.ts';
import { messageFileHint, storeMessageFiles } from './message-uploads.ts';
import { sendCaseFile } from './send-file.ts';

type Params = { Params: { tenantSlug: string; reference: string } };
type Deps = { db: Database; config: Config };
type Hint = 'sent' | 'withdrawn' | 'consent';

function accessTokenOf(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{32}$/.test(value) ? value : null;
}

export function caseApplicantRoutes(app: FastifyInstance, deps: Deps): void {
  const uploads = createUploadServices(deps.config, app.log);

  async function tenantIdOf(slug: string): Promise<string> {
    const tenant = await deps.db.transaction(noScope, (tx) => findTenantBySlug(tx, slug));
    if (!tenant) throw notFound();
    return tenant.id;
  }

  const viewerOf = (request: FastifyRequest, accessToken: string | null): ApplicantViewer => ({
    userId: request.user?.id ?? null,
    accessToken,
    browserTokenHash: tokenHashOf(request),
  });

  async function render(request: FastifyRequest<Params>, reply: FastifyReply, accessToken: string | null, errors: { field: string; message: string }[] = [], replyText = '', hint?: Hint) {
    const { tenantSlug, reference } = request.params;
    const found = await findApplicantCase(deps.db, await tenantIdOf(tenantSlug), reference, viewerOf(request, accessToken));
    if (!found) throw notFound();
    // The access secret is in the address: keep it out of Referer headers and shared caches.
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
    const view = { found, action: statusPagePath(tenantSlug, found.reference), accessToken, errors, reply: replyText, hint, fileHint: messageFileHint(uploads, request.locale) };
    return reply.page(applicantPageView(view, request.csrfToken(), request.locale));
  }

  app.get<Params & { Querystring: { zugang?: string; hinweis?: string } }>('/antraege/:tenantSlug/:reference', async (request, reply) => {
    const hints: Record<string, Hint> = { gesendet: 'sent', zurueckgezogen: 'withdrawn', einwilligung: 'consent' };
    const hint = hints[request.query.hinweis ?? ''];
    return render(request, reply, accessTokenOf(request.query.zugang), [], '', hint);
  });

  function afterwards(request: FastifyRequest<Params>, reply: FastifyReply, accessToken: string | null, hint: string) {
    const query = new URLSearchParams({ ...(accessToken ? { zugang: accessToken } : {}), hinweis: hint });
    return seeOther(reply, `${statusPagePath(request.params.tenantSlug, request.params.reference)}?${query.toString()}`);
  }

  const messageFor = (outcome: ApplicantOutcome) =>
    outcome === 'empty' ? 'applicant.empty' : outcome === 'tooLong' ? 'applicant.tooLong' : outcome === 'notAllowed' ? 'applicant.notAllowed' : 'applicant.closed';

  // Only the answer takes multipart/form-data (ADR 0006): the CSRF token is checked before any file is read.
  app.register(async (scope) => {
    await registerMultipart(scope, { maxBytes: uploads.maxBytes, secret: deps.config.sessionSecret });
    scope.post<Params & { Body: FormInput | undefined }>('/antraege/:tenantSlug/:reference/antwort', async (request, reply) => {
      const accessToken = accessTokenOf(field(request.body, 'zugang'));
      const text = field(request.body, 'antwort');
      const tenantId = await tenantIdOf(request.params.tenantSlug);
      const viewer = viewerOf(request, accessToken);
      const t = translator(applicantMessages, request.locale);
      // The case first: files of a request that may not answer are never stored.
      const found = await deps.db.transaction({ tenantId, userId: viewer.userId }, (tx) => locateApplicantCase(tx, tenantId, request.params.reference, viewer, false));
      if (!found) throw notFound();
      if (!openStatuses.includes(found.status)) return render(request, reply, accessToken, [{ field: 'antwort', message: t('applicant.closed') }], text);
      const back = `${statusPagePath(request.params.tenantSlug, found.reference)}${accessToken ? `?zugang=${accessToken}` : ''}`;
      const upload = await storeMessageFiles(uploads, request.body, request.locale, request.log);
      if (upload.kind === 'unavailable') return sendUploadUnavailable(reply, upload.reason, back, request.locale);
      if (upload.kind === 'invalid') return render(request, reply, accessToken, upload.messages.map((message) => ({ field: 'dateien', message })), text);
      const outcome = await replyAsApplicant(deps.db, tenantId, request.params.reference, viewer, text, upload.files);
      if (outcome === 'notFound') throw notFound();
      if (outcome !== 'done') return render(request, reply, accessToken, [{ field: 'antwort', message: t(messageFor(outcome)) }], text);
      return afterwards(request, reply, accessToken, 'gesendet');
    });
  });

  /** A file of the thread, as a download (never shown inline on the citizen's side), under the page's access rules. */
  app.get<{ Params: { tenantSlug: string; reference: string; fileId: string }; Querystring: { zugang?: string } }>('/antraege/:tenantSlug/:reference/dateien/:fileId', async (request, reply) => {
    const tenantId = await tenantIdOf(request.params.tenantSlug);
    const viewer = viewerOf(request, accessTokenOf(request.query.zugang));
    const file = await deps.db.transaction({ tenantId, userId: viewer.userId }, async (tx) => {
      const found = await locateApplicantCase(tx, tenantId, request.params.reference, viewer, false);
      return found && messageFileOfCase(tx, tenantId, found.id, request.params.fileId);
    });
    if (!file) throw notFound();
    reply.header('referrer-policy', 'no-referrer');
    return sendCaseFile(request, reply, uploads.blobs, file, 'attachment');
  });

  /** The one-time choice how the Bescheid is to be notified (§ 41 Abs. 2a VwVfG). */
  app.post<Params & { Body: FormInput | undefined }>('/antraege/:tenantSlug/:reference/einwilligung', async (request, reply) => {
    const accessToken = accessTokenOf(field(request.body, 'zugang'));
    const t = translator(applicantMessages, request.locale);
    const choice = field(request.body, 'einwilligung');
    const tenantId = await tenantIdOf(request.params.tenantSlug);
    if (choice !== 'ja' && choice !== 'nein') {
      // Not found first, so a stranger learns nothing from the message.
      const found = await findApplicantCase(deps.db, tenantId, request.params.reference, viewerOf(request, accessToken));
      if (!found) throw notFound();
      return render(request, reply, accessToken, [{ field: 'einwilligung', message: t('consent.missing') }]);
    }
    const outcome = await recordPortalConsent(deps.db, tenantId, request.params.reference, viewerOf(request, accessToken), choice === 'ja');
    if (outcome === 'notFound') throw notFound();
    if (outcome !== 'done') return render(request, reply, accessToken, [{ field: 'einwilligung', message: t(outcome === 'alreadyChosen' ? 'consent.already' : 'consent.notAllowed') }]);
    return afterwards(request, reply, accessToken, 'einwilligung');
  });

  app.post<Params & { Body: FormInput | undefined }>('/antraege/:tenantSlug/:reference/zurueckziehen', async (request, reply) => {
    const accessToken = accessTokenOf(field(request.body, 'zugang'));
    const t = translator(applicantMessages, request.locale);
    if (field(request.body, 'bestaetigung') !== 'ja') return render(request, reply, accessToken, [{ field: 'bestaetigung', message: t('applicant.withdrawMissing') }]);
    const outcome = await withdrawApplication(deps.db, await tenantIdOf(request.params.tenantSlug), request.params.reference, viewerOf(request, accessToken));
    if (outcome === 'notFound') throw notFound();
    if (outcome !== 'done') return render(request, reply, accessToken, [{ field: 'bestaetigung', message: t(messageFor(outcome)) }]);
    return afterwards(request, reply, accessToken, 'zurueckgezogen');
  });
}
