/**
 * Who calls the case API: an API client (client-store.ts) by its bearer token, never a session
 * cookie. A cookie is ignored even when present, so the routes need no CSRF token (they are marked
 * `bearerOnly`, src/platform/http/csrf.ts) and a browser's session can never be used against them.
 * Checked on every request before anything else, so a revoked client is refused at once.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { caseStaffOf, type CaseStaff } from '../staff-access.ts';
import { clientOfToken } from './client-store.ts';
import { sendUnauthorized } from './problems.ts';

export type ApiCaller = { clientId: string; staff: CaseStaff };

const callers = new WeakMap<FastifyRequest, ApiCaller>();

/** The bearer token of the Authorization header (RFC 6750 §2.1), or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length > 200) return undefined;
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Authenticates every request of the scope: 401 (with `WWW-Authenticate: Bearer`) unless a valid client calls. */
export function registerBearerAuth(scope: FastifyInstance, db: Database): void {
  scope.addHook('onRequest', async (request, reply) => {
    const token = bearerToken(request);
    const owner = token ? await clientOfToken(db, token) : undefined;
    // The technical user's case role (caseworker or reader) and offices, read like a person's.
    const staff = owner && (await caseStaffOf(db, owner.tenantId, owner.userId));
    if (!owner || !staff) return sendUnauthorized(request, reply);
    callers.set(request, { clientId: owner.clientId, staff });
  });
}

/** The authenticated caller of a request in the scope (the hook above ran first). */
export function callerOf(request: FastifyRequest): ApiCaller {
  const caller = callers.get(request);
  if (!caller) throw new Error('case API route without bearer authentication');
  return caller;
}
