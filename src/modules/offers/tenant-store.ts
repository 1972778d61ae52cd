import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import type { Office, TenantRef } from './types.ts';

/**
 * The few facts about tenants (shared reference data) and memberships this module needs. Read
 * here rather than through the tenants module because they join into this module's queries.
 */
export type TenantRow = {
  tenant_ref_id: string;
  tenant_ref_slug: string;
  tenant_ref_kind: TenantRef['kind'];
  tenant_ref_name: string;
  tenant_ref_official_name: string;
  tenant_ref_parent_id: string | null;
};

export function tenantColumns(alias: string): SqlFragment {
  const t = sql.identifier(alias);
  return sql`${t}.id as tenant_ref_id, ${t}.slug as tenant_ref_slug, ${t}.kind as tenant_ref_kind, ${t}.name as tenant_ref_name,
    ${t}.official_name as tenant_ref_official_name, ${t}.parent_id as tenant_ref_parent_id`;
}

export function toTenantRef(row: TenantRow): TenantRef {
  return {
    id: row.tenant_ref_id,
    slug: row.tenant_ref_slug,
    kind: row.tenant_ref_kind,
    name: row.tenant_ref_name,
    officialName: row.tenant_ref_official_name,
    parentId: row.tenant_ref_parent_id,
  };
}

export async function findTenantRef(tx: Queryable, id: string): Promise<TenantRef | undefined> {
  const row = await maybeOne<TenantRow>(tx, sql`select ${tenantColumns('t')} from tenants t where t.id = ${id}`);
  return row && toTenantRef(row);
}

export async function findTenantRefBySlug(tx: Queryable, slug: string): Promise<TenantRef | undefined> {
  const row = await maybeOne<TenantRow>(tx, sql`select ${tenantColumns('t')} from tenants t where t.slug = ${slug}`);
  return row && toTenantRef(row);
}

/** All tenants with their town-hall address: the demo seed uses it for the offices. */
export async function listTenantsWithAddress(tx: Queryable): Promise<(TenantRef & Pick<Office, 'street' | 'postcode' | 'city'>)[]> {
  const rows = await tx.query<TenantRow & { street: string | null; postcode: string | null; city: string | null }>(sql`
    select ${tenantColumns('t')}, t.street, t.postcode, t.city from tenants t`);
  return rows.map((row) => ({ ...toTenantRef(row), street: row.street ?? '', postcode: row.postcode ?? '', city: row.city ?? '' }));
}

export { rolesOf, tenantsWithRole } from '../../platform/auth/memberships.ts';
