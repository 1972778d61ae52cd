/**
 * The applicant's status page of a case (/antraege/:tenant/:reference), reached from "Meine
 * Anträge", from the receipt in the sending browser, or through the link in a notice mail
 * (?zugang=…, carried on in the page's forms). Not found for everyone else.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { noScope } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { field, type FormInput } from '../../../platform/validation.ts';
import { tokenHashOf } from '../../forms/web/session.ts';
import { findTenantBySlug } from '../../tenants/index.ts';
import { findApplicantCase, replyAsApplicant, withdrawApplication, type ApplicantOutcome, type ApplicantViewer } from '../applicant-access.ts';
import { statusPagePath } from '../notify-applicant.ts';
import { applicantPageView } from './applicant-view.ts';
import { caseMessages } from './messages.ts';

type Params = { Params: { tenantSlug: string; reference: string } };
type Deps = { db: Database };

function accessTokenOf(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{32}$/.test(value) ? value : null;
}

export function caseApplicantRoutes(app: FastifyInstance, deps: Deps): void {
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

  async function render(request: FastifyRequest<Params>, reply: FastifyReply, accessToken: string | null, errors: { field: string; message: string }[] = [], replyText = '', hint?: 'sent' | 'withdrawn') {
    const { tenantSlug, reference } = request.params;
    const found = await findApplicantCase(deps.db, await tenantIdOf(tenantSlug), reference, viewerOf(request, accessToken));
    if (!found) throw notFound();
    // The access secret is in the address: keep it out of Referer headers and shared caches.
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
    const view = { found, action: statusPagePath(tenantSlug, found.reference), accessToken, errors, reply: replyText, hint };
    return reply.page(applicantPageView(view, request.csrfToken(), request.locale));
  }

  app.get<Params & { Querystring: { zugang?: string; hinweis?: string } }>('/antraege/:tenantSlug/:reference', async (request, reply) => {
    const hint = request.query.hinweis === 'gesendet' ? 'sent' : request.query.hinweis === 'zurueckgezogen' ? 'withdrawn' : undefined;
    return render(request, reply, accessTokenOf(request.query.zugang), [], '', hint);
  });

  function afterwards(request: FastifyRequest<Params>, reply: FastifyReply, accessToken: string | null, hint: string) {
    const query = new URLSearchParams({ ...(accessToken ? { zugang: accessToken } : {}), hinweis: hint });
    return seeOther(reply, `${statusPagePath(request.params.tenantSlug, request.params.reference)}?${query.toString()}`);
  }

  const messageFor = (outcome: ApplicantOutcome) =>
    outcome === 'empty' ? 'applicant.empty' : outcome === 'tooLong' ? 'applicant.tooLong' : outcome === 'notAllowed' ? 'applicant.notAllowed' : 'applicant.closed';

  app.post<Params & { Body: FormInput | undefined }>('/antraege/:tenantSlug/:reference/antwort', async (request, reply) => {
    const accessToken = accessTokenOf(field(request.body, 'zugang'));
    const text = field(request.body, 'antwort') ?? '';
    const outcome = await replyAsApplicant(deps.db, await tenantIdOf(request.params.tenantSlug), request.params.reference, viewerOf(request, accessToken), text);
    if (outcome === 'notFound') throw notFound();
    if (outcome !== 'done') {
      const t = translator(caseMessages, request.locale);
      return render(request, reply, accessToken, [{ field: 'antwort', message: t(messageFor(outcome)) }], text);
    }
    return afterwards(request, reply, accessToken, 'gesendet');
  });

  app.post<Params & { Body: FormInput | undefined }>('/antraege/:tenantSlug/:reference/zurueckziehen', async (request, reply) => {
    const accessToken = accessTokenOf(field(request.body, 'zugang'));
    const t = translator(caseMessages, request.locale);
    if (field(request.body, 'bestaetigung') !== 'ja') return render(request, reply, accessToken, [{ field: 'bestaetigung', message: t('applicant.withdrawMissing') }]);
    const outcome = await withdrawApplication(deps.db, await tenantIdOf(request.params.tenantSlug), request.params.reference, viewerOf(request, accessToken));
    if (outcome === 'notFound') throw notFound();
    if (outcome !== 'done') return render(request, reply, accessToken, [{ field: 'bestaetigung', message: t(messageFor(outcome)) }]);
    return afterwards(request, reply, accessToken, 'zurueckgezogen');
  });
}
