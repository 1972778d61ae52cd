import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { newToken, hashToken } from '../../platform/auth/tokens.ts';
import { createHash } from 'node:crypto';
import type { Membership, StaffRole } from '../../platform/auth/roles.ts';

export type UserRow = {
  id: string;
  kind: 'citizen' | 'staff';
  email: string;
  email_verified_at: Date | null;
  password_hash: string;
  display_name: string;
  locale: 'de' | 'en';
  disabled_at: Date | null;
};

export type TokenPurpose = 'verify_email' | 'reset_password';

export async function findUserByEmail(tx: Queryable, email: string): Promise<UserRow | undefined> {
  return maybeOne<UserRow>(tx, sql`select * from users where lower(email) = lower(${email})`);
}

export async function insertUser(
  tx: Queryable,
  user: { kind: 'citizen' | 'staff'; email: string; passwordHash: string; displayName: string; locale: string; verified: boolean },
): Promise<string> {
  const rows = await tx.query<{ id: string }>(sql`
    insert into users (kind, email, password_hash, display_name, locale, email_verified_at)
    values (${user.kind}, ${user.email}, ${user.passwordHash}, ${user.displayName}, ${user.locale}, ${user.verified ? new Date() : null})
    returning id`);
  return rows[0]!.id;
}

export async function createAccountToken(tx: Queryable, userId: string, purpose: TokenPurpose, validHours: number): Promise<string> {
  const { token, hash } = newToken();
  await tx.query(sql`
    insert into account_tokens (token_hash, user_id, purpose, expires_at)
    values (${hash}, ${userId}, ${purpose}, now() + make_interval(hours => ${validHours}))`);
  return token;
}

/** Marks a valid, unused token as used and returns its user; the row lock makes it single-use. */
export async function consumeAccountToken(tx: Queryable, token: string, purpose: TokenPurpose): Promise<string | undefined> {
  const row = await maybeOne<{ user_id: string }>(tx, sql`
    update account_tokens set used_at = now()
    where token_hash = ${hashToken(token)} and purpose = ${purpose} and used_at is null and expires_at > now()
    returning user_id`);
  return row?.user_id;
}

export async function isAccountTokenValid(tx: Queryable, token: string, purpose: TokenPurpose): Promise<boolean> {
  const row = await maybeOne(tx, sql`
    select 1 from account_tokens where token_hash = ${hashToken(token)} and purpose = ${purpose} and used_at is null and expires_at > now()`);
  return row !== undefined;
}

export async function membershipsOf(tx: Queryable, userId: string): Promise<Membership[]> {
  const rows = await tx.query<{ tenant_id: string; slug: string; name: string; role: StaffRole }>(sql`
    select m.tenant_id, t.slug, t.name, m.role from tenant_memberships m join tenants t on t.id = m.tenant_id
    where m.user_id = ${userId} order by t.name, m.role`);
  return rows.map((r) => ({ tenantId: r.tenant_id, tenantSlug: r.slug, tenantName: r.name, role: r.role }));
}

/** Failed logins are counted per address (not per account), stored as the hash of the lower-cased address. */
export function loginKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** When the address is locked, the end of the lock. */
export async function lockedUntil(tx: Queryable, key: string): Promise<Date | undefined> {
  const row = await maybeOne<{ locked_until: Date }>(tx, sql`select locked_until from login_locks where email_hash = ${key} and locked_until > now()`);
  return row?.locked_until;
}

/**
 * Records a failed login; when `limit` failures fall within `windowMinutes`, locks the address
 * for `lockMinutes` and starts counting anew. Returns whether this failure locked it.
 */
export async function recordLoginFailure(tx: Queryable, key: string, policy: { limit: number; windowMinutes: number; lockMinutes: number }): Promise<boolean> {
  await tx.query(sql`delete from login_failures where email_hash = ${key} and failed_at <= now() - make_interval(mins => ${policy.windowMinutes})`);
  await tx.query(sql`insert into login_failures (email_hash) values (${key})`);
  const [row] = await tx.query<{ n: number }>(sql`select count(*)::int as n from login_failures where email_hash = ${key}`);
  if ((row?.n ?? 0) < policy.limit) return false;
  await tx.query(sql`
    insert into login_locks (email_hash, locked_until) values (${key}, now() + make_interval(mins => ${policy.lockMinutes}))
    on conflict (email_hash) do update set locked_until = excluded.locked_until`);
  await tx.query(sql`delete from login_failures where email_hash = ${key}`);
  return true;
}

export async function clearLoginFailures(tx: Queryable, key: string): Promise<void> {
  await tx.query(sql`delete from login_failures where email_hash = ${key}`);
  await tx.query(sql`delete from login_locks where email_hash = ${key}`);
}
