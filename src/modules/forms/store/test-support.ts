import fs from 'node:fs';
import type { Database } from '../../../platform/db/database.ts';
import { one } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { FormDefinition } from '../definition/types.ts';
import { demoFormPath, type DemoFormName } from '../runtime/test-fixtures.ts';
import type { StaffScope } from './types.ts';

/** A demo form of seeds/forms, as a fresh mutable copy. */
export function fixture(name: DemoFormName): FormDefinition {
  return JSON.parse(fs.readFileSync(demoFormPath(name), 'utf8')) as FormDefinition;
}

/** A staff member of the seeded tenant `slug` (the account is created as the owner). */
export async function staffOf(db: Database, slug: string): Promise<StaffScope> {
  return db.ownerTransaction(async (tx) => {
    const tenant = await one<{ id: string }>(tx, sql`select id from tenants where slug = ${slug}`);
    const user = await one<{ id: string }>(tx, sql`
      insert into users (kind, email, password_hash, display_name)
      values ('staff', ${`forms-${slug}@example.test`}, 'x', ${`Forms ${slug}`}) returning id`);
    await tx.query(sql`insert into tenant_memberships (tenant_id, user_id, role) values (${tenant.id}, ${user.id}, 'admin')`);
    return { tenantId: tenant.id, userId: user.id };
  });
}
