import type { StaffRole } from '../auth/roles.ts';
import { addStaffUser } from '../../modules/accounts/index.ts';
import { hashPassword } from '../auth/passwords.ts';
import { sql } from '../db/sql.ts';
import { TestClient, type TestApp } from './test-app.ts';

let citizenCount = 0;

/** A signed-in citizen with a verified account and no memberships; returns the client and the user's id. */
export async function signedInCitizen(t: Pick<TestApp, 'db' | 'app'>, email = `citizen${++citizenCount}.${process.pid}@citizens.test`): Promise<{ client: TestClient; userId: string; email: string }> {
  const password = 'Passwort der Bürgerin 1';
  const passwordHash = await hashPassword(password);
  const [row] = await t.db.ownerTransaction((tx) =>
    tx.query<{ id: string }>(sql`
      insert into users (kind, email, password_hash, display_name, email_verified_at)
      values ('citizen', ${email}, ${passwordHash}, 'Erika', now()) returning id`),
  );
  if (!row) throw new Error('citizen not created');
  const client = new TestClient(t.app);
  await client.get('/anmelden');
  const login = await client.post('/anmelden', { email, password });
  if (login.statusCode !== 303) throw new Error(`Login failed: ${login.statusCode}`);
  return { client, userId: row.id, email };
}

let staffCount = 0;

/** A signed-in staff member of the tenant `tenantSlug` with the given roles. */
export async function signedInStaff(t: Pick<TestApp, 'db' | 'app'>, tenantSlug: string, roles: StaffRole[]): Promise<{ client: TestClient; userId: string; tenantId: string }> {
  const tenant = await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = ${tenantSlug}`));
  const tenantId = tenant[0]?.id;
  if (!tenantId) throw new Error(`No tenant ${tenantSlug}`);
  const email = `staff${++staffCount}.${process.pid}.${tenantSlug}@staff.test`;
  const password = 'Passwort der Verwaltung 1';
  const userId = await addStaffUser(t.db, { email, displayName: `Sachbearbeitung ${staffCount}`, password, tenantId, roles });
  const client = new TestClient(t.app);
  await client.get('/anmelden');
  const login = await client.post('/anmelden', { email, password });
  if (login.statusCode !== 303) throw new Error(`Login failed: ${login.statusCode}`);
  return { client, userId, tenantId };
}
