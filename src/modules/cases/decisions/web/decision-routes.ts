/**
 * Routes of the decision (Bescheid): the staff page with its actions and the PDF for staff
 * (/verwaltung/vorgaenge/:caseId/bescheid…), and the PDF for the applicant from the status page
 * (/antraege/:tenant/:reference/bescheid.pdf). A case the person may not see is 404 on every
 * route, like the case page; readers see but cannot act (403).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../../config.ts';
import { appendAudit } from '../../../../platform/audit/audit-log.ts';
import { BlobIntegrityError, BlobNotFoundError, type BlobStore } from '../../../../platform/blobs/blob-store.ts';
import { openBlobStore } from '../../../../platform/blobs/open-blob-store.ts';
import type { Database } from '../../../../platform/db/database.ts';
import { maybeOne, noScope } from '../../../../platform/db/database.ts';
import { sql } from '../../../../platform/db/sql.ts';
import { forbidden, notFound } from '../../../../platform/http/errors.ts';
import { seeOther } from '../../../../platform/http/page.ts';
import type { SiteInfo } from '../../../../platform/http/request-context.ts';
import { translator } from '../../../../platform/i18n/i18n.ts';
import { field, issueMessages, type FormInput } from '../../../../platform/validation.ts';
import { html } from '../../../../platform/views/html.ts';
import { tokenHashOf } from '../../../forms/web/session.ts';
import { findTenantBySlug } from '../../../tenants/index.ts';
import { findApplicantCase } from '../../applicant-access.ts';
import type { ActionOutcome } from '../../case-actions.ts';
import { findCase } from '../../case-store.ts';
import { requireCaseStaff, type CaseStaff } from '../../staff-access.ts';
import { caseMessages } from '../../web/messages.ts';
import { settingsForService } from '../case-settings.ts';
import { decisionOfCase } from '../decision-store.ts';
import { recordRetrieval } from '../applicant-decision.ts';
import { approveDecision, returnDecision, saveDraft, startDraft, type DraftStep, type IssueContext } from '../draft-decision.ts';
import { decisionMessages, type DecisionMessageKey } from '../messages.ts';
import { decisionPageView, decisionPath, type DecisionHint } from './decision-view.ts';

type Deps = { db: Database; config: Config; site: SiteInfo };
type CaseParams = { Params: { caseId: string } };

const hints: Record<string, DecisionHint> = { gespeichert: 'saved', vorgelegt: 'submitted', zurueckgegeben: 'returned', erlassen: 'issued' };
const steps: Record<string, DraftStep> = { speichern: 'save', vorlegen: 'submit', erlassen: 'issue' };

function pdfName(reference: string): string {
  return `Bescheid-${reference.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;
}

/** Sends a stored PDF after checking it against its SHA-256; a damaged blob is reported, never served. */
async function sendPdf(request: FastifyRequest, reply: FastifyReply, blobs: BlobStore, sha256: string, reference: string) {
  let bytes: Buffer;
  try {
    bytes = await blobs.get(sha256);
  } catch (error) {
    if (error instanceof BlobIntegrityError || error instanceof BlobNotFoundError) {
      request.log.error({ err: error, sha256 }, 'decision PDF damaged or missing');
      const t = translator(caseMessages, request.locale);
      return reply.page({ title: t('file.damagedTitle'), content: html`<h1 class="kern-heading-x-large">${t('file.damagedTitle')}</h1><p class="kern-body">${t('file.damaged')}</p>`, status: 500 });
    }
    throw error;
  }
  // Personal data: kept out of shared caches and the browser's cache (Art. 32 DSGVO).
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${pdfName(reference)}"`)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

export function decisionRoutes(app: FastifyInstance, deps: Deps): void {
  const blobs = openBlobStore(deps.config);

  async function issueContext(staff: CaseStaff): Promise<IssueContext> {
    const tenant = await deps.db.transaction(staff.scope, (tx) => maybeOne<{ slug: string }>(tx, sql`select slug from tenants where id = ${staff.scope.tenantId}`));
    if (!tenant) throw notFound();
    return { blobs, notice: { baseUrl: deps.config.baseUrl, tenantSlug: tenant.slug, districtName: deps.site.districtName } };
  }

  async function render(request: FastifyRequest<CaseParams>, reply: FastifyReply, staff: CaseStaff, outcome?: ActionOutcome & { kind: 'invalid' }, values: Record<string, string> = {}, hint?: DecisionHint) {
    const tenantId = staff.scope.tenantId;
    const loaded = await deps.db.transaction(staff.scope, async (tx) => {
      const detail = await findCase(tx, tenantId, request.params.caseId, staff.offices);
      if (!detail) return undefined;
      const settings = await settingsForService(tx, tenantId, detail.serviceKey);
      return { detail, decision: await decisionOfCase(tx, tenantId, detail.id), fourEyes: settings.fourEyes, englishTemplate: settings.tenorEn !== null };
    });
    if (!loaded) throw notFound();
    const t = translator(decisionMessages, request.locale);
    const errors = outcome
      ? issueMessages([{ field: outcome.field, code: outcome.code }], (key) => (key in decisionMessages[request.locale] ? t(key as DecisionMessageKey) : undefined), request.locale)
      : [];
    reply.header('cache-control', 'private, no-store');
    return reply.page(decisionPageView({ ...loaded, canAct: staff.canAct, userId: staff.scope.userId, errors, values, hint }, request.csrfToken(), request.locale));
  }

  app.get<CaseParams & { Querystring: { hinweis?: string } }>('/verwaltung/vorgaenge/:caseId/bescheid', async (request, reply) => {
    const staff = await requireCaseStaff(deps.db, request, reply);
    if (!staff) return reply;
    return render(request, reply, staff, undefined, {}, hints[request.query.hinweis ?? '']);
  });

  app.get<CaseParams>('/verwaltung/vorgaenge/:caseId/bescheid.pdf', async (request, reply) => {
    const staff = await requireCaseStaff(deps.db, request, reply);
    if (!staff) return reply;
    const found = await deps.db.transaction(staff.scope, async (tx) => {
      const detail = await findCase(tx, staff.scope.tenantId, request.params.caseId, staff.offices);
      const decision = detail && (await decisionOfCase(tx, detail.tenantId, detail.id, { issuedOnly: true }));
      if (!detail || !decision?.pdfSha256) return undefined;
      // Who read which decision (DSGVO accountability, Art. 5 (2)): an audit entry, not a timeline event.
      await appendAudit(tx, { tenantId: detail.tenantId, actorId: staff.scope.userId, action: 'case.decision_downloaded', subjectType: 'case', subjectId: detail.id, data: { decisionId: decision.id } });
      return { sha256: decision.pdfSha256, reference: detail.reference };
    });
    if (!found) throw notFound();
    return sendPdf(request, reply, blobs, found.sha256, found.reference);
  });

  /** Runs an action and answers it: 303 back to the decision page, 404, 403, or 422 with the message. */
  function action(path: string, hint: (body: FormInput | undefined) => string, run: (staff: CaseStaff, caseId: string, body: FormInput | undefined) => Promise<ActionOutcome>) {
    app.post<CaseParams & { Body: FormInput | undefined }>(`/verwaltung/vorgaenge/:caseId/${path}`, async (request, reply) => {
      const staff = await requireCaseStaff(deps.db, request, reply);
      if (!staff) return reply;
      const outcome = await run(staff, request.params.caseId, request.body);
      if (outcome.kind === 'notFound') throw notFound();
      if (outcome.kind === 'forbidden') throw forbidden();
      if (outcome.kind === 'invalid') {
        const values: Record<string, string> = {};
        for (const name of ['outcome', 'language', 'tenor', 'reasons', 'legalRemedy', 'comment']) {
          if (request.body?.[name] !== undefined) values[name] = field(request.body, name, { trim: false });
        }
        return render(request, reply, staff, outcome, values);
      }
      return seeOther(reply, `${decisionPath(request.params.caseId)}?hinweis=${hint(request.body)}`);
    });
  }

  action('bescheid/entwurf', () => 'gespeichert', (staff, caseId, body) => startDraft(deps.db, staff, caseId, field(body, 'outcome'), field(body, 'language') || 'de'));
  action(
    'bescheid',
    (body) => ({ vorlegen: 'vorgelegt', erlassen: 'erlassen' })[field(body, 'schritt')] ?? 'gespeichert',
    async (staff, caseId, body) => {
      const text = { outcome: field(body, 'outcome'), tenor: field(body, 'tenor'), reasons: field(body, 'reasons'), legalRemedy: field(body, 'legalRemedy') };
      return saveDraft(deps.db, staff, caseId, text, steps[field(body, 'schritt')] ?? 'save', await issueContext(staff));
    },
  );
  action('bescheid/freigabe', () => 'erlassen', async (staff, caseId, body) => approveDecision(deps.db, staff, caseId, field(body, 'stand'), await issueContext(staff)));
  action('bescheid/rueckgabe', () => 'zurueckgegeben', (staff, caseId, body) => returnDecision(deps.db, staff, caseId, field(body, 'comment')));

  /**
   * The applicant's copy, under exactly the status page's rules (signed in as the applicant, the
   * notice link's secret, or the sending browser); everyone else gets 404.
   */
  app.get<{ Params: { tenantSlug: string; reference: string }; Querystring: { zugang?: string } }>('/antraege/:tenantSlug/:reference/bescheid.pdf', async (request, reply) => {
    const tenant = await deps.db.transaction(noScope, (tx) => findTenantBySlug(tx, request.params.tenantSlug));
    if (!tenant) throw notFound();
    const zugang = request.query.zugang;
    const viewer = {
      userId: request.user?.id ?? null,
      accessToken: typeof zugang === 'string' && /^[A-Za-z0-9_-]{32}$/.test(zugang) ? zugang : null,
      browserTokenHash: tokenHashOf(request),
    };
    const found = await findApplicantCase(deps.db, tenant.id, request.params.reference, viewer);
    if (!found?.decision) throw notFound();
    await recordRetrieval(deps.db, { tenantId: tenant.id, caseId: found.id, decisionId: found.decision.id, userId: viewer.userId });
    reply.header('referrer-policy', 'no-referrer');
    return sendPdf(request, reply, blobs, found.decision.sha256, found.reference);
  });
}
