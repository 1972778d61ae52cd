/** Site-wide pages: legal pages and the language switch. */
export { siteRoutes } from './routes.ts';
export { sitemapRoutes, type SitemapSource } from './sitemap.ts';
