/** Decisions (Bescheide) of cases and the per-service case settings (with the status model). */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../../../config.ts';
import type { Database } from '../../../../platform/db/database.ts';
import type { SiteInfo } from '../../../../platform/http/request-context.ts';
import { decisionRoutes } from './decision-routes.ts';
import { statusModelRoutes } from '../../status-model/web/routes.ts';
import { caseSettingsRoutes } from './settings-routes.ts';

/** The staff decision pages, the applicant's PDF and the settings pages. */
export function caseDecisionRoutes(app: FastifyInstance, deps: { db: Database; config: Config; site: SiteInfo }): void {
  decisionRoutes(app, deps);
  caseSettingsRoutes(app, deps);
  statusModelRoutes(app, deps);
}
