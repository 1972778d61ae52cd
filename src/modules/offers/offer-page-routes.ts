import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { ContentCache } from '../../platform/cache/content-cache.ts';
import type { SiteInfo } from '../../platform/http/request-context.ts';
import { notFound } from '../../platform/http/errors.ts';
import { findServiceBySlug } from '../catalog/index.ts';
import { governmentServiceJsonLd, jsonLdScript } from './json-ld.ts';
import { listMaturityModels } from './maturity.ts';
import { offerPage } from './offer-page-view.ts';
import { resolveResponsibility } from './responsibility.ts';
import { findTenantRefBySlug } from './tenant-store.ts';

type Deps = { db: Database; config: { baseUrl: string }; site: SiteInfo };

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * `GET /:tenantSlug/leistungen/:serviceSlug`: a service for the residents of one municipality
 * (or the district's own page), answered by the responsible tenant's published offer. Read
 * anonymously: RLS shows published offers and offices of every tenant and nothing else.
 *
 * What the page reads (the place, the service, the responsibility and the maturity models: seven
 * to nine statements in one transaction) is kept per data version like the district's service
 * pages (content-cache.ts): these are the pages a municipality links to, and on a busy day a
 * flood of one municipality's links must not cost a round trip to the database each.
 */
export function offerPageRoutes(app: FastifyInstance, deps: Deps): void {
  const cache = new ContentCache(deps.db);
  app.get<{ Params: { tenantSlug: string; serviceSlug: string } }>('/:tenantSlug/leistungen/:serviceSlug', async (request, reply) => {
    const { tenantSlug, serviceSlug } = request.params;
    if (!slugPattern.test(tenantSlug) || !slugPattern.test(serviceSlug)) throw notFound();
    const found = await cache.get(`offer|${tenantSlug}|${serviceSlug}`, async (tx) => {
      const place = await findTenantRefBySlug(tx, tenantSlug);
      const service = place && (await findServiceBySlug(tx, serviceSlug));
      const responsibility = place && service && (await resolveResponsibility(tx, service.key, place.id));
      if (!place || !service || !responsibility?.offer) return undefined;
      return { place, service, responsibility: { ...responsibility, offer: responsibility.offer }, models: await listMaturityModels(tx) };
    });
    if (!found) throw notFound();
    const { place, service, responsibility, models } = found;
    // One canonical address per offer: the responsible tenant's own page. The pages of the
    // municipalities it serves show the same offer and point search engines there.
    const canonical = `${deps.config.baseUrl}/${responsibility.tenant.slug}/leistungen/${service.slug}`;
    const jsonLd = governmentServiceJsonLd({
      url: canonical,
      baseUrl: deps.config.baseUrl,
      serviceName: service.name,
      serviceKey: service.key,
      offer: responsibility.offer,
      provider: responsibility.tenant,
      office: responsibility.office,
      areaServed: place,
    });
    reply.header('link', `<${canonical}>; rel="canonical"`);
    const page = offerPage(request.locale, { serviceName: service.name, place, responsibility, models });
    return reply.page({ ...page, canonical, head: jsonLdScript(jsonLd) });
  });
}
