/**
 * The back-office form editor (/verwaltung/formulare) for a tenant's coordinators and
 * administrators: create (empty, JSON, FIM), edit, preview, publish, compare, export and adopt
 * forms, on top of the versioned store (../store), which audits every write.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { createRoutes } from './create-routes.ts';
import { editorRoutes } from './editor-routes.ts';
import { previewRoutes } from './preview-routes.ts';
import { versionRoutes } from './version-routes.ts';

export function formAdminRoutes(app: FastifyInstance, deps: { db: Database; config: { baseUrl: string } }): void {
  createRoutes(app, deps);
  versionRoutes(app, deps);
  editorRoutes(app, deps);
  previewRoutes(app, deps);
}
