/** The citizen's side of forms: filling in and sending an application. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from './session.ts';
import { stepRoutes } from './step-routes.ts';
import { submitRoutes } from './submit-routes.ts';

export function applicationRoutes(app: FastifyInstance, deps: Deps): void {
  stepRoutes(app, deps);
  submitRoutes(app, deps);
}
