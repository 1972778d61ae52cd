/** "Meine Anträge" for signed-in citizens (and staff who applied as citizens). */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { listMyApplications } from '../my-applications.ts';
import { myApplicationsPage, type CaseLink } from './my-applications-view.ts';

export function myApplicationsRoutes(app: FastifyInstance, deps: { db: Database; caseLink: CaseLink }): void {
  app.get('/konto/antraege', async (request, reply) => {
    const user = requireUser(request, reply);
    if (!user) return reply;
    const list = await listMyApplications(deps.db, user.id);
    reply.header('cache-control', 'private, no-store');
    return reply.page(myApplicationsPage(list, request.csrfToken(), request.locale, deps.caseLink));
  });
}
