/**
 * Who sees the hub: staff with the coordinator role in a tenant of the district (the digital
 * officers, Digitalisierungsbeauftragte). The acting tenant is the session's when the user is a
 * coordinator there, otherwise the first (by name) where they are. Checked on every request, in
 * the tenant's scope, so a revoked role takes effect at once; RLS checks the same again
 * (migration 0013, docs/adr/0009-cooperation-hub-tenancy.md).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/http/require-user.ts';
import { rolesOf, tenantsWithRole } from '../../platform/auth/memberships.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';

/** The acting member: tenant and user of every hub transaction. */
export type HubScope = { tenantId: string; userId: string };
export type HubMember = { scope: HubScope; tenant: { id: string; slug: string; name: string }; displayName: string };

/** A write the acting tenant may not make (another municipality's row, or not a member any more). */
export class HubAccessError extends Error {
  override name = 'HubAccessError';
}

export async function assertHubMember(tx: Queryable, scope: HubScope): Promise<void> {
  const roles = await rolesOf(tx, scope.tenantId, scope.userId);
  if (!roles.includes('coordinator')) throw new HubAccessError(`User ${scope.userId} is no coordinator of ${scope.tenantId}`);
}

/**
 * The signed-in hub member, or a redirect to the login (signed out) or 403 (citizens, other
 * staff). On the first visit the member's profile is created, owned by the acting tenant.
 */
export async function requireHubMember(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<HubMember | undefined> {
  const user = requireUser(request, reply);
  if (!user) return undefined;
  if (user.kind !== 'staff') throw forbidden();
  const coordinatorOf = await db.transaction({ tenantId: null, userId: user.id }, (tx) => tenantsWithRole(tx, user.id, ['coordinator']));
  const tenantId = user.activeTenantId && coordinatorOf.includes(user.activeTenantId) ? user.activeTenantId : coordinatorOf[0];
  if (!tenantId) throw forbidden();
  const scope: HubScope = { tenantId, userId: user.id };
  const tenant = await db.transaction(scope, async (tx) => {
    await assertHubMember(tx, scope);
    const joined = await tx.query(sql`
      insert into hub_profiles (user_id, tenant_id) values (${scope.userId}, ${scope.tenantId})
      on conflict (user_id) do nothing returning user_id`);
    if (joined.length > 0) {
      await appendAudit(tx, { tenantId, actorId: user.id, action: 'hub.member_joined', subjectType: 'hub_profile', subjectId: user.id });
    }
    return maybeOne<{ id: string; slug: string; name: string }>(tx, sql`select id, slug, name from tenants where id = ${tenantId}`);
  }).catch(rethrowHubAccess);
  if (!tenant) throw forbidden();
  return { scope, tenant, displayName: user.displayName };
}

/** Access errors of the services and RLS refusals (SQLSTATE 42501) become 403. */
export function rethrowHubAccess(error: unknown): never {
  if (error instanceof HubAccessError) throw forbidden();
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '42501') throw forbidden();
  throw error;
}

/** Writes in the member's scope with the membership re-checked, and one audit entry per write. */
export async function hubWrite<T>(
  db: Database,
  scope: HubScope,
  work: (tx: Queryable, audit: (action: string, subjectType: string, subjectId: string, data?: Record<string, unknown>) => Promise<void>) => Promise<T>,
): Promise<T> {
  return db.transaction(scope, async (tx) => {
    await assertHubMember(tx, scope);
    return work(tx, (action, subjectType, subjectId, data) =>
      appendAudit(tx, { tenantId: scope.tenantId, actorId: scope.userId, action, subjectType, subjectId, ...(data ? { data } : {}) }),
    );
  });
}
