import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { SiteInfo } from '../../platform/http/request-context.ts';
import type { FormInput } from '../../platform/validation.ts';
import { requireHubMember, type HubMember } from './access.ts';

export type HubDeps = { db: Database; config: Config; site: SiteInfo };
export type IdParams = { Params: { id: string } };
export type FormBody = { Body: FormInput | undefined };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is no UUID names nothing: 404 before any query. */
export function requireId(value: string): string {
  if (!uuidPattern.test(value)) throw notFound();
  return value;
}

/** The hub member of the request; hub pages are personal, so never cached. */
export async function member(deps: HubDeps, request: FastifyRequest, reply: FastifyReply): Promise<HubMember | undefined> {
  const found = await requireHubMember(deps.db, request, reply);
  if (found) reply.header('cache-control', 'private, no-store');
  return found;
}

/** The notice after a redirect: only `?gespeichert` shows it (fixed text, no injection). */
export const savedHint = (query: unknown) => typeof query === 'object' && query !== null && 'gespeichert' in query;
