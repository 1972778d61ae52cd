import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../../platform/db/database.ts';
import { one } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { repositoryRoot } from '../../../platform/testing/test-database.ts';
import type { FormDefinition } from '../definition/types.ts';
import type { StaffScope } from './types.ts';

/** A fixture definition, as a fresh mutable copy. */
export function fixture(name: 'hundeanmeldung' | 'sperrmuell'): FormDefinition {
  return JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'test', 'fixtures', 'forms', `${name}.json`), 'utf8')) as FormDefinition;
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
