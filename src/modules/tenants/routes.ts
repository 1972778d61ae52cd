import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { noScope } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { findTenantBySlug, listTenants, postcodesOf } from './store.ts';
import { homePage, tenantPage } from './views.ts';

export function tenantRoutes(app: FastifyInstance, deps: { db: Database }): void {
  app.get('/', async (request, reply) => {
    const tenants = await deps.db.transaction(noScope, (tx) => listTenants(tx));
    const district = tenants.find((t) => t.kind === 'kreis');
    if (!district) throw notFound();
    return reply.page(homePage(request.locale, district, tenants.filter((t) => t.kind !== 'kreis')));
  });

  app.get<{ Params: { slug: string } }>('/gemeinden/:slug', async (request, reply) => {
    const result = await deps.db.transaction(noScope, async (tx) => {
      const tenant = await findTenantBySlug(tx, request.params.slug);
      return tenant && { tenant, postcodes: await postcodesOf(tx, tenant.ags) };
    });
    if (!result) throw notFound();
    return reply.page(tenantPage(request.locale, result.tenant, result.postcodes));
  });
}
