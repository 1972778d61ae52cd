/** The citizen's side of forms: filling in and sending an application. */
import type { FastifyInstance } from 'fastify';
import type { SiteInfo } from '../../../platform/http/request-context.ts';
import { resumeRoutes } from './resume-routes.ts';
import type { Deps } from './session.ts';
import { stepRoutes } from './step-routes.ts';
import { submitRoutes } from './submit-routes.ts';
import { createUploadServices, registerMultipart } from './upload-services.ts';
import { uploadRoutes } from './upload-routes.ts';

export function applicationRoutes(app: FastifyInstance, deps: Deps & { site: SiteInfo }): void {
  const uploads = createUploadServices(deps.config, app.log);
  // The step pages are the only ones that accept multipart/form-data (file uploads, ADR 0006).
  app.register(async (steps) => {
    await registerMultipart(steps, { maxBytes: uploads.maxBytes, secret: deps.config.sessionSecret });
    stepRoutes(steps, { ...deps, uploads });
  });
  uploadRoutes(app, deps);
  submitRoutes(app, deps);
  resumeRoutes(app, deps);
}
