import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { Config } from './config.ts';
import type { Database } from './platform/db/database.ts';
import { noScope } from './platform/db/database.ts';
import { registerRequestContext, type SiteInfo } from './platform/http/request-context.ts';
import { registerPage } from './platform/http/page.ts';
import { registerErrorHandling } from './platform/http/errors.ts';
import { registerCsrfProtection } from './platform/http/csrf.ts';
import { registerSecurity, type RateLimits } from './platform/http/security.ts';
import { registerOperations } from './platform/http/operations.ts';
import { registerAssets } from './platform/http/assets-route.ts';
import { registerCompression } from './platform/http/compression.ts';
import { registerOpenApi } from './platform/http/openapi.ts';
import { registerNulStripping } from './platform/http/strip-nul.ts';
import { registerAdmission } from './platform/http/admission.ts';
import { registerPageCaching } from './platform/http/caching.ts';
import { listTenants, placeRoutes, tenantApiRoutes, tenantRoutes, tenantSitemap } from './modules/tenants/index.ts';
import { accountRoutes } from './modules/accounts/index.ts';
import { siteRoutes, sitemapRoutes } from './modules/site/index.ts';
import { catalogApiRoutes, catalogPageRoutes, catalogSitemap } from './modules/catalog/index.ts';
import { catalogSearchRoutes, searchPath, serviceSearchForm } from './modules/catalog/index.ts';
import { applicationRoutes } from './modules/forms/web/index.ts';
import { formAdminRoutes } from './modules/forms/admin/index.ts';
import { myApplicationsRoutes } from './modules/submissions/index.ts';
import { hubRoutes } from './modules/hub/index.ts';
import { applicantCaseLink, caseApiRoutes, caseApplicantRoutes, caseDecisionRoutes, caseStaffRoutes } from './modules/cases/index.ts';
import { recordRoutes } from './modules/records/index.ts';
import { offerApiRoutes, officeRoutes, offerRoutes, offerSitemap, renderResponsibilityPanel } from './modules/offers/index.ts';

/** Anonymous pages a reverse proxy may cache (src/platform/http/caching.ts): public catalog, search, offer and municipality pages. */
const cacheablePages = new Set([
  '/',
  searchPath,
  '/gemeinden/:slug',
  '/themen',
  '/themen/:slug',
  '/leistungen/a-z',
  '/leistungen/a-z/:letter',
  '/leistungen/:slug',
  '/:tenantSlug/leistungen/:serviceSlug',
  '/ueber-die-daten',
]);

export type AppDeps = {
  config: Config;
  db: Database;
  rateLimits?: RateLimits;
  logger?: boolean | object;
  /** Where log lines go (serve.ts: batched standard output, log-destination.ts); pino's default otherwise. */
  logDestination?: { write(line: string): unknown };
};

/**
 * Builds the HTTP application from the platform plugins and the modules, without listening:
 * tests drive it with `app.inject()`, `main.ts` starts it.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? {
      level: deps.config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      ...(deps.logDestination ? { stream: deps.logDestination } : {}),
    },
    // One access line per request, written when it is answered (operations.ts), instead of
    // Fastify's two ("incoming request", "request completed"): half the log writes on busy days.
    logController: new Fastify.LogController({ disableRequestLogging: true }),
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    // Service slugs follow the LeiKa names, some over 200 characters (Fastify's default is 100).
    routerOptions: { maxParamLength: 500 },
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
  });

  const tenants = await deps.db.transaction(noScope, (tx) => listTenants(tx));
  const district = tenants.find((tenant) => tenant.kind === 'kreis');
  const site: SiteInfo = {
    districtName: district?.name ?? 'Kreis',
    placeNames: new Map(tenants.filter((tenant) => tenant.kind !== 'kreis').map((tenant) => [tenant.slug, tenant.name])),
  };

  await app.register(cookie);
  await registerCompression(app);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await registerSecurity(app, deps.rateLimits ?? { postPerMinute: deps.config.rateLimitPostPerMinute, loginPerMinute: deps.config.rateLimitLoginPerMinute });
  // Before the session lookup: excess requests are shed before they cost a database round trip.
  registerAdmission(app, { ...deps.config.admission, tenantSlugs: new Set(tenants.map((tenant) => tenant.slug)) });
  registerRequestContext(app, { db: deps.db, secret: deps.config.sessionSecret, secureCookies: deps.config.secureCookies, site });
  registerPageCaching(app, { db: deps.db, routes: cacheablePages, maxAgeSeconds: deps.config.cacheMaxAgeSeconds, staleSeconds: deps.config.cacheStaleSeconds });
  registerPage(app, site);
  registerErrorHandling(app);
  registerNulStripping(app);
  registerCsrfProtection(app, deps.config.sessionSecret);
  registerOperations(app, deps.db);
  registerAssets(app);
  await registerOpenApi(app, deps.config.baseUrl);

  const moduleDeps = { db: deps.db, config: deps.config, site };
  tenantRoutes(app, { ...moduleDeps, searchForm: (locale) => serviceSearchForm(locale, { idPrefix: 'home-search' }) });
  placeRoutes(app, moduleDeps);
  siteRoutes(app, moduleDeps);
  accountRoutes(app, moduleDeps);
  catalogPageRoutes(app, { ...moduleDeps, responsibilityPanel: renderResponsibilityPanel });
  catalogSearchRoutes(app, moduleDeps);
  sitemapRoutes(app, { ...moduleDeps, sitemapSources: [tenantSitemap, catalogSitemap, offerSitemap] });
  tenantApiRoutes(app, moduleDeps);
  catalogApiRoutes(app, moduleDeps);
  offerApiRoutes(app, moduleDeps);
  for (const routes of [offerRoutes, officeRoutes]) routes(app, moduleDeps);
  applicationRoutes(app, moduleDeps);
  formAdminRoutes(app, moduleDeps);
  myApplicationsRoutes(app, { ...moduleDeps, caseLink: applicantCaseLink });
  caseStaffRoutes(app, moduleDeps);
  caseApiRoutes(app, moduleDeps);
  recordRoutes(app, moduleDeps);
  caseApplicantRoutes(app, moduleDeps);
  hubRoutes(app, moduleDeps);
  caseDecisionRoutes(app, moduleDeps);
  return app;
}
