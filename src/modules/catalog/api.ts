import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { noScope } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { notFound } from '../../platform/http/errors.ts';
import { findServiceByKey, listLebenslagen, type Service } from './store.ts';

const serviceSchema = {
  type: 'object',
  properties: {
    key: { type: 'string', description: '14-digit LeiKa key, or a local key starting with L' },
    inLeika: { type: 'boolean' },
    name: { type: 'string' },
    slug: { type: 'string' },
    url: { type: 'string' },
    typisierung: { type: 'string', nullable: true },
    ozgId: { type: 'integer', nullable: true },
    ozgLeistung: { type: 'string', nullable: true },
    verrichtung: { type: 'string', nullable: true },
    legalReferences: { type: 'array', items: { type: 'object', properties: { citation: { type: 'string' }, url: { type: 'string', nullable: true } } } },
    retired: { type: 'boolean' },
  },
} as const;

function present(service: Service, baseUrl: string) {
  return {
    key: service.key,
    inLeika: service.inLeika,
    name: service.name,
    slug: service.slug,
    url: `${baseUrl}/leistungen/${service.slug}`,
    typisierung: service.typisierung,
    ozgId: service.ozgId,
    ozgLeistung: service.ozgLeistung,
    verrichtung: service.verrichtung,
    legalReferences: service.legalReferences,
    retired: service.retiredAt !== null,
  };
}

/** `/api/v1/services…` and `/api/v1/lebenslagen`: the catalog as JSON, described in OpenAPI. */
export function catalogApiRoutes(app: FastifyInstance, deps: { db: Database; config: { baseUrl: string } }): void {
  app.get<{ Querystring: { after?: string; limit?: number } }>(
    '/api/v1/services',
    {
      schema: {
        tags: ['catalog'],
        summary: 'All current services in key order, in pages (keyset pagination: pass the last key as `after`).',
        querystring: {
          type: 'object',
          properties: {
            after: { type: 'string', maxLength: 20, description: 'Key of the last service of the previous page' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'Page size' },
          },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' }, slug: { type: 'string' } } } }, next: { type: 'string', nullable: true } } },
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const rows = await deps.db.transaction(noScope, (tx) =>
        tx.query<{ key: string; name: string; slug: string }>(sql`
          select key, name, slug from services where retired_at is null and key > ${request.query.after ?? ''} order by key limit ${limit + 1}`),
      );
      const items = rows.slice(0, limit);
      return { items, next: rows.length > limit ? (items.at(-1)?.key ?? null) : null };
    },
  );

  app.get<{ Params: { key: string } }>(
    '/api/v1/services/:key',
    {
      schema: {
        tags: ['catalog'],
        summary: 'One service by its LeiKa key (or local key)',
        params: { type: 'object', properties: { key: { type: 'string', pattern: '^(99[0-9]{12}|L[0-9a-f]{13})$', description: 'Service key' } }, required: ['key'] },
        response: { 200: serviceSchema },
      },
    },
    async (request) => {
      const service = await deps.db.transaction(noScope, (tx) => findServiceByKey(tx, request.params.key));
      if (!service) throw notFound();
      return present(service, deps.config.baseUrl);
    },
  );

  app.get(
    '/api/v1/lebenslagen',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The OZG Lebenslagen with their Themenfeld',
        response: { 200: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, slug: { type: 'string' }, themenfeld: { type: 'string' } } } } },
      },
    },
    async () => {
      const lebenslagen = await deps.db.transaction(noScope, (tx) => listLebenslagen(tx));
      return lebenslagen.map((l) => ({ id: l.id, name: l.name, slug: l.slug, themenfeld: l.themenfeld.name }));
    },
  );
}
