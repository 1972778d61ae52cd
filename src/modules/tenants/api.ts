import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { noScope } from '../../platform/db/database.ts';
import { listTenants } from './store.ts';

/** `/api/v1/tenants`: the district and its municipalities. */
export function tenantApiRoutes(app: FastifyInstance, deps: { db: Database }): void {
  app.get(
    '/api/v1/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: 'The district (Kreis) and its municipalities with official keys and town-hall addresses',
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                slug: { type: 'string' },
                kind: { type: 'string', enum: ['kreis', 'stadt', 'gemeinde'] },
                name: { type: 'string' },
                officialName: { type: 'string' },
                ags: { type: 'string', description: 'Amtlicher Gemeindeschlüssel' },
                ars: { type: 'string', nullable: true, description: 'Amtlicher Regionalschlüssel' },
                street: { type: 'string', nullable: true },
                postcode: { type: 'string', nullable: true },
                city: { type: 'string', nullable: true },
              },
            },
          },
        },
      },
    },
    async () => deps.db.transaction(noScope, (tx) => listTenants(tx)),
  );
}
