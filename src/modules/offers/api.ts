import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { noScope } from '../../platform/db/database.ts';
import { HttpError, notFound } from '../../platform/http/errors.ts';
import { findServiceByKey } from '../catalog/index.ts';
import { resolvePlace } from '../tenants/index.ts';
import { listOffersOfService } from './offer-store.ts';
import { resolveResponsibility } from './responsibility.ts';
import type { Offer, Office, TenantRef } from './types.ts';
import { absoluteOnlineUrl } from './form-parsing.ts';

const keyPattern = '^(99[0-9]{12}|L[0-9a-f]{13})$';

const tenantSchema = { type: 'object', properties: { slug: { type: 'string' }, name: { type: 'string' }, officialName: { type: 'string' }, kind: { type: 'string' } } } as const;
const offerSchema = {
  type: 'object',
  nullable: true,
  properties: {
    feeCents: { type: 'integer', nullable: true, description: 'Fee in euro cents; null when not stated, 0 when free' },
    feeText: { type: 'string', nullable: true },
    processingTimeText: { type: 'string', nullable: true },
    requiredDocuments: { type: 'array', items: { type: 'string' } },
    onlineAvailable: { type: 'boolean' },
    onlineUrl: { type: 'string', nullable: true },
    maturityLevel: { type: 'integer', nullable: true },
    maturityModel: { type: 'string', nullable: true },
    demo: { type: 'boolean', description: 'Demo data, not verified' },
  },
} as const;
const officeSchema = {
  type: 'object',
  nullable: true,
  properties: { name: { type: 'string' }, street: { type: 'string' }, postcode: { type: 'string' }, city: { type: 'string' }, phone: { type: 'string', nullable: true }, email: { type: 'string', nullable: true }, website: { type: 'string', nullable: true } },
} as const;

const tenantOut = (t: TenantRef) => ({ slug: t.slug, name: t.name, officialName: t.officialName, kind: t.kind });
const offerOut = (o: Offer | null, baseUrl: string) =>
  o && {
    feeCents: o.feeCents,
    feeText: o.feeText,
    processingTimeText: o.processingTimeText,
    requiredDocuments: o.requiredDocuments,
    onlineAvailable: o.onlineAvailable,
    onlineUrl: absoluteOnlineUrl(o.onlineUrl, baseUrl),
    maturityLevel: o.maturityLevel,
    maturityModel: o.maturityModel,
    demo: o.demo,
  };
const officeOut = (o: Office | null) => o && { name: o.name, street: o.street, postcode: o.postcode, city: o.city, phone: o.phone, email: o.email, website: o.website };

/** `/api/v1/responsibility` and `/api/v1/services/{key}/offers`: who serves whom, as JSON. */
export function offerApiRoutes(app: FastifyInstance, deps: { db: Database; config: { baseUrl: string } }): void {
  app.get<{ Querystring: { service: string; place: string } }>(
    '/api/v1/responsibility',
    {
      schema: {
        tags: ['offers'],
        summary: 'Who is responsible for a service where the citizen lives (Zuständigkeit), with the offer and office',
        querystring: {
          type: 'object',
          required: ['service', 'place'],
          properties: {
            service: { type: 'string', pattern: keyPattern, description: 'Service key (LeiKa)' },
            place: { type: 'string', minLength: 1, maxLength: 100, description: 'Municipality slug, name or postcode' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              municipality: tenantSchema,
              responsible: tenantSchema,
              offer: offerSchema,
              office: officeSchema,
              url: { type: 'string', nullable: true, description: 'The offer page' },
            },
          },
          409: {
            type: 'object',
            properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, candidates: { type: 'array', items: { type: 'string' } } } } },
          },
        },
      },
    },
    async (request, reply) => {
      const result = await deps.db.transaction(noScope, async (tx) => {
        const service = await findServiceByKey(tx, request.query.service);
        if (!service) return { kind: 'unknown-service' as const };
        const place = await resolvePlace(tx, request.query.place);
        if (place.kind === 'ambiguous') return { kind: 'ambiguous' as const, candidates: place.tenants.map((t) => t.slug) };
        if (place.kind !== 'found') return { kind: 'unknown-place' as const };
        const responsibility = await resolveResponsibility(tx, service.key, place.tenant.id);
        return responsibility ? { kind: 'found' as const, service, responsibility } : { kind: 'unknown-place' as const };
      });
      if (result.kind === 'unknown-service') throw notFound();
      if (result.kind === 'unknown-place') throw new HttpError(404, 'notFound');
      if (result.kind === 'ambiguous') {
        return reply.code(409).send({ error: { code: 'ambiguous_place', message: 'The postcode belongs to several municipalities; pass one of the candidates as place.', candidates: result.candidates } });
      }
      const { responsibility, service } = result;
      return {
        municipality: tenantOut(responsibility.municipality),
        responsible: tenantOut(responsibility.tenant),
        offer: offerOut(responsibility.offer, deps.config.baseUrl),
        office: officeOut(responsibility.office),
        url: responsibility.offer ? `${deps.config.baseUrl}/${responsibility.municipality.slug}/leistungen/${service.slug}` : null,
      };
    },
  );

  app.get<{ Params: { key: string } }>(
    '/api/v1/services/:key/offers',
    {
      schema: {
        tags: ['offers'],
        summary: 'Every published offer of a service, by tenant',
        params: { type: 'object', required: ['key'], properties: { key: { type: 'string', pattern: keyPattern } } },
        response: { 200: { type: 'array', items: { type: 'object', properties: { tenant: tenantSchema, offer: offerSchema } } } },
      },
    },
    async (request) => {
      const offers = await deps.db.transaction(noScope, async (tx) => {
        if (!(await findServiceByKey(tx, request.params.key))) return undefined;
        return listOffersOfService(tx, request.params.key);
      });
      if (!offers) throw notFound();
      return offers.map(({ tenant, offer }) => ({ tenant: tenantOut(tenant), offer: offerOut(offer, deps.config.baseUrl) }));
    },
  );
}
