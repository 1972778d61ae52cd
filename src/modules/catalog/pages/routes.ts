import type { FastifyInstance } from 'fastify';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { one } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { notFound } from '../../../platform/http/errors.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { findServiceBySlug, listLebenslagen } from '../store.ts';
import { findLebenslage, indexLetter, listServiceLinks, serviceContext, type ServiceLink } from './browse-store.ts';
import { ContentCache } from '../../../platform/cache/content-cache.ts';
import { aboutDataPage, azPage, choosePlacePanel, lebenslagePage, servicePage, topicsPage } from './views.ts';

/**
 * Renders "who is responsible for you" on a service page for a chosen place. Supplied by the
 * module that knows offers and responsibility rules, so the catalog does not depend on it.
 */
export type ResponsibilityPanel = (tx: Queryable, input: { serviceKey: string; placeSlug: string; locale: Locale }) => Promise<SafeHtml>;

export type CatalogPageDeps = { db: Database; config: { baseUrl: string }; responsibilityPanel?: ResponsibilityPanel };

type AzIndex = { letters: string[]; byLetter: Map<string, ServiceLink[]> };

/** The A–Z index: letters in order and the services under each, as listServiceLinks sorts them. */
function buildAzIndex(services: ServiceLink[]): AzIndex {
  const byLetter = new Map<string, ServiceLink[]>();
  for (const service of services) {
    const letter = indexLetter(service.name);
    const list = byLetter.get(letter);
    if (list) list.push(service);
    else byLetter.set(letter, [service]);
  }
  return { letters: [...byLetter.keys()].sort(), byLetter };
}

/** Entries of the catalog pages' cache (see the comment where it is made). */
export const catalogCacheEntries = 20_000;

export function catalogPageRoutes(app: FastifyInstance, deps: CatalogPageDeps): void {
  // One cache per app. The pages read in the anonymous scope whoever asks, so what is kept is the
  // same for every visitor; keys carry the language where a rendered page is kept. Room for every
  // service of a full catalog (about 5,300) several times over (with a chosen place, in English):
  // a busy day's visitors spread over the whole catalog, and a cache smaller than what they cycle
  // through keeps evicting exactly the entries asked for next. An entry is the service's data,
  // a few kilobytes, so the full cache stays within tens of megabytes (docs/operations.md).
  const cache = new ContentCache(deps.db, { maxEntries: catalogCacheEntries });

  app.get('/themen', async (request, reply) => {
    const page = await cache.get(`themen|${request.locale}`, async (tx) => topicsPage(request.locale, await listLebenslagen(tx)));
    return reply.page(page);
  });

  app.get<{ Params: { slug: string } }>('/themen/:slug', async (request, reply) => {
    const page = await cache.get(`lebenslage|${request.locale}|${request.params.slug}`, async (tx) => {
      const lebenslage = await findLebenslage(tx, request.params.slug);
      return lebenslage && lebenslagePage(request.locale, lebenslage);
    });
    if (!page) throw notFound();
    return reply.page(page);
  });

  const azIndex = () => cache.get('a-z', async (tx) => buildAzIndex(await listServiceLinks(tx)));

  app.get('/leistungen/a-z', async (request, reply) => {
    const page = await cache.remember(`a-z|${request.locale}`, async () => azPage(request.locale, (await azIndex()).letters, null, []));
    return reply.page(page);
  });

  app.get<{ Params: { letter: string } }>('/leistungen/a-z/:letter', async (request, reply) => {
    const letter = request.params.letter.toUpperCase();
    if (!/^([A-Z]|0-9|#)$/.test(letter)) throw notFound();
    const page = await cache.remember(`a-z|${request.locale}|${letter}`, async () => {
      const index = await azIndex();
      return azPage(request.locale, index.letters, letter, index.byLetter.get(letter) ?? []);
    });
    return reply.page(page);
  });

  app.get<{ Params: { slug: string } }>('/leistungen/:slug', async (request, reply) => {
    const place = deps.responsibilityPanel ? request.place : null;
    // Everything but the "choose your place" panel, which links back to the URL as requested.
    const found = await cache.get(`service|${request.locale}|${place ?? ''}|${request.params.slug}`, async (tx) => {
      const service = await findServiceBySlug(tx, request.params.slug);
      if (!service) return undefined;
      const context = await serviceContext(tx, service.ozgId);
      const panel =
        place && deps.responsibilityPanel ? await deps.responsibilityPanel(tx, { serviceKey: service.key, placeSlug: place, locale: request.locale }) : null;
      return { service, context, panel };
    });
    if (!found) throw notFound();
    const page = servicePage(request.locale, found.service, found.context, found.panel ?? choosePlacePanel(request.locale, request.url));
    return reply.page({ ...page, canonical: `${deps.config.baseUrl}/leistungen/${request.params.slug}` });
  });

  app.get('/ueber-die-daten', async (request, reply) => {
    const counts = await cache.get('about', (tx) =>
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
