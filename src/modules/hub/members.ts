/** Members (profiles), the district's tenants and the personal calendar token. */
import crypto from 'node:crypto';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { hubWrite, type HubScope } from './access.ts';

export type TenantRef = { id: string; slug: string; name: string; kind: 'kreis' | 'stadt' | 'gemeinde' };

/** The Kreis first, then its towns and municipalities by name: the tenants of the acting tenant's district. */
export async function listDistrictTenants(tx: Queryable, tenantId: string): Promise<TenantRef[]> {
  return tx.query<TenantRef>(sql`
    select t.id, t.slug, t.name, t.kind from tenants t
    where coalesce(t.parent_id, t.id) = hub_district_of(${tenantId})
    order by (t.kind = 'kreis') desc, t.name`);
}

export type Member = { userId: string; name: string; email: string; tenantName: string; roleTitle: string; topics: string[]; phone: string };

export async function listMembers(tx: Queryable): Promise<Member[]> {
  return tx.query<Member>(sql`
    select p.user_id as "userId", u.display_name as name, u.email, t.name as "tenantName",
           p.role_title as "roleTitle", p.topics, p.phone
    from hub_profiles p join users u on u.id = p.user_id join tenants t on t.id = p.tenant_id
    where u.disabled_at is null
    order by (t.kind = 'kreis') desc, t.name, u.display_name`);
}

export type Profile = { roleTitle: string; topics: string[]; phone: string; hasCalendar: boolean };

export async function findProfile(tx: Queryable, userId: string): Promise<Profile | undefined> {
  return maybeOne<Profile>(tx, sql`
    select role_title as "roleTitle", topics, phone, calendar_token_hash is not null as "hasCalendar"
    from hub_profiles where user_id = ${userId}`);
}

export async function saveProfile(db: Database, scope: HubScope, input: { roleTitle: string; topics: string[]; phone: string }): Promise<void> {
  await hubWrite(db, scope, async (tx, audit) => {
    await tx.query(sql`
      update hub_profiles set role_title = ${input.roleTitle}, topics = ${input.topics}::text[], phone = ${input.phone}, updated_at = now()
      where user_id = ${scope.userId}`);
    await audit('hub.profile_saved', 'hub_profile', scope.userId, input);
  });
}

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** A new secret calendar token (the old one stops working); only its SHA-256 is stored. */
export async function renewCalendarToken(db: Database, scope: HubScope): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await hubWrite(db, scope, async (tx, audit) => {
    await tx.query(sql`update hub_profiles set calendar_token_hash = ${hashToken(token)}, updated_at = now() where user_id = ${scope.userId}`);
    await audit('hub.calendar_token_renewed', 'hub_profile', scope.userId);
  });
  return token;
}

/** The member a calendar token belongs to, if any (looked up before any scope exists). */
export async function calendarOwner(db: Database, token: string): Promise<HubScope | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = await db.transaction({ tenantId: null, userId: null }, (tx) =>
    maybeOne<{ user_id: string; tenant_id: string }>(tx, sql`select user_id, tenant_id from hub_calendar_owner(${hashToken(token)})`),
  );
  return row ? { tenantId: row.tenant_id, userId: row.user_id } : undefined;
}
