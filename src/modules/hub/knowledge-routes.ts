/** /kooperation/wissen: search, read and write articles. */
import type { FastifyInstance } from 'fastify';
import { sql } from '../../platform/db/sql.ts';
import { notFound } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/page.ts';
import { rethrowHubAccess } from './access.ts';
import { readForm } from './form.ts';
import { findArticle, searchArticles, writeArticle } from './knowledge.ts';
import { articleFormPage, articlePage, knowledgeListPage } from './knowledge-views.ts';
import { member, requireId, savedHint, type FormBody, type HubDeps, type IdParams } from './route-kit.ts';

export function knowledgeRoutes(app: FastifyInstance, deps: HubDeps): void {
  const db = deps.db;
  const projectChoices = (scope: { tenantId: string; userId: string }) =>
    db.transaction(scope, (tx) => tx.query<{ id: string; title: string }>(sql`select id, title from hub_projects order by title`));

  app.get<{ Querystring: { q?: string } }>('/kooperation/wissen', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const query = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 200) : '';
    const articles = await db.transaction(hub.scope, (tx) => searchArticles(tx, query));
    return reply.page(knowledgeListPage(request.locale, { query, articles }));
  });

  app.get('/kooperation/wissen/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(articleFormPage(request.locale, request.csrfToken(), { projects: await projectChoices(hub.scope), values: {} }));
  });

  app.post<FormBody>('/kooperation/wissen/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const form = readForm(request.body);
    const title = form.text('title', { required: true, max: 200 });
    const body = form.text('body', { required: true, max: 20000 });
    const projectId = form.text('projectId', { max: 36 });
    const serviceKeys = form.lines('serviceKeys', { maxLines: 50 });
    if (projectId && !/^[0-9a-f-]{36}$/i.test(projectId)) form.issues.push({ field: 'projectId', code: 'invalid' });
    if (serviceKeys.some((key) => !/^99\d{12}$/.test(key))) form.issues.push({ field: 'serviceKeys', code: 'unknown_service' });
    const outcome = form.issues.length > 0 ? { issues: form.issues } : await writeArticle(db, hub.scope, { title, body, projectId: projectId || null, serviceKeys }).catch(rethrowHubAccess);
    if ('issues' in outcome) return reply.page(articleFormPage(request.locale, request.csrfToken(), { projects: await projectChoices(hub.scope), values: form.values, issues: outcome.issues }));
    return seeOther(reply, `/kooperation/wissen/${outcome.id}?gespeichert`);
  });

  app.get<IdParams>('/kooperation/wissen/:id', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const article = await db.transaction(hub.scope, (tx) => findArticle(tx, requireId(request.params.id)));
    if (!article) throw notFound();
    return reply.page(articlePage(request.locale, { article, saved: savedHint(request.query) }));
  });
}
