import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../platform/db/database.ts';
import { sql } from '../platform/db/sql.ts';
import type { StaffRole } from '../platform/auth/roles.ts';
import { addStaffUser } from '../modules/accounts/index.ts';
import { demoSeedAccount } from '../modules/offers/index.ts';
import { findTenantBySlug } from '../modules/tenants/index.ts';

type DemoAccount = { email: string; displayName: string; tenantSlug: string; roles: StaffRole[] };

/** Demo staff of the default district: one per role, in the Kreis and two towns. */
const demoAccounts: DemoAccount[] = [
  { email: 'admin@kreis-lippe.demo', displayName: 'Demo Administration Kreis Lippe', tenantSlug: 'kreis-lippe', roles: ['admin'] },
  { email: 'cdo@kreis-lippe.demo', displayName: 'Demo Digitalisierungsbeauftragte Kreis Lippe', tenantSlug: 'kreis-lippe', roles: ['coordinator'] },
  { email: 'sachbearbeitung@detmold.demo', displayName: 'Demo Sachbearbeitung Detmold', tenantSlug: 'detmold', roles: ['caseworker'] },
  { email: 'registratur@detmold.demo', displayName: 'Demo Registratur Detmold', tenantSlug: 'detmold', roles: ['records_manager'] },
  { email: 'cdo@lemgo.demo', displayName: 'Demo Digitalisierungsbeauftragter Lemgo', tenantSlug: 'lemgo', roles: ['coordinator', 'reader'] },
];

/**
 * On a new database, creates the demo staff accounts with random passwords, and returns the
 * logins to print once (they are also written to `dataDir/demo-logins.txt`, readable by the owner only).
 * Does nothing when any staff account exists (the demo forms' system account does not count).
 */
export async function seedDemoAccounts(db: Database, dataDir: string): Promise<string[] | undefined> {
  const existing = await db.ownerTransaction((tx) => tx.query(sql`select 1 from users where kind = 'staff' and lower(email) <> ${demoSeedAccount.email} limit 1`));
  if (existing.length > 0) return undefined;
  const lines: string[] = [];
  for (const account of demoAccounts) {
    const tenant = await db.ownerTransaction((tx) => findTenantBySlug(tx, account.tenantSlug));
    if (!tenant) continue;
    const password = crypto.randomBytes(12).toString('base64url');
    await addStaffUser(db, { email: account.email, displayName: account.displayName, password, tenantId: tenant.id, roles: account.roles });
    lines.push(`${account.email.padEnd(32)} ${password}   (${tenant.name}: ${account.roles.join(', ')})`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'demo-logins.txt'), `${lines.join('\n')}\n`, { mode: 0o600 });
  return lines;
}
