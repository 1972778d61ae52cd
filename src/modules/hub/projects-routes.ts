/**
 * /kooperation/projekte and /kooperation/ideen. Every member reads every project and idea of the
 * district; changing a project is for its lead municipality (403 for the others), a status update
 * for the lead and participants. Invalid input: 422 with the page; success: 303.
 */
import type { FastifyInstance } from 'fastify';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/page.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { rethrowHubAccess, type HubMember } from './access.ts';
import { listArticlesOfProject } from './knowledge.ts';
import { readForm, type FormReader } from './form.ts';
import { commentIdea, findIdea, ideaToProject, listIdeas, postIdea, voteIdea, withdrawVote } from './ideas.ts';
import { ideaFormPage, ideaListPage, ideaPage } from './ideas-views.ts';
import { listDistrictTenants } from './members.ts';
import { berlinToday } from './overview.ts';
import { addMilestone, addStatusUpdate, completeMilestone, createProject, findProject, listProjects, phases, statuses, updateProject, type ProjectInput } from './projects.ts';
import { projectFormPage, projectListPage, projectPage, projectValues } from './projects-views.ts';
import { listProjectDocuments } from './project-documents.ts';
import { projectDocumentRoutes } from './project-documents-routes.ts';
import { member, requireId, savedHint, type FormBody, type HubDeps, type IdParams } from './route-kit.ts';
import { manyValues } from './view-kit.ts';

