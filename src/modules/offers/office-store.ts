import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { readOpeningHours } from './opening-hours.ts';
import type { Office, OfficeInput } from './types.ts';

type OfficeRow = {
  tenant_id: string;
  id: string;
  name: string;
  street: string;
  postcode: string;
  city: string;
  opening_hours: unknown;
  opening_hours_note: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  published: boolean;
  demo: boolean;
  updated_at: Date;
};

const columns = sql`tenant_id, id, name, street, postcode, city, opening_hours, opening_hours_note, phone, email, website, published, demo, updated_at`;

function toOffice(row: OfficeRow): Office {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    street: row.street,
    postcode: row.postcode,
    city: row.city,
    openingHours: readOpeningHours(row.opening_hours),
    openingHoursNote: row.opening_hours_note,
    phone: row.phone,
    email: row.email,
    website: row.website,
    published: row.published,
    demo: row.demo,
    updatedAt: row.updated_at,
  };
}

/**
 * One office of one tenant. The explicit tenant filter matters: published offices of every tenant
 * are readable (public policy), and callers asking for "their" office must not get a foreign one.
 */
export async function findOffice(tx: Queryable, tenantId: string, id: string): Promise<Office | undefined> {
  const row = await maybeOne<OfficeRow>(tx, sql`select ${columns} from offices where tenant_id = ${tenantId} and id = ${id}`);
  return row && toOffice(row);
}

/** The offices of one tenant, by name (German order, sorted here: PGlite has no ICU collation). */
export async function listOffices(tx: Queryable, tenantId: string): Promise<Office[]> {
  const rows = await tx.query<OfficeRow>(sql`select ${columns} from offices where tenant_id = ${tenantId}`);
  return rows.map(toOffice).sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

function hoursJson(input: OfficeInput): string {
  return JSON.stringify(input.openingHours.map(({ day, opens, closes }) => ({ day, opens, closes })));
}

export async function insertOffice(tx: Queryable, tenantId: string, input: OfficeInput): Promise<Office> {
  const row = await one<OfficeRow>(tx, sql`
    insert into offices (tenant_id, name, street, postcode, city, opening_hours, opening_hours_note, phone, email, website, published, demo)
    values (${tenantId}, ${input.name}, ${input.street}, ${input.postcode}, ${input.city}, ${hoursJson(input)}::jsonb,
            ${input.openingHoursNote}, ${input.phone}, ${input.email}, ${input.website}, ${input.published}, ${input.demo})
    returning ${columns}`);
  return toOffice(row);
}

/** Updates an office of the tenant; undefined when the tenant has no such office. */
export async function updateOffice(tx: Queryable, tenantId: string, id: string, input: OfficeInput): Promise<Office | undefined> {
  const row = await maybeOne<OfficeRow>(tx, sql`
    update offices set name = ${input.name}, street = ${input.street}, postcode = ${input.postcode}, city = ${input.city},
      opening_hours = ${hoursJson(input)}::jsonb, opening_hours_note = ${input.openingHoursNote}, phone = ${input.phone},
      email = ${input.email}, website = ${input.website}, published = ${input.published}, demo = ${input.demo}, updated_at = now()
    where tenant_id = ${tenantId} and id = ${id}
    returning ${columns}`);
  return row && toOffice(row);
}

/** Whether the tenant already has an office of this name (other than `exceptId`). */
export async function officeNameTaken(tx: Queryable, tenantId: string, name: string, exceptId: string | null): Promise<boolean> {
  const row = await maybeOne(tx, sql`
    select 1 from offices where tenant_id = ${tenantId} and name = ${name} and (${exceptId}::uuid is null or id <> ${exceptId}::uuid)`);
  return row !== undefined;
}
