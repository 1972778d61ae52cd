/**
 * Who works with cases: administrators and caseworkers act, readers only look. The acting tenant
 * is the session's, or the first (by name) where the user holds a case role. Office access
 * narrows it further (see office_members in migration 0009). Checked in every request, inside a
 * transaction in the tenant's scope, so a revoked role takes effect at once.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Scope } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/http/require-user.ts';
import { tenantsWithRole } from '../../platform/auth/memberships.ts';
import type { StaffRole } from '../../platform/auth/roles.ts';
import type { OfficeAccess } from './office-access.ts';

export const caseViewRoles: readonly StaffRole[] = ['admin', 'caseworker', 'reader'];
export const caseActRoles: readonly StaffRole[] = ['admin', 'caseworker'];

export type CaseStaff = {
  scope: Scope & { tenantId: string; userId: string };
  roles: StaffRole[];
  canAct: boolean;
  offices: OfficeAccess;
};

export async function requireCaseStaff(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<CaseStaff | undefined> {
  const user = requireUser(request, reply);
  if (!user) return undefined;
  if (user.kind !== 'staff') throw forbidden();
  const tenantId = user.activeTenantId ?? (await db.transaction({ tenantId: null, userId: user.id }, (tx) => tenantsWithRole(tx, user.id, caseViewRoles)))[0];
  if (!tenantId) throw forbidden();
  const staff = await caseStaffOf(db, tenantId, user.id);
  if (!staff) throw forbidden();
  return staff;
}

/**
 * The case roles and office access of a user in a tenant, or undefined without a case role.
 * Shared by the pages (a signed-in person) and the case API (the technical user of an API client,
 * api/client-auth.ts), so both follow the same rules.
 */
export async function caseStaffOf(db: Database, tenantId: string, userId: string): Promise<CaseStaff | undefined> {
  const scope = { tenantId, userId };
  // Roles and offices in one statement: this runs before every case page and API call.
  const [row] = await db.transaction(scope, (tx) => tx.query<{ roles: StaffRole[]; office_ids: string[] }>(sql`
    select array(select role from tenant_memberships where tenant_id = ${tenantId} and user_id = ${userId}) as roles,
           array(select office_id from office_members where tenant_id = ${tenantId} and user_id = ${userId}) as office_ids`));
  const roles = row?.roles ?? [];
  const officeIds = row?.office_ids ?? [];
  if (!roles.some((role) => caseViewRoles.includes(role))) return undefined;
  const offices: OfficeAccess = roles.includes('admin') || officeIds.length === 0 ? 'all' : officeIds;
  return { scope, roles, canAct: roles.some((role) => caseActRoles.includes(role)), offices };
}
