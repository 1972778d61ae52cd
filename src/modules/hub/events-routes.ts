/** /kooperation/termine: meetings and trainings; organiser-only parts answer 403 to others. */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/page.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { rethrowHubAccess, type HubMember } from './access.ts';
import { berlinInstant } from './berlin-time.ts';
import { addActionItem, addDecision, completeActionItem, createEvent, eventKinds, findEvent, listEvents, recordAttendance, register, saveMinutes, unregister } from './events.ts';
import { eventFormPage, eventListPage, eventPage } from './events-views.ts';
import { parseTime, readForm } from './form.ts';
import { listMembers } from './members.ts';
import { member, requireId, savedHint, type FormBody, type HubDeps, type IdParams } from './route-kit.ts';
import { manyValues } from './view-kit.ts';

export function eventRoutes(app: FastifyInstance, deps: HubDeps): void {
  const db = deps.db;

  async function show(hub: HubMember, id: string, extra: { saved?: boolean; full?: boolean; issues?: ValidationIssue[]; values?: Record<string, string> } = {}) {
    const loaded = await db.transaction(hub.scope, async (tx) => ({ event: await findEvent(tx, id), members: await listMembers(tx) }));
    if (!loaded.event) throw notFound();
    return { event: loaded.event, members: loaded.members, isOrganiser: loaded.event.tenantId === hub.scope.tenantId, userId: hub.scope.userId, ...extra };
  }

  app.get('/kooperation/termine', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(eventListPage(request.locale, await db.transaction(hub.scope, listEvents), new Date()));
  });

  app.get('/kooperation/termine/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(eventFormPage(request.locale, request.csrfToken(), { values: {} }));
  });

  app.post<FormBody>('/kooperation/termine/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const form = readForm(request.body);
    const kind = form.choice('kind', eventKinds);
    const title = form.text('title', { required: true, max: 200 });
    const series = form.text('series', { max: 200 });
    const date = form.date('date', { required: true });
    const times = (['startTime', 'endTime'] as const).map((name) => {
      const value = form.text(name, { required: true, max: 5 });
      const time = value ? parseTime(value) : undefined;
      if (value && !time) form.issues.push({ field: name, code: 'invalid_time' });
      return time;
    });
    const location = form.text('location', { max: 500 });
    const agenda = form.text('agenda', { max: 10000 });
    const capacity = form.integer('capacity', { min: 1, max: 10000 });
    const [start, end] = date && times[0] && times[1] ? [berlinInstant(date, times[0]), berlinInstant(date, times[1])] : [undefined, undefined];
    if (start && end && end <= start) form.issues.push({ field: 'endTime', code: 'ends_before_start' });
    if (form.issues.length > 0 || !kind || !start || !end) return reply.page(eventFormPage(request.locale, request.csrfToken(), { values: form.values, issues: form.issues }));
    const id = await createEvent(db, hub.scope, { kind, series: series || null, title, startsAt: start, endsAt: end, location, agenda, capacity }).catch(rethrowHubAccess);
    return seeOther(reply, `/kooperation/termine/${id}?gespeichert`);
  });

  app.get<IdParams>('/kooperation/termine/:id', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const query = request.query as Record<string, unknown>;
    return reply.page(eventPage(request.locale, request.csrfToken(), await show(hub, requireId(request.params.id), { saved: savedHint(query), full: 'ausgebucht' in query })));
  });

  app.post<IdParams & FormBody>('/kooperation/termine/:id/protokoll', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const form = readForm(request.body);
    const agenda = form.text('agenda', { max: 10000 });
    const minutes = form.text('minutes', { max: 20000 });
    if (form.issues.length > 0) return reply.page(eventPage(request.locale, request.csrfToken(), await show(hub, id, { issues: form.issues, values: form.values })));
    if ((await saveMinutes(db, hub.scope, id, { agenda, minutes }).catch(rethrowHubAccess)) === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/termine/${id}?gespeichert`);
  });

  app.post<IdParams & FormBody>('/kooperation/termine/:id/beschluesse', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const form = readForm(request.body);
    const body = form.text('decisionBody', { required: true, max: 2000 });
    if (form.issues.length > 0) return reply.page(eventPage(request.locale, request.csrfToken(), await show(hub, id, { issues: form.issues, values: form.values })));
    if ((await addDecision(db, hub.scope, id, body).catch(rethrowHubAccess)) === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/termine/${id}?gespeichert`);
  });

  app.post<IdParams & FormBody>('/kooperation/termine/:id/aufgaben', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const form = readForm(request.body);
    const body = form.text('actionBody', { required: true, max: 1000 });
    const assignee = form.text('assignee', { max: 36 });
    const dueOn = form.date('actionDue');
    if (assignee && !/^[0-9a-f-]{36}$/i.test(assignee)) form.issues.push({ field: 'assignee', code: 'invalid' });
    if (form.issues.length > 0) return reply.page(eventPage(request.locale, request.csrfToken(), await show(hub, id, { issues: form.issues, values: form.values })));
    const outcome = await addActionItem(db, hub.scope, id, { body, assigneeId: assignee || null, dueOn }).catch(rethrowHubAccess);
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'unknown_assignee') {
      return reply.page(eventPage(request.locale, request.csrfToken(), await show(hub, id, { issues: [{ field: 'assignee', code: 'invalid' }], values: form.values })));
    }
    return seeOther(reply, `/kooperation/termine/${id}?gespeichert`);
  });

  app.post<IdParams>('/kooperation/aufgaben/:id/erledigt', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const outcome = await completeActionItem(db, hub.scope, requireId(request.params.id)).catch(rethrowHubAccess);
    if (outcome === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/termine/${outcome.eventId}?gespeichert`);
  });

  app.post<IdParams>('/kooperation/termine/:id/anmeldung', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const outcome = await register(db, hub.scope, id).catch(rethrowHubAccess);
    if (outcome === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/termine/${id}?${outcome === 'full' ? 'ausgebucht' : 'gespeichert'}`);
  });

  app.post<IdParams>('/kooperation/termine/:id/abmeldung', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    if ((await unregister(db, hub.scope, id).catch(rethrowHubAccess)) === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/termine/${id}?gespeichert`);
  });

  app.post<IdParams & FormBody>('/kooperation/termine/:id/teilnahme', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const present = manyValues(request.body, 'present').filter((value) => /^[0-9a-f-]{36}$/i.test(value));
    if ((await recordAttendance(db, hub.scope, id, present).catch(rethrowHubAccess)) === 'not_found') throw notFound();
    return seeOther(reply, `/kooperation/termine/${id}?gespeichert`);
  });
}
