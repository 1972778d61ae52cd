/** /kooperation/beschaffung: proposals, one declaration per municipality, the CSV export. */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/page.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { rethrowHubAccess, type HubMember } from './access.ts';
import { euroCell, toCsv } from '../../platform/csv.ts';
import { readForm } from './form.ts';
import { moreMessages } from './messages-more.ts';
import { berlinToday } from './overview.ts';
import { declareDemand, findProcurement, listProcurements, proposeProcurement } from './procurement.ts';
import { procurementFormPage, procurementListPage, procurementPage } from './procurement-views.ts';
import { member, requireId, savedHint, type FormBody, type HubDeps, type IdParams } from './route-kit.ts';

export function procurementRoutes(app: FastifyInstance, deps: HubDeps): void {
  const db = deps.db;

  async function show(hub: HubMember, id: string, extra: { saved?: boolean; issues?: ValidationIssue[]; values?: Record<string, string> } = {}) {
    const procurement = await db.transaction(hub.scope, (tx) => findProcurement(tx, id));
    if (!procurement) throw notFound();
    return { procurement, tenant: hub.tenant, open: procurement.deadline >= berlinToday(), ...extra };
  }

  app.get('/kooperation/beschaffung', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(procurementListPage(request.locale, await db.transaction(hub.scope, listProcurements)));
  });

  app.get('/kooperation/beschaffung/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(procurementFormPage(request.locale, request.csrfToken(), { values: {} }));
  });

  app.post<FormBody>('/kooperation/beschaffung/neu', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const form = readForm(request.body);
    const title = form.text('title', { required: true, max: 200 });
    const description = form.text('description', { max: 5000 });
    const unit = form.text('unit', { required: true, max: 50 });
    const unitPriceCents = form.euros('unitPrice', { required: true });
    const deadline = form.date('deadline', { required: true });
    if (deadline && deadline < berlinToday()) form.issues.push({ field: 'deadline', code: 'past_deadline' });
    if (form.issues.length > 0 || unitPriceCents === null || !deadline) return reply.page(procurementFormPage(request.locale, request.csrfToken(), { values: form.values, issues: form.issues }));
    const id = await proposeProcurement(db, hub.scope, { title, description, unit, unitPriceCents, deadline }).catch(rethrowHubAccess);
    return seeOther(reply, `/kooperation/beschaffung/${id}?gespeichert`);
  });

  app.get<IdParams>('/kooperation/beschaffung/:id', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(procurementPage(request.locale, request.csrfToken(), await show(hub, requireId(request.params.id), { saved: savedHint(request.query) })));
  });

  app.post<IdParams & FormBody>('/kooperation/beschaffung/:id/bedarf', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const id = requireId(request.params.id);
    const form = readForm(request.body);
    const decision = form.choice('decision', ['bedarf', 'kein_bedarf'] as const);
    const quantity = form.integer('quantity', { min: 1, max: 1_000_000, required: decision === 'bedarf' });
    const budgetCents = form.euros('budget');
    const contact = form.text('contact', { max: 200 });
    if (form.issues.length > 0 || !decision) return reply.page(procurementPage(request.locale, request.csrfToken(), await show(hub, id, { issues: form.issues, values: form.values })));
    const outcome = await declareDemand(db, hub.scope, id, { decision, quantity, budgetCents, contact }, berlinToday()).catch(rethrowHubAccess);
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'past_deadline') {
      return reply.page(procurementPage(request.locale, request.csrfToken(), await show(hub, id, { issues: [{ field: 'decision', code: 'past_deadline' }], values: form.values })));
    }
    return seeOther(reply, `/kooperation/beschaffung/${id}?gespeichert`);
  });

  app.get<IdParams>('/kooperation/beschaffung/:id/bedarf.csv', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const procurement = await db.transaction(hub.scope, (tx) => findProcurement(tx, requireId(request.params.id)));
    if (!procurement) throw notFound();
    const f = translator(moreMessages, request.locale);
    const csv = toCsv(
      [f('csv.tenant'), f('csv.decision'), f('csv.quantity'), f('csv.unit'), f('csv.unitPrice'), f('csv.volume'), f('csv.budget'), f('csv.contact'), f('csv.declaredBy'), f('csv.updated')],
      procurement.declarations.map((d) => [
        d.tenantName,
        d.decision === 'bedarf' ? f('procurement.demand') : f('procurement.noDemand'),
        d.quantity,
        procurement.unit,
        euroCell(procurement.unitPriceCents),
        euroCell(d.quantity === null ? null : d.quantity * procurement.unitPriceCents),
        euroCell(d.budgetCents),
        d.contact,
        d.declaredBy,
        d.updatedAt.toISOString().slice(0, 10),
      ]),
    );
    const name = `bedarfsbuendelung-${procurement.id.slice(0, 8)}.csv`;
    return reply.header('cache-control', 'private, no-store').header('content-disposition', `attachment; filename="${name}"`).type('text/csv; charset=utf-8; header=present').send(csv);
  });
}
