import type { StaffRole } from '../../platform/auth/roles.ts';
import { sql } from '../../platform/db/sql.ts';
import { createTestApp, type TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { signedInCitizen, signedInStaff } from '../../platform/testing/signed-in.ts';
import { importCatalog } from '../catalog/index.ts';
import { seedDemoOffers } from './seed-demo-offers.ts';

/** Shared setup of this module's tests: the app with the catalog imported and the demo offers seeded. */
export type OffersTestApp = TestApp & {
  /** Tenant ids by slug. */
  tenantId(slug: string): string;
  municipalities: { id: string; slug: string; name: string }[];
  districtId: string;
};

export async function createOffersTestApp(): Promise<OffersTestApp> {
  const t = await createTestApp();
  await importCatalog(t.db);
  await seedDemoOffers(t.db);
  const tenants = await t.db.ownerTransaction((tx) =>
    tx.query<{ id: string; slug: string; name: string; kind: string }>(sql`select id, slug, name, kind from tenants order by slug`),
  );
  const bySlug = new Map(tenants.map((tenant) => [tenant.slug, tenant.id]));
  const district = tenants.find((tenant) => tenant.kind === 'kreis')!;
  return {
    ...t,
    tenantId(slug: string) {
      const id = bySlug.get(slug);
      if (!id) throw new Error(`No tenant ${slug}`);
      return id;
    },
    municipalities: tenants.filter((tenant) => tenant.kind !== 'kreis').map(({ id, slug, name }) => ({ id, slug, name })),
    districtId: district.id,
  };
}

/** A signed-in staff member of one tenant with the given roles. */
export async function staffClient(t: OffersTestApp, tenantSlug: string, roles: StaffRole[]): Promise<{ client: TestClient; userId: string }> {
  return signedInStaff(t, tenantSlug, roles);
}

/** The audit entries of a tenant's chain with an action, newest last (owner read). */
export async function auditEntries(t: OffersTestApp, tenantId: string, action: string): Promise<{ actor_id: string | null; subject_id: string | null; data: Record<string, unknown> }[]> {
  return t.db.ownerTransaction((tx) =>
    tx.query(sql`select actor_id, subject_id, data from audit_log where tenant_id = ${tenantId} and action = ${action} order by seq`),
  );
}

/** A signed-in citizen (verified account, no memberships). */
export async function citizenClient(t: OffersTestApp): Promise<TestClient> {
  return (await signedInCitizen(t)).client;
}
