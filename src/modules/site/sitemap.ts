import type { FastifyInstance } from 'fastify';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { noScope } from '../../platform/db/database.ts';
import { escapeHtml } from '../../platform/views/html.ts';

/** Paths (starting with "/") a module wants search engines to find. */
export type SitemapSource = (tx: Queryable) => Promise<string[]>;

/** The sitemap protocol allows 50,000 URLs per file (sitemaps.org); more would need an index file. */
const maxUrls = 50_000;

/** `/sitemap.xml` from every module's sources, and `/robots.txt` pointing to it. */
export function sitemapRoutes(app: FastifyInstance, deps: { db: Database; config: { baseUrl: string }; sitemapSources: SitemapSource[] }): void {
  app.get('/sitemap.xml', async (_request, reply) => {
    const paths = await deps.db.transaction(noScope, async (tx) => {
      const all: string[] = ['/'];
      for (const source of deps.sitemapSources) all.push(...(await source(tx)));
      return [...new Set(all)].slice(0, maxUrls);
    });
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${paths
      .map((path) => `<url><loc>${escapeHtml(deps.config.baseUrl + path)}</loc></url>`)
      .join('\n')}\n</urlset>\n`;
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body);
  });

  app.get('/robots.txt', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(`User-agent: *\nDisallow: /verwaltung\nDisallow: /konto\nSitemap: ${deps.config.baseUrl}/sitemap.xml\n`),
  );
}
