import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { ContentCache } from '../../platform/cache/content-cache.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { SafeHtml } from '../../platform/views/html.ts';
import { findTenantBySlug, listTenants, postcodesOf } from './store.ts';
import { homePage, tenantPage } from './views.ts';

/** `searchForm` renders the catalog's service search on the home page (supplied by the catalog module). */
export function tenantRoutes(app: FastifyInstance, deps: { db: Database; searchForm?: (locale: Locale) => SafeHtml }): void {
  // Read per data version, not per request (the home page is the busiest page on a launch day).
  const cache = new ContentCache(deps.db);
  app.get('/', async (request, reply) => {
    const tenants = await cache.get('tenants', (tx) => listTenants(tx));
    const district = tenants.find((t) => t.kind === 'kreis');
    if (!district) throw notFound();
    return reply.page(homePage(request.locale, district, tenants.filter((t) => t.kind !== 'kreis'), deps.searchForm?.(request.locale)));
  });

  app.get<{ Params: { slug: string } }>('/gemeinden/:slug', async (request, reply) => {
    const result = await cache.get(`gemeinde\u0000${request.params.slug}`, async (tx) => {
      const tenant = await findTenantBySlug(tx, request.params.slug);
      return tenant && { tenant, postcodes: await postcodesOf(tx, tenant.ags) };
    });
    if (!result) throw notFound();
    return reply.page(tenantPage(request.locale, result.tenant, result.postcodes));
  });
}
