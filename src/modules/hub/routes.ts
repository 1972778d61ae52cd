import type { FastifyInstance } from 'fastify';
import { dashboardRoutes } from './dashboard-routes.ts';
import { eventRoutes } from './events-routes.ts';
import { knowledgeRoutes } from './knowledge-routes.ts';
import { memberRoutes } from './members-routes.ts';
import { procurementRoutes } from './procurement-routes.ts';
import { projectRoutes } from './projects-routes.ts';
import type { HubDeps } from './route-kit.ts';

/** The cooperation hub (/kooperation…, coordinators of the district) and the public OZG dashboard. */
export function hubRoutes(app: FastifyInstance, deps: HubDeps): void {
  memberRoutes(app, deps);
  projectRoutes(app, deps);
  eventRoutes(app, deps);
  procurementRoutes(app, deps);
  knowledgeRoutes(app, deps);
  dashboardRoutes(app, deps);
}
