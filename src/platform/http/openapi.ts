import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { html } from '../views/html.ts';

type Operation = { summary?: string; description?: string; tags?: string[]; parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string } }[] };
type Spec = { info: { title: string; version: string; description?: string }; paths?: Record<string, Record<string, Operation>> };

/**
 * The JSON API is described by OpenAPI 3, generated from the schemas on its routes (so the
 * description cannot drift from what the routes validate), served at `/api/openapi.json`, and
 * readable as a plain accessible page at `/api/docs` (no script needed).
 */
export async function registerOpenApi(app: FastifyInstance, baseUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Kreisportal API',
        version: '1',
        description:
          'Public, read-only API of the service catalog: services (LeiKa), Lebenslagen, tenants, offers and responsibility (Zuständigkeit). ' +
          'The case API (/api/v1/cases, tag "cases") is for the specialist software of a municipality: it needs the bearer token of an API client, created by the tenant\'s administrators at /verwaltung/api-zugaenge.',
      },
      servers: [{ url: baseUrl }],
      // The case API's clients (src/modules/cases/api/client-auth.ts): `Authorization: Bearer <token>`.
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Token of an API client (shown once when it is created)' } } },
    },
    hideUntagged: true,
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/api/docs', { schema: { hide: true } }, async (_request, reply) => {
    const spec = app.swagger() as unknown as Spec;
    const operations = Object.entries(spec.paths ?? {}).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
    return reply.page({
      title: 'API',
      content: html`<h1 class="kern-heading-x-large">${spec.info.title} (v${spec.info.version})</h1>
<p class="kern-body">${spec.info.description ?? ''}</p>
<p class="kern-body"><a class="kern-link" href="/api/openapi.json">OpenAPI 3 (JSON)</a></p>
${operations.map(
  ({ path, method, operation }) => html`<h2 class="kern-heading-medium"><code>${method} ${path}</code></h2>
<p class="kern-body">${operation.summary ?? ''}</p>
${operation.parameters && operation.parameters.length > 0
  ? html`<table class="kern-table"><caption class="kern-sr-only">${method} ${path}</caption><thead class="kern-table__header"><tr class="kern-table__row"><th class="kern-table__header" scope="col">Parameter</th><th class="kern-table__header" scope="col">In</th><th class="kern-table__header" scope="col">Type</th><th class="kern-table__header" scope="col">Description</th></tr></thead>
<tbody class="kern-table__body">${operation.parameters.map(
      (p) => html`<tr class="kern-table__row"><td class="kern-table__cell"><code>${p.name}</code>${p.required ? ' *' : ''}</td><td class="kern-table__cell">${p.in}</td><td class="kern-table__cell">${p.schema?.type ?? ''}</td><td class="kern-table__cell">${p.description ?? ''}</td></tr>`,
    )}</tbody></table>`
  : ''}`,
)}`,
    });
  });
}
