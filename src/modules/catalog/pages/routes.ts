import type { FastifyInstance } from 'fastify';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { noScope, one } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { notFound } from '../../../platform/http/errors.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { findServiceBySlug, listLebenslagen } from '../store.ts';
import { findLebenslage, indexLetter, listServiceLinks, serviceContext } from './browse-store.ts';
import { aboutDataPage, azPage, choosePlacePanel, lebenslagePage, servicePage, topicsPage } from './views.ts';

/**
 * Renders "who is responsible for you" on a service page for a chosen place. Supplied by the
 * module that knows offers and responsibility rules, so the catalog does not depend on it.
 */
export type ResponsibilityPanel = (tx: Queryable, input: { serviceKey: string; placeSlug: string; locale: Locale }) => Promise<SafeHtml>;

export type CatalogPageDeps = { db: Database; config: { baseUrl: string }; responsibilityPanel?: ResponsibilityPanel };

export function catalogPageRoutes(app: FastifyInstance, deps: CatalogPageDeps): void {
  app.get('/themen', async (request, reply) => {
    const lebenslagen = await deps.db.transaction(noScope, (tx) => listLebenslagen(tx));
    return reply.page(topicsPage(request.locale, lebenslagen));
  });

  app.get<{ Params: { slug: string } }>('/themen/:slug', async (request, reply) => {
    const lebenslage = await deps.db.transaction(noScope, (tx) => findLebenslage(tx, request.params.slug));
    if (!lebenslage) throw notFound();
    return reply.page(lebenslagePage(request.locale, lebenslage));
  });

  const azIndex = async () => {
    const services = await deps.db.transaction(noScope, (tx) => listServiceLinks(tx));
    const byLetter = new Map<string, typeof services>();
    for (const service of services) {
      const letter = indexLetter(service.name);
      byLetter.set(letter, [...(byLetter.get(letter) ?? []), service]);
    }
    return byLetter;
  };

  app.get('/leistungen/a-z', async (request, reply) => {
    const byLetter = await azIndex();
    return reply.page(azPage(request.locale, [...byLetter.keys()].sort(), null, []));
  });

  app.get<{ Params: { letter: string } }>('/leistungen/a-z/:letter', async (request, reply) => {
    const byLetter = await azIndex();
    const letter = request.params.letter.toUpperCase();
    if (!/^([A-Z]|0-9|#)$/.test(letter)) throw notFound();
    return reply.page(azPage(request.locale, [...byLetter.keys()].sort(), letter, byLetter.get(letter) ?? []));
  });

  app.get<{ Params: { slug: string } }>('/leistungen/:slug', async (request, reply) => {
    const page = await deps.db.transaction(noScope, async (tx) => {
      const service = await findServiceBySlug(tx, request.params.slug);
      if (!service) return undefined;
      const context = await serviceContext(tx, service.ozgId);
      const panel =
        request.place && deps.responsibilityPanel
          ? await deps.responsibilityPanel(tx, { serviceKey: service.key, placeSlug: request.place, locale: request.locale })
          : choosePlacePanel(request.locale, request.url);
      return servicePage(request.locale, service, context, panel);
    });
    if (!page) throw notFound();
    return reply.page({ ...page, canonical: `${deps.config.baseUrl}/leistungen/${request.params.slug}` });
  });

  app.get('/ueber-die-daten', async (request, reply) => {
    const counts = await deps.db.transaction(noScope, (tx) =>
      one<{ themenfelder: number; lebenslagen: number; ozg: number; services: number }>(tx, sql`
        select (select count(*)::int from themenfelder where retired_at is null) as themenfelder,
               (select count(*)::int from lebenslagen where retired_at is null) as lebenslagen,
               (select count(*)::int from ozg_leistungen where retired_at is null) as ozg,
               (select count(*)::int from services where retired_at is null) as services`),
    );
    const lastImport = await deps.db.ownerTransaction((tx) => tx.query<{ at: Date }>(sql`select max(finished_at) as at from catalog_imports`));
    return reply.page(aboutDataPage(request.locale, { ...counts, lastImport: lastImport[0]?.at ?? null }));
  });
}
