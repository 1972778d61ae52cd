import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/page.ts';
import type { FormInput } from '../../platform/validation.ts';
import { hintOf, requireEditor, rethrowAccess } from './back-office.ts';
import { officeFormValues, readOfficeForm } from './office-form.ts';
import { officeFormPage, officeListPage } from './office-admin-views.ts';
import { changeOffice, createOffice } from './office-service.ts';
import { findOffice, listOffices } from './office-store.ts';
import { listTenantsWithAddress } from './tenant-store.ts';

type Deps = { db: Database };
type IdParams = { Params: { officeId: string } };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Back office of offices (/verwaltung/dienststellen): list, create and edit the acting tenant's
 * offices. Another tenant's office id is 404; every write is audited by the service.
 */
export function officeRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Querystring: { hinweis?: string } }>('/verwaltung/dienststellen', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    const offices = await deps.db.transaction(editor.scope, (tx) => listOffices(tx, editor.scope.tenantId));
    return reply.page(officeListPage(request.locale, { tenant: editor.tenant, offices, hint: hintOf(request.query.hinweis) }));
  });

  app.get('/verwaltung/dienststellen/neu', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    // A new office starts at the town hall's address, which most offices share.
    const townHall = (await deps.db.transaction(editor.scope, (tx) => listTenantsWithAddress(tx))).find((t) => t.id === editor.tenant.id);
    return reply.page(officeFormPage(request.locale, request.csrfToken(), { tenant: editor.tenant, values: officeFormValues(undefined, townHall) }));
  });

  app.post<{ Body: FormInput | undefined }>('/verwaltung/dienststellen/neu', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    const { input, values, issues } = readOfficeForm(request.body);
    if (issues.length === 0) issues.push(...(await createOffice(deps.db, editor.scope, input).catch(rethrowAccess)).issues);
    if (issues.length > 0) return reply.page(officeFormPage(request.locale, request.csrfToken(), { tenant: editor.tenant, values, issues }));
    return seeOther(reply, '/verwaltung/dienststellen?hinweis=angelegt');
  });

  app.get<IdParams>('/verwaltung/dienststellen/:officeId', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    const id = request.params.officeId;
    if (!uuidPattern.test(id)) throw notFound();
    const office = await deps.db.transaction(editor.scope, (tx) => findOffice(tx, editor.scope.tenantId, id));
    if (!office) throw notFound();
    return reply.page(officeFormPage(request.locale, request.csrfToken(), { tenant: editor.tenant, officeId: id, values: officeFormValues(office) }));
  });

  app.post<IdParams & { Body: FormInput | undefined }>('/verwaltung/dienststellen/:officeId', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    const id = request.params.officeId;
    if (!uuidPattern.test(id)) throw notFound();
    const existing = await deps.db.transaction(editor.scope, (tx) => findOffice(tx, editor.scope.tenantId, id));
    if (!existing) throw notFound();
    const { input, values, issues } = readOfficeForm(request.body);
    const result = issues.length === 0 ? await changeOffice(deps.db, editor.scope, id, input).catch(rethrowAccess) : { outcome: 'invalid' as const, issues };
    if (result.outcome === 'not_found') throw notFound();
    if (result.outcome === 'invalid') return reply.page(officeFormPage(request.locale, request.csrfToken(), { tenant: editor.tenant, officeId: id, values, issues: result.issues }));
    return seeOther(reply, `/verwaltung/dienststellen?hinweis=${result.outcome === 'saved' ? 'gespeichert' : 'unveraendert'}`);
  });
}
