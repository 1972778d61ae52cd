import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/page.ts';
import type { FormInput } from '../../platform/validation.ts';
import { hintOf, requireEditor, rethrowAccess, type EditorContext } from './back-office.ts';
import { listMaturityModels } from './maturity.ts';
import { offerFormValues, readOfferForm } from './offer-form.ts';
import { offerFormPage, offerListPage } from './offer-admin-views.ts';
import { changeOffer, createOffer } from './offer-service.ts';
import { findOffer, listOffersOfTenant } from './offer-store.ts';
import { listOffices } from './office-store.ts';

type Deps = { db: Database };
type KeyParams = { Params: { serviceKey: string } };

const serviceKeyPattern = /^(99\d{12}|L[0-9a-f]{13})$/;

/**
 * Back office of offers (/verwaltung/angebote): list, create and edit the acting tenant's offers.
 * Only the tenant's own offers open: another tenant's key is 404 (the lookup filters on the
 * acting tenant, and RLS refuses any write outside it). Every write is audited by the service.
 */
export function offerAdminRoutes(app: FastifyInstance, deps: Deps): void {
  const formContext = (editor: EditorContext) =>
    deps.db.transaction(editor.scope, async (tx) => ({
      offices: await listOffices(tx, editor.scope.tenantId),
      models: await listMaturityModels(tx),
    }));

  app.get<{ Querystring: { hinweis?: string } }>('/verwaltung/angebote', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    const { offers, offices } = await deps.db.transaction(editor.scope, async (tx) => ({
      offers: await listOffersOfTenant(tx, editor.scope.tenantId),
      offices: await listOffices(tx, editor.scope.tenantId),
    }));
    return reply.page(offerListPage(request.locale, { tenant: editor.tenant, offers, offices, hint: hintOf(request.query.hinweis) }));
  });

  app.get('/verwaltung/angebote/neu', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    const context = await formContext(editor);
    return reply.page(offerFormPage(request.locale, request.csrfToken(), { tenant: editor.tenant, ...context, values: offerFormValues(undefined) }));
  });

  app.post<{ Body: FormInput | undefined }>('/verwaltung/angebote/neu', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    const context = await formContext(editor);
    const { input, values, issues } = readOfferForm(request.body, context);
    if (issues.length === 0) issues.push(...(await createOffer(deps.db, editor.scope, input).catch(rethrowAccess)));
    if (issues.length > 0) return reply.page(offerFormPage(request.locale, request.csrfToken(), { tenant: editor.tenant, ...context, values, issues }));
    return seeOther(reply, '/verwaltung/angebote?hinweis=angelegt');
  });

  app.get<KeyParams>('/verwaltung/angebote/:serviceKey', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    if (!serviceKeyPattern.test(request.params.serviceKey)) throw notFound();
    const offer = await deps.db.transaction(editor.scope, (tx) => findOffer(tx, editor.scope.tenantId, request.params.serviceKey));
    if (!offer) throw notFound();
    const context = await formContext(editor);
    return reply.page(
      offerFormPage(request.locale, request.csrfToken(), {
        tenant: editor.tenant,
        serviceKey: offer.serviceKey,
        serviceName: offer.serviceName,
        ...context,
        values: offerFormValues(offer),
      }),
    );
  });

  app.post<KeyParams & { Body: FormInput | undefined }>('/verwaltung/angebote/:serviceKey', async (request, reply) => {
    const editor = await requireEditor(deps.db, request, reply);
    if (!editor) return reply;
    const serviceKey = request.params.serviceKey;
    if (!serviceKeyPattern.test(serviceKey)) throw notFound();
    const existing = await deps.db.transaction(editor.scope, (tx) => findOffer(tx, editor.scope.tenantId, serviceKey));
    if (!existing) throw notFound();
    const context = await formContext(editor);
    const { input, values, issues } = readOfferForm(request.body, { ...context, serviceKey });
    if (issues.length > 0) {
      return reply.page(offerFormPage(request.locale, request.csrfToken(), { tenant: editor.tenant, serviceKey, serviceName: existing.serviceName, ...context, values, issues }));
    }
    const outcome = await changeOffer(deps.db, editor.scope, input).catch(rethrowAccess);
    if (outcome === 'not_found') throw notFound();
    return seeOther(reply, `/verwaltung/angebote?hinweis=${outcome === 'saved' ? 'gespeichert' : 'unveraendert'}`);
  });
}
