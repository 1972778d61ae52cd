/**
 * Check your answers, the declaration, sending, and the receipt. Sending is Post/Redirect/Get
 * to the receipt, whose address names the reference; repeating the POST gives the same receipt.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { seeOther } from '../../../platform/http/page.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { checkEmail, field, issueMessages, type FormInput, type ValidationIssue } from '../../../platform/validation.ts';
import type { Mail } from '../../../platform/mail/mailer.ts';
import type { SiteInfo } from '../../../platform/http/request-context.ts';
import type { FormDefinition } from '../definition/types.ts';
import type { Answers } from '../runtime/answers.ts';
import { applicantOf } from '../runtime/applicant.ts';
import { formatDate } from '../runtime/dates.ts';
import { noScope } from '../../../platform/db/database.ts';
import { findReceipt, findReceiptWithAnswers, receiptPdf, submitDraft, type ReceiptViewer } from '../../submissions/index.ts';
import { findTenantBySlug } from '../../tenants/index.ts';
import { firstIncompleteStep } from '../runtime/journey.ts';
import { checkYourAnswers } from '../runtime/summary.ts';
import { applyMessages } from './messages.ts';
import { checkPage, receiptPage, type CheckView } from './pages.ts';
import { findPublishedForm, todayInGermany, type PublishedForm } from './published.ts';
import { recheckAnswers } from './recheck.ts';
import { basePath, loadOpenSession, loadSession, requireForm, tokenHashOf, type Deps, type FormParams, type Session } from './session.ts';

type CheckProblems = { declarationError?: string | undefined; receiptEmail?: string; receiptEmailError?: string | undefined };

function checkView(session: Session, params: FormParams, request: FastifyRequest, problems: CheckProblems = {}): CheckView {
  const base = basePath(params);
  const def = session.form.definition;
  const rows = checkYourAnswers(def, session.draft.answers, request.locale);
  const last = rows.at(-1)?.stepId ?? def.steps[0]?.id ?? '';
  // Offered, not assumed: the address the applicant gave (or their account's), which they may clear.
  const suggested = applicantOf(def, session.draft.answers).email ?? request.user?.email ?? '';
  return {
    rows,
    stepHref: (stepId) => `${base}/schritt/${stepId}?von=pruefen`,
    action: `${base}/absenden`,
    back: `${base}/schritt/${last}`,
    saveHref: `${base}/speichern`,
    receiptEmail: problems.receiptEmail ?? suggested,
    ...(problems.declarationError ? { declarationError: problems.declarationError } : {}),
    ...(problems.receiptEmailError ? { receiptEmailError: problems.receiptEmailError } : {}),
  };
}

/** The confirmation mail: reference, form and authority, no answers (they stay on the portal). */
function receiptMail(to: string, def: FormDefinition, locale: Locale, authority: string): (reference: string) => Mail {
  const t = translator(applyMessages, locale);
  const title = def.title[locale];
  return (reference) => ({
    to,
    subject: t('receiptMailSubject', { reference }),
    text: t('receiptMailBody', { reference, title, authority, date: formatDate(todayInGermany()) }),
  });
}

type ReceiptParams = FormParams & { reference: string };

function receiptViewer(current: PublishedForm, request: FastifyRequest): ReceiptViewer {
  return { tenantId: current.tenantId, formId: current.formId, tokenHash: tokenHashOf(request), userId: request.user?.id ?? null };
}

/** A receipt shows the form as it was when sent, even after a newer version was published. */
async function formOfVersion(deps: Deps, params: FormParams, current: PublishedForm, version: number): Promise<PublishedForm> {
  if (version === current.version) return current;
  return (await findPublishedForm(deps.db, params.tenantSlug, params.formSlug, version)) ?? current;
}

