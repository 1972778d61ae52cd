/**
 * Who works with records: records managers (Schriftgutverwaltung, Registratur) and
 * administrators of the tenant. The acting tenant is the session's, or the first (by name) where
 * the user holds one of these roles. Checked in every request, so a revoked role takes effect
 * at once; the tenant's default file plan is created on first use.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/http/require-user.ts';
import { rolesOf, tenantsWithRole } from '../../platform/auth/memberships.ts';
import type { StaffRole } from '../../platform/auth/roles.ts';
import { sql } from '../../platform/db/sql.ts';
import { ensureFilePlan } from './file-plan.ts';

export const recordsRoles: readonly StaffRole[] = ['admin', 'records_manager'];

export type RecordsStaff = { scope: { tenantId: string; userId: string }; tenantName: string };

export async function requireRecordsStaff(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<RecordsStaff | undefined> {
  const user = requireUser(request, reply);
  if (!user) return undefined;
  if (user.kind !== 'staff') throw forbidden();
  const tenantId = user.activeTenantId ?? (await db.transaction({ tenantId: null, userId: user.id }, (tx) => tenantsWithRole(tx, user.id, recordsRoles)))[0];
  if (!tenantId) throw forbidden();
  const scope = { tenantId, userId: user.id };
  const tenantName = await db.transaction(scope, async (tx) => {
    const roles = await rolesOf(tx, tenantId, user.id);
    if (!roles.some((role) => recordsRoles.includes(role))) return undefined;
    await ensureFilePlan(tx, tenantId);
    const [tenant] = await tx.query<{ name: string }>(sql`select name from tenants where id = ${tenantId}`);
    return tenant?.name ?? '';
  });
  if (tenantName === undefined) throw forbidden();
  return { scope, tenantName };
}
