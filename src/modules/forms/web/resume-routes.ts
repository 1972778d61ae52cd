/**
 * Continuing an application elsewhere (GOV.UK "save and return"):
 *   - /speichern: an applicant asks for a one-time link by e-mail (no answers in the mail),
 *   - /fortsetzen?code=…: the link's page; its button moves the draft to this browser,
 *   - /fortsetzen/:draftId: a signed-in applicant continues a draft from "Meine Anträge".
 * Afterwards the check page sends the applicant on to the first step still to answer.
 */
import type { FastifyInstance } from 'fastify';
import type { SiteInfo } from '../../../platform/http/request-context.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { formatDate } from '../../../platform/i18n/format.ts';
import { queueMail } from '../../../platform/mail/mail-jobs.ts';
import { checkEmail, field, issueMessages, type FormInput, type ValidationIssue } from '../../../platform/validation.ts';
import { hashDraftToken, isDraftToken, newDraftToken, resumeOwnDraft, resumeWithToken, setResumeToken } from '../../submissions/index.ts';
import { linkSentPage, resumeConfirmPage, resumeInvalidPage, saveForLaterPage } from './resume-pages.ts';
import { resumeMessages } from './resume-messages.ts';
import { basePath, ensureToken, loadOpenSession, requireForm, type Deps, type FormParams } from './session.ts';

type ResumeDeps = Deps & { site: SiteInfo };
type Body = { Body: FormInput | undefined };
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const mailLimit = { config: { rateLimitKind: 'login' as const } };

export function resumeRoutes(app: FastifyInstance, deps: ResumeDeps): void {
  app.get<{ Params: FormParams }>('/:tenantSlug/antrag/:formSlug/speichern', async (request, reply) => {
    const { form, draft } = await loadOpenSession(deps, request, request.params);
    const base = basePath(request.params);
    const view = { action: `${base}/speichern`, back: `${base}/pruefen`, email: request.user?.email ?? '', expiresAt: draft.expiresAt, errors: [] };
    return reply.page(saveForLaterPage(form.definition.title[request.locale], view, request.csrfToken(), request.locale));
  });

  app.post<{ Params: FormParams } & Body>('/:tenantSlug/antrag/:formSlug/speichern', mailLimit, async (request, reply) => {
    const { form, draft, key, userId } = await loadOpenSession(deps, request, request.params);
    const base = basePath(request.params);
    const title = form.definition.title[request.locale];
    const email = (field(request.body, 'email') ?? '').trim();
    const issues: ValidationIssue[] = [];
    if (!checkEmail(issues, 'email', email)) {
      const t = translator(resumeMessages, request.locale);
      const errors = issueMessages(issues, (name) => (name in resumeMessages[request.locale] ? t(name as 'email.required') : undefined), request.locale);
      const view = { action: `${base}/speichern`, back: `${base}/pruefen`, email, expiresAt: draft.expiresAt, errors };
      return reply.page(saveForLaterPage(title, view, request.csrfToken(), request.locale));
    }
    const code = newDraftToken();
    const t = translator(resumeMessages, request.locale);
    const link = `${deps.config.baseUrl}${base}/fortsetzen?code=${code}`;
    await deps.db.transaction({ tenantId: key.tenantId, userId }, async (tx) => {
      if (!(await setResumeToken(tx, key, hashDraftToken(code), userId))) throw notFound();
      await queueMail(tx, key.tenantId, {
        to: email,
        subject: t('mailSubject', { title }),
        text: t('mailBody', { title, link, date: formatDate(draft.expiresAt, request.locale), district: deps.site.districtName }),
      });
    });
    return seeOther(reply, `${base}/speichern/gesendet`);
  });

  app.get<{ Params: FormParams }>('/:tenantSlug/antrag/:formSlug/speichern/gesendet', async (request, reply) => {
    const form = await requireForm(deps.db, request.params);
    return reply.page(linkSentPage(form.definition.title[request.locale], `${basePath(request.params)}/pruefen`, request.locale));
  });

  app.get<{ Params: FormParams; Querystring: { code?: string } }>('/:tenantSlug/antrag/:formSlug/fortsetzen', async (request, reply) => {
    const form = await requireForm(deps.db, request.params);
    const title = form.definition.title[request.locale];
    const base = basePath(request.params);
    const code = request.query.code;
    if (!isDraftToken(code)) return reply.page(resumeInvalidPage(title, base, request.locale));
    reply.header('referrer-policy', 'no-referrer');
    return reply.page(resumeConfirmPage(title, `${base}/fortsetzen`, code, request.csrfToken(), request.locale));
  });

  app.post<{ Params: FormParams } & Body>('/:tenantSlug/antrag/:formSlug/fortsetzen', mailLimit, async (request, reply) => {
    const form = await requireForm(deps.db, request.params);
    const base = basePath(request.params);
    const code = field(request.body, 'code');
    const userId = request.user?.id ?? null;
    const resumed =
      isDraftToken(code) &&
      (await deps.db.transaction({ tenantId: form.tenantId, userId }, (tx) =>
        resumeWithToken(tx, { tenantId: form.tenantId, formId: form.formId, tokenHash: ensureToken(request, reply, deps) }, hashDraftToken(code), userId),
      ));
    if (!resumed) return reply.page(resumeInvalidPage(form.definition.title[request.locale], base, request.locale));
    return seeOther(reply, `${base}/pruefen`);
  });

  app.post<{ Params: FormParams & { draftId: string } }>('/:tenantSlug/antrag/:formSlug/fortsetzen/:draftId', async (request, reply) => {
    const user = request.user;
    if (!user || !uuidPattern.test(request.params.draftId)) throw notFound();
    const form = await requireForm(deps.db, request.params);
    const target = { tenantId: form.tenantId, formId: form.formId, tokenHash: ensureToken(request, reply, deps) };
    const resumed = await deps.db.transaction({ tenantId: form.tenantId, userId: user.id }, (tx) => resumeOwnDraft(tx, target, request.params.draftId, user.id));
    if (!resumed) throw notFound();
    return seeOther(reply, `${basePath(request.params)}/pruefen`);
  });
}
