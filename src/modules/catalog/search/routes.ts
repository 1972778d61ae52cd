import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { maxQueryLength } from './query-plan.ts';
import { searchPath, suggestPath } from './search-form.ts';
import { searchCacheKey, searchServices, suggestionCount, suggestServices, type SearchResult, type Suggestion } from './search.ts';
import { ContentCache } from '../../../platform/cache/content-cache.ts';
import { resultsPage, searchPage } from './views.ts';

export const pageSize = 20;
/** Beyond this page nobody reads on; the cap keeps offsets small. */
const maxPage = 100;
/** Distinct searches kept per cache; the oldest not asked again go first, so memory stays bounded whatever is typed. */
const searchCacheEntries = 2000;

type SearchQuery = { q?: unknown; seite?: unknown };

/** `?q=a&q=b` arrives as an array: the first value counts. */
function firstString(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

function pageNumber(value: unknown): number {
  const page = Number.parseInt(firstString(value), 10);
  return Number.isFinite(page) && page >= 1 ? Math.min(page, maxPage) : 1;
}

/**
 * Finding services: the results page (GET, so results can be bookmarked and work without
 * JavaScript) and the suggestions for the search field as JSON.
 */
export function catalogSearchRoutes(app: FastifyInstance, deps: { db: Database }): void {
  // One cache per app: results are the same for every visitor (no tenant, no user in them), and so
  // is the rendered list in each language; the layout around it (user, place, CSRF) is per request.
  // They follow the data version, like the catalog pages: the results page is one a proxy may keep
  // (app.ts), and its ETag names that version, so the body kept under it must not be older.
  const pages = new ContentCache(deps.db, { maxEntries: searchCacheEntries });
  const searchResults = new ContentCache(deps.db, { maxEntries: searchCacheEntries });
  const suggestionCache = new ContentCache(deps.db, { maxEntries: searchCacheEntries });
  app.get<{ Querystring: SearchQuery }>(searchPath, async (request, reply) => {
    const query = firstString(request.query.q).trim().slice(0, maxQueryLength);
    // An empty query is not an error: the page shows the form.
    if (query === '') return reply.page(searchPage(request.locale));
    const page = pageNumber(request.query.seite);
    const options = { limit: pageSize, offset: (page - 1) * pageSize };
    // The page shows the query as typed, so the rendering is kept per spelling, the result per plan.
    const rendered = await pages.remember(`${request.locale}|${query}|${page}`, async () => {
      const result = await searchResults.get<SearchResult>(searchCacheKey(query, options), (tx) => searchServices(tx, query, options));
      return resultsPage(request.locale, { query, page, pageSize, result });
    });
    return reply.page(rendered);
  });

  app.get<{ Querystring: SearchQuery }>(
    suggestPath,
    {
      schema: {
        tags: ['catalog'],
        summary: `The first ${suggestionCount} services for what has been typed so far (the search field's suggestions), best first.`,
        querystring: {
          type: 'object',
          properties: { q: { type: 'string', description: `What the citizen typed; only the first ${maxQueryLength} characters count` } },
        },
        response: {
          200: {
            type: 'array',
            items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' }, slug: { type: 'string' } }, required: ['key', 'name', 'slug'] },
          },
        },
      },
    },
    async (request, reply) => {
      const query = firstString(request.query.q).trim().slice(0, maxQueryLength);
      const suggestions = query === ''
        ? []
        : await suggestionCache.get<Suggestion[]>(searchCacheKey(query, { limit: suggestionCount }), (tx) => suggestServices(tx, query));
      // The same for everyone and only as fresh as the last catalog import: caches may keep it briefly.
      return reply.header('cache-control', 'public, max-age=300').send(suggestions);
    },
  );
}
