/**
 * The case API (/api/v1/cases) for a municipality's specialist software: one encapsulated scope
 * whose every route authenticates an API client by bearer token (client-auth.ts) and answers
 * errors as JSON naming the problem (problems.ts), plus the administrators' page of API clients.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { SiteInfo } from '../../../platform/http/request-context.ts';
import { openBlobStore } from '../../../platform/blobs/open-blob-store.ts';
import { caseActionRoutes } from './action-routes.ts';
import { apiClientAdminRoutes } from './admin-routes.ts';
import { registerBearerAuth } from './client-auth.ts';
import { registerApiErrors } from './problems.ts';
import { caseReadRoutes } from './read-routes.ts';

export function caseApiRoutes(app: FastifyInstance, deps: { db: Database; config: Config; site: SiteInfo }): void {
  const blobs = openBlobStore(deps.config);
  app.register(async (scope) => {
    registerApiErrors(scope);
    registerBearerAuth(scope, deps.db);
    caseReadRoutes(scope, { ...deps, blobs });
    caseActionRoutes(scope, deps);
  });
  apiClientAdminRoutes(app, deps);
}