function readProject(form: FormReader, participants: string[]): ProjectInput {
  const input = {
    title: form.text('title', { required: true, max: 200 }),
    goal: form.text('goal', { required: true, max: 5000 }),
    phase: form.choice('phase', phases) ?? 'idee',
    status: form.choice('status', statuses) ?? 'im_plan',
    participantIds: participants.filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
    responsiblePeople: form.lines('responsible', { maxLines: 20 }),
    serviceKeys: form.lines('serviceKeys', { maxLines: 50 }),
    documentLinks: form.lines('documentLinks', { maxLines: 20, maxLength: 500 }),
  };
  if (input.participantIds.length !== participants.length) form.issues.push({ field: 'participants', code: 'unknown_tenant' });
  if (input.serviceKeys.some((key) => !/^99\d{12}$/.test(key))) form.issues.push({ field: 'serviceKeys', code: 'unknown_service' });
  // Only web addresses: a link is rendered as href, so javascript: and the like must never pass.
  if (input.documentLinks.some((link) => !/^https:\/\/[^\s<>"]+$/.test(link))) form.issues.push({ field: 'documentLinks', code: 'invalid_url' });
  return input;
}

export function projectRoutes(app: FastifyInstance, deps: HubDeps): void {
  const db = deps.db;
  const tenantsOf = (hub: HubMember) => db.transaction(hub.scope, (tx) => listDistrictTenants(tx, hub.scope.tenantId));

  async function showProject(hub: HubMember, id: string, extra: { saved?: boolean; issues?: ValidationIssue[]; values?: Record<string, string>; documentError?: string } = {}) {
    const loaded = await db.transaction(hub.scope, async (tx) => {
      const project = await findProject(tx, id);
      if (!project) return undefined;
      return {
        project,
        idea: project.ideaId ? await findIdea(tx, project.ideaId) : undefined,
        articles: await listArticlesOfProject(tx, id),
        documents: await listProjectDocuments(tx, id),
      };
    });
    if (!loaded) throw notFound();
    const isLead = loaded.project.tenantId === hub.scope.tenantId;
    return { ...loaded, isLead, canReport: isLead || loaded.project.participantIds.includes(hub.scope.tenantId), today: berlinToday(), ...extra };
  }

  // Documents: upload into the lead tenant's E-Akte, download for every member (project-documents-routes.ts).
  projectDocumentRoutes(app, deps, async (request, reply, hub, projectId, message, status) => {
    const state = await showProject(hub, projectId, { documentError: message });
    return reply.page({ ...projectPage(request.locale, request.csrfToken(), state), status });
  });

  app.get('/kooperation/projekte', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(projectListPage(request.locale, await db.transaction(hub.scope, listProjects)));
  });

  app.get('/kooperation/projekte/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(projectFormPage(request.locale, request.csrfToken(), { tenants: await tenantsOf(hub), ...projectValues() }));
  });

  app.post<FormBody>('/kooperation/projekte/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const form = readForm(request.body);
    const participants = manyValues(request.body, 'participants');
    const input = readProject(form, participants);
    const outcome = form.issues.length > 0 ? { issues: form.issues } : await createProject(db, hub.scope, input).catch(rethrowHubAccess);
    if ('issues' in outcome) {
      return reply.page(projectFormPage(request.locale, request.csrfToken(), { tenants: await tenantsOf(hub), values: form.values, participants, issues: outcome.issues }));
    }
    return seeOther(reply, `/kooperation/projekte/${outcome.id}?gespeichert`);
  });

  app.get<IdParams>('/kooperation/projekte/:id', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const state = await showProject(hub, requireId(request.params.id), { saved: savedHint(request.query) });
    return reply.page(projectPage(request.locale, request.csrfToken(), state));
  });

  app.get<IdParams>('/kooperation/projekte/:id/bearbeiten', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const project = await db.transaction(hub.scope, (tx) => findProject(tx, id));
    if (!project) throw notFound();
    if (project.tenantId !== hub.scope.tenantId) throw forbidden();
    return reply.page(projectFormPage(request.locale, request.csrfToken(), { tenants: await tenantsOf(hub), ...projectValues(project), projectId: id }));
  });

  app.post<IdParams & FormBody>('/kooperation/projekte/:id/bearbeiten', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const form = readForm(request.body);
    const participants = manyValues(request.body, 'participants');
    const input = readProject(form, participants);
    const outcome = form.issues.length > 0 ? { issues: form.issues } : await updateProject(db, hub.scope, id, input).catch(rethrowHubAccess);
    if (outcome === 'not_found') throw notFound();
    if (outcome !== 'saved') {
      return reply.page(projectFormPage(request.locale, request.csrfToken(), { tenants: await tenantsOf(hub), values: form.values, participants, issues: outcome.issues, projectId: id }));
    }
    return seeOther(reply, `/kooperation/projekte/${id}?gespeichert`);
  });

  app.post<IdParams & FormBody>('/kooperation/projekte/:id/meilensteine', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const form = readForm(request.body);
    const title = form.text('milestoneTitle', { required: true, max: 200 });
    const dueOn = form.date('dueOn', { required: true });
    if (form.issues.length > 0 || !dueOn) {
      return reply.page(projectPage(request.locale, request.csrfToken(), await showProject(hub, id, { issues: form.issues, values: form.values })));
    }
    if ((await addMilestone(db, hub.scope, id, { title, dueOn }).catch(rethrowHubAccess)) === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/projekte/${id}?gespeichert`);
  });

  app.post<{ Params: { id: string; milestoneId: string } }>('/kooperation/projekte/:id/meilensteine/:milestoneId/erledigt', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const outcome = await completeMilestone(db, hub.scope, id, requireId(request.params.milestoneId), berlinToday()).catch(rethrowHubAccess);
    if (outcome === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/projekte/${id}?gespeichert`);
  });

  app.post<IdParams & FormBody>('/kooperation/projekte/:id/sachstand', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const form = readForm(request.body);
    const reportedOn = form.date('reportedOn', { required: true });
    const status = form.choice('updateStatus', statuses);
    const body = form.text('updateBody', { required: true, max: 1000 });
    if (form.issues.length > 0 || !reportedOn || !status) {
      return reply.page(projectPage(request.locale, request.csrfToken(), await showProject(hub, id, { issues: form.issues, values: form.values })));
    }
    if ((await addStatusUpdate(db, hub.scope, id, { reportedOn, status, body }).catch(rethrowHubAccess)) === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/projekte/${id}?gespeichert`);
  });

  app.get('/kooperation/ideen', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(ideaListPage(request.locale, await db.transaction(hub.scope, listIdeas)));
  });

  app.get('/kooperation/ideen/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(ideaFormPage(request.locale, request.csrfToken(), { values: {} }));
  });

  app.post<FormBody>('/kooperation/ideen/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const form = readForm(request.body);
    const title = form.text('title', { required: true, max: 200 });
    const body = form.text('body', { required: true, max: 5000 });
    if (form.issues.length > 0) return reply.page(ideaFormPage(request.locale, request.csrfToken(), { values: form.values, issues: form.issues }));
    const id = await postIdea(db, hub.scope, { title, body }).catch(rethrowHubAccess);
    return seeOther(reply, `/kooperation/ideen/${id}?gespeichert`);
  });

  async function showIdea(hub: HubMember, id: string) {
    const idea = await db.transaction(hub.scope, (tx) => findIdea(tx, id));
    if (!idea) throw notFound();
    return { idea, tenant: hub.tenant };
  }

  app.get<IdParams>('/kooperation/ideen/:id', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const state = await showIdea(hub, requireId(request.params.id));
    return reply.page(ideaPage(request.locale, request.csrfToken(), { ...state, saved: savedHint(request.query) }));
  });

  app.post<IdParams & FormBody>('/kooperation/ideen/:id/kommentare', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const form = readForm(request.body);
    const body = form.text('commentBody', { required: true, max: 2000 });
    if (form.issues.length > 0) return reply.page(ideaPage(request.locale, request.csrfToken(), { ...(await showIdea(hub, id)), issues: form.issues, values: form.values }));
    if ((await commentIdea(db, hub.scope, id, body).catch(rethrowHubAccess)) === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/ideen/${id}?gespeichert`);
  });

  app.post<IdParams>('/kooperation/ideen/:id/stimme', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    if ((await voteIdea(db, hub.scope, id).catch(rethrowHubAccess)) === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/ideen/${id}?gespeichert`);
  });

  app.post<IdParams>('/kooperation/ideen/:id/stimme-zurueckziehen', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    if ((await withdrawVote(db, hub.scope, id).catch(rethrowHubAccess)) === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/ideen/${id}?gespeichert`);
  });

  app.post<IdParams>('/kooperation/ideen/:id/projekt', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const outcome = await ideaToProject(db, hub.scope, requireId(request.params.id)).catch(rethrowHubAccess);
    if (outcome === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/projekte/${outcome.projectId}?gespeichert`);
  });
}
