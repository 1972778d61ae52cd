import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import type { SiteInfo } from '../../platform/http/request-context.ts';
import { offerAdminRoutes } from './offer-admin-routes.ts';
import { offerPageRoutes } from './offer-page-routes.ts';
import { ruleAdminRoutes } from './rule-admin-routes.ts';

/** The public offer pages and the back office of offers. Offices: see office-admin-routes.ts. */
export function offerRoutes(app: FastifyInstance, deps: { db: Database; config: { baseUrl: string }; site: SiteInfo }): void {
  offerPageRoutes(app, deps);
  offerAdminRoutes(app, deps);
  ruleAdminRoutes(app, deps);
}
