import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/page.ts';
import { assertEditor, editorRoles, OffersAccessError, type EditorScope } from './access.ts';
import { findTenantRef, tenantsWithRole } from './tenant-store.ts';
import type { TenantRef } from './types.ts';

export type EditorContext = { scope: EditorScope; tenant: TenantRef };

/**
 * The acting tenant and user of a back-office page: the session's active tenant when it has one,
 * otherwise the first tenant (by name) in which the user is an editor — today's login leaves the
 * active tenant empty (it reads memberships before a user is in scope, so RLS hides them).
 * Signed-out visitors go to the login page and come back; citizens and staff without the admin or
 * coordinator role get 403.
 */
export async function requireEditor(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<EditorContext | undefined> {
  const user = request.user;
  if (!user) {
    seeOther(reply, `/anmelden?zurueck=${encodeURIComponent(request.url)}`);
    return undefined;
  }
  if (user.kind !== 'staff') throw forbidden();
  const tenantId = user.activeTenantId ?? (await db.transaction({ tenantId: null, userId: user.id }, (tx) => tenantsWithRole(tx, user.id, editorRoles)))[0];
  if (!tenantId) throw forbidden();
  const scope: EditorScope = { tenantId, userId: user.id };
  const tenant = await db.transaction(scope, async (tx) => {
    await assertEditor(tx, scope);
    return findTenantRef(tx, scope.tenantId);
  }).catch(rethrowAccess);
  if (!tenant) throw forbidden();
  return { scope, tenant };
}

/** A membership revoked between page and submit surfaces as OffersAccessError: answer 403. */
export function rethrowAccess(error: unknown): never {
  if (error instanceof OffersAccessError) throw forbidden();
  throw error;
}

/** The notice after a redirect (?hinweis=…), from a fixed list so the URL cannot inject text. */
export function hintOf(value: unknown): 'created' | 'saved' | 'unchanged' | undefined {
  return value === 'angelegt' ? 'created' : value === 'gespeichert' ? 'saved' : value === 'unveraendert' ? 'unchanged' : undefined;
}
