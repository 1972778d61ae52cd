/**
 * The task list "Bescheid per Post versenden" (/verwaltung/vorgaenge/postversand): issued
 * decisions the portal did not notify (decisions/postal-delivery.ts), under the reader's tenant
 * and office access, with the PDF to print and "Versand vermerken" (audited, on the timeline).
 * A case the person may not see is 404 on the action, like every case route.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import type { FieldError } from '../../../platform/views/components.ts';
import { markPostSent } from '../case-actions.ts';
import { casesForPost } from '../decisions/postal-delivery.ts';
import { requireCaseStaff, type CaseStaff } from '../staff-access.ts';
import { caseMessages } from './messages.ts';
import { postalPageView } from './postal-view.ts';

export function postalRoutes(app: FastifyInstance, deps: { db: Database }): void {
  async function render(staff: CaseStaff, reply: FastifyReply, locale: Locale, csrf: string, errors: FieldError[] = [], saved = false) {
    const items = await deps.db.transaction(staff.scope, (tx) => casesForPost(tx, staff.scope.tenantId, staff.offices));
    reply.header('cache-control', 'private, no-store');
    return reply.page(postalPageView({ items, canAct: staff.canAct, errors, saved }, csrf, locale));
  }

  app.get<{ Querystring: { hinweis?: string } }>('/verwaltung/vorgaenge/postversand', async (request, reply) => {
    const staff = await requireCaseStaff(deps.db, request, reply);
    if (!staff) return reply;
    return render(staff, reply, request.locale, request.csrfToken(), [], request.query.hinweis === 'vermerkt');
  });

  app.post<{ Params: { caseId: string } }>('/verwaltung/vorgaenge/:caseId/postversand', async (request, reply) => {
    const staff = await requireCaseStaff(deps.db, request, reply);
    if (!staff) return reply;
    const outcome = await markPostSent(deps.db, staff, request.params.caseId);
    if (outcome.kind === 'notFound') throw notFound();
    if (outcome.kind === 'forbidden') throw forbidden();
    if (outcome.kind === 'invalid') {
      const t = translator(caseMessages, request.locale);
      return render(staff, reply, request.locale, request.csrfToken(), [{ field: 'post', message: t('post.not_required') }]);
    }
    return seeOther(reply, '/verwaltung/vorgaenge/postversand?hinweis=vermerkt');
  });
}
