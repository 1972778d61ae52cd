/**
 * Check your answers, the declaration, sending, and the receipt. Sending is Post/Redirect/Get
 * to the receipt, whose address names the reference; repeating the POST gives the same receipt.
 */
import type { FastifyInstance } from 'fastify';
import { seeOther } from '../../../platform/http/page.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { field, type FormInput } from '../../../platform/validation.ts';
import { findReceipt, submitDraft } from '../../submissions/index.ts';
import { firstIncompleteStep } from '../runtime/journey.ts';
import { checkYourAnswers } from '../runtime/summary.ts';
import { applyMessages } from './messages.ts';
import { checkPage, receiptPage, type CheckView } from './pages.ts';
import { findPublishedForm, todayInGermany } from './published.ts';
import { recheckAnswers } from './recheck.ts';
import { basePath, loadOpenSession, loadSession, requireForm, tokenHashOf, type Deps, type FormParams, type Session } from './session.ts';

function checkView(session: Session, params: FormParams, locale: Locale, declarationError?: string): CheckView {
  const base = basePath(params);
  const def = session.form.definition;
  const rows = checkYourAnswers(def, session.draft.answers, locale);
  const last = rows.at(-1)?.stepId ?? def.steps[0]?.id ?? '';
  return {
    rows,
    stepHref: (stepId) => `${base}/schritt/${stepId}?von=pruefen`,
    action: `${base}/absenden`,
    back: `${base}/schritt/${last}`,
    ...(declarationError ? { declarationError } : {}),
  };
}

export function submitRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: FormParams }>('/:tenantSlug/antrag/:formSlug/pruefen', async (request, reply) => {
    const session = await loadOpenSession(deps, request, request.params);
    const incomplete = firstIncompleteStep(session.form.definition, session.draft.answers);
    if (incomplete) return seeOther(reply, `${basePath(request.params)}/schritt/${incomplete}`);
    const view = checkView(session, request.params, request.locale);
    return reply.page(checkPage(session.form.definition, view, request.csrfToken(), request.locale));
  });

  app.post<{ Params: FormParams; Body: FormInput | undefined }>('/:tenantSlug/antrag/:formSlug/absenden', async (request, reply) => {
    const session = await loadSession(deps, request, request.params);
    const base = basePath(request.params);
    // The declaration is asked of an open draft only: a repeated POST just finds the receipt.
    if (!session.draft.submittedAt && field(request.body, 'erklaerung') !== 'ja') {
      const view = checkView(session, request.params, request.locale, translator(applyMessages, request.locale)('declarationMissing'));
      return reply.page(checkPage(session.form.definition, view, request.csrfToken(), request.locale));
    }
    const def = session.form.definition;
    const outcome = await submitDraft(deps.db, session.key, session.userId, (version, answers) =>
      version === session.form.version ? recheckAnswers(def, answers, todayInGermany()) : { stepId: def.steps[0]?.id ?? '' },
    );
    if (outcome.kind === 'noDraft') throw notFound();
    if (outcome.kind === 'invalid') return seeOther(reply, `${base}/schritt/${outcome.stepId}`);
    return seeOther(reply, `${base}/eingang/${encodeURIComponent(outcome.reference)}`);
  });

  app.get<{ Params: FormParams & { reference: string } }>('/:tenantSlug/antrag/:formSlug/eingang/:reference', async (request, reply) => {
    const current = await requireForm(deps.db, request.params);
    const viewer = { tenantId: current.tenantId, formId: current.formId, tokenHash: tokenHashOf(request), userId: request.user?.id ?? null };
    const receipt = await findReceipt(deps.db, viewer, request.params.reference.slice(0, 40));
    if (!receipt) throw notFound();
    const form = receipt.version === current.version ? current : await findPublishedForm(deps.db, request.params.tenantSlug, request.params.formSlug, receipt.version);
    return reply.page(receiptPage((form ?? current).definition, receipt, request.locale));
  });
}