export function submitRoutes(app: FastifyInstance, deps: Deps & { site: SiteInfo }): void {
  app.get<{ Params: FormParams }>('/:tenantSlug/antrag/:formSlug/pruefen', async (request, reply) => {
    const session = await loadOpenSession(deps, request, request.params);
    const incomplete = firstIncompleteStep(session.form.definition, session.draft.answers);
    if (incomplete) return seeOther(reply, `${basePath(request.params)}/schritt/${incomplete}`);
    const view = checkView(session, request.params, request);
    return reply.page(checkPage(session.form.definition, view, request.csrfToken(), request.locale));
  });

  app.post<{ Params: FormParams; Body: FormInput | undefined }>('/:tenantSlug/antrag/:formSlug/absenden', async (request, reply) => {
    const base = basePath(request.params);
    const t = translator(applyMessages, request.locale);
    const receiptEmail = (field(request.body, 'bestaetigungEmail') ?? '').trim();
    const emailIssues: ValidationIssue[] = [];
    const emailOk = receiptEmail === '' || checkEmail(emailIssues, 'bestaetigungEmail', receiptEmail);
    const declared = field(request.body, 'erklaerung') === 'ja';
    if (!declared || !emailOk) {
      // The declaration is asked of an open draft only: a repeated POST just finds the receipt.
      const session = await loadSession(deps, request, request.params);
      if (!session.draft.submittedAt) {
        const view = checkView(session, request.params, request, {
          declarationError: declared ? undefined : t('declarationMissing'),
          receiptEmail,
          receiptEmailError: emailOk ? undefined : issueMessages(emailIssues, () => undefined, request.locale)[0]?.message,
        });
        return reply.page(checkPage(session.form.definition, view, request.csrfToken(), request.locale));
      }
    }
    // The usual case goes straight to the one locking transaction (no separate read of the draft):
    // the definition of the draft's version comes from the in-memory published forms.
    const current = await requireForm(deps.db, request.params);
    const tokenHash = tokenHashOf(request);
    if (!tokenHash) throw notFound();
    const key = { tenantId: current.tenantId, formId: current.formId, tokenHash };
    const forms = new Map([[current.version, current]]);
    const authority = deps.site.placeNames.get(request.params.tenantSlug) ?? deps.site.districtName;
    const mail = receiptEmail ? receiptMail(receiptEmail, current.definition, request.locale, authority) : undefined;
    const recheck = (version: number, answers: Answers) => {
      const form = forms.get(version);
      return form ? recheckAnswers(form.definition, answers, todayInGermany()) : { needsVersion: version };
    };
    const userId = request.user?.id ?? null;
    let outcome = await submitDraft(deps.db, key, userId, recheck, mail);
    if (outcome.kind === 'needsVersion') {
      // A draft started on an earlier version: check it against that version's questions.
      forms.set(outcome.version, await requireForm(deps.db, request.params, outcome.version));
      outcome = await submitDraft(deps.db, key, userId, recheck, mail);
    }
    if (outcome.kind === 'noDraft' || outcome.kind === 'needsVersion') throw notFound();
    if (outcome.kind === 'invalid') return seeOther(reply, `${base}/schritt/${outcome.stepId}`);
    return seeOther(reply, `${base}/eingang/${encodeURIComponent(outcome.reference)}`);
  });

  app.get<{ Params: ReceiptParams }>('/:tenantSlug/antrag/:formSlug/eingang/:reference', async (request, reply) => {
    const current = await requireForm(deps.db, request.params);
    const receipt = await findReceipt(deps.db, receiptViewer(current, request), request.params.reference.slice(0, 40));
    if (!receipt) throw notFound();
    const form = await formOfVersion(deps, request.params, current, receipt.version);
    const pdfHref = `${basePath(request.params)}/eingang/${encodeURIComponent(receipt.reference)}/eingangsbestaetigung.pdf`;
    return reply.page(receiptPage(form.definition, { ...receipt, pdfHref }, request.locale));
  });

  // The same access rule as the page: only the sending browser or the signed-in applicant.
  app.get<{ Params: ReceiptParams }>('/:tenantSlug/antrag/:formSlug/eingang/:reference/eingangsbestaetigung.pdf', async (request, reply) => {
    const current = await requireForm(deps.db, request.params);
    const receipt = await findReceiptWithAnswers(deps.db, receiptViewer(current, request), request.params.reference.slice(0, 40));
    if (!receipt) throw notFound();
    const form = await formOfVersion(deps, request.params, current, receipt.version);
    const tenant = await deps.db.transaction(noScope, (tx) => findTenantBySlug(tx, request.params.tenantSlug));
    if (!tenant) throw notFound();
    const address = [tenant.street, [tenant.postcode, tenant.city].filter(Boolean).join(' ')].filter((line): line is string => Boolean(line));
    const pdf = await receiptPdf({ authority: { name: tenant.officialName, address }, definition: form.definition, ...receipt }, request.locale);
    // Personal data: kept out of shared caches and the browser's cache (Art. 32 DSGVO).
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="Eingangsbestaetigung-${receipt.reference.replace(/[^A-Za-z0-9-]/g, '')}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });
}
