import type { StaffRole } from '../../platform/auth/roles.ts';
import { sql } from '../../platform/db/sql.ts';
import { createTestApp, type TestApp, type TestClient } from '../../platform/testing/test-app.ts';
import { signedInStaff } from '../../platform/testing/signed-in.ts';
import { importCatalog } from '../catalog/index.ts';
import { seedDemoOffers } from '../offers/index.ts';

/** The app with the catalog imported (projects and articles link services) and tenant ids by slug. */
export type HubTestApp = TestApp & { tenantId(slug: string): string };

export async function createHubTestApp(options: { demoOffers?: boolean; env?: Record<string, string> } = {}): Promise<HubTestApp> {
  const t = await createTestApp(options.env);
  await importCatalog(t.db);
  if (options.demoOffers) await seedDemoOffers(t.db);
  const tenants = await t.db.ownerTransaction((tx) => tx.query<{ id: string; slug: string }>(sql`select id, slug from tenants`));
  const bySlug = new Map(tenants.map((tenant) => [tenant.slug, tenant.id]));
  return {
    ...t,
    tenantId(slug) {
      const id = bySlug.get(slug);
      if (!id) throw new Error(`No tenant ${slug}`);
      return id;
    },
  };
}

/** A signed-in coordinator (hub member) of the tenant. */
export async function coordinator(t: HubTestApp, slug: string, roles: StaffRole[] = ['coordinator']): Promise<{ client: TestClient; userId: string; tenantId: string }> {
  const member = await signedInStaff(t, slug, roles);
  // The first visit creates the member's profile; the page also provides the CSRF token.
  const home = await member.client.get('/kooperation');
  if (home.statusCode !== 200) throw new Error(`Hub home answered ${home.statusCode}`);
  return member;
}

/** The audit entries of a tenant's chain with an action (owner read). */
export async function auditActions(t: HubTestApp, tenantId: string, action: string): Promise<{ actor_id: string | null; subject_id: string | null; data: Record<string, unknown> }[]> {
  return t.db.ownerTransaction((tx) => tx.query(sql`select actor_id, subject_id, data from audit_log where tenant_id = ${tenantId} and action = ${action} order by seq`));
}

/** The id at the end of a 303's location (`/kooperation/projekte/<id>?gespeichert`). */
export function idFromLocation(location: unknown): string {
  const match = /\/([0-9a-f-]{36})(\?|$)/.exec(String(location));
  if (!match) throw new Error(`No id in ${String(location)}`);
  return match[1]!;
}
