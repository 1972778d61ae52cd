/** Staff memberships: which roles a user holds in which tenant (read under the membership policy). */
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import type { StaffRole } from './roles.ts';

/** The roles the user holds in the tenant (visible to the user through the membership policy). */
export async function rolesOf(tx: Queryable, tenantId: string, userId: string): Promise<StaffRole[]> {
  const rows = await tx.query<{ role: StaffRole }>(sql`
    select role from tenant_memberships where tenant_id = ${tenantId} and user_id = ${userId}`);
  return rows.map((row) => row.role);
}

/**
 * The tenants in which the user holds one of `roles`, by tenant name. Read in a scope with the
 * user set: the membership policy shows a user their own memberships in every tenant.
 */
export async function tenantsWithRole(tx: Queryable, userId: string, roles: readonly StaffRole[]): Promise<string[]> {
  const rows = await tx.query<{ tenant_id: string }>(sql`
    select m.tenant_id from tenant_memberships m join tenants t on t.id = m.tenant_id
    where m.user_id = ${userId} and m.role in (${sql.join([...roles])})
    group by m.tenant_id, t.name order by t.name`);
  return rows.map((row) => row.tenant_id);
}
