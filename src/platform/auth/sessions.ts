import type { Queryable } from '../db/database.ts';
import { maybeOne } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { hashToken, newToken } from './tokens.ts';

/** Sessions live in the database, so any app server can serve any request (stateless servers). */
export const sessionLifetimeHours = 12;

export type SessionUser = {
  sessionHash: string;
  id: string;
  kind: 'citizen' | 'staff';
  email: string;
  displayName: string;
  emailVerified: boolean;
  activeTenantId: string | null;
};

export async function createSession(tx: Queryable, userId: string, activeTenantId: string | null): Promise<string> {
  const { token, hash } = newToken();
  await tx.query(sql`
    insert into sessions (token_hash, user_id, active_tenant_id, expires_at)
    values (${hash}, ${userId}, ${activeTenantId}, now() + make_interval(hours => ${sessionLifetimeHours}))`);
  return token;
}

type Row = {
  token_hash: string;
  id: string;
  kind: 'citizen' | 'staff';
  email: string;
  display_name: string;
  email_verified_at: Date | null;
  active_tenant_id: string | null;
};

/** The signed-in user of a session cookie, or null when it is unknown, expired or disabled. */
export async function findSession(tx: Queryable, token: string): Promise<SessionUser | null> {
  const row = await maybeOne<Row>(
    tx,
    sql`select s.token_hash, u.id, u.kind, u.email, u.display_name, u.email_verified_at, s.active_tenant_id
        from sessions s join users u on u.id = s.user_id
        where s.token_hash = ${hashToken(token)} and s.expires_at > now() and u.disabled_at is null`,
  );
  if (!row) return null;
  return {
    sessionHash: row.token_hash,
    id: row.id,
    kind: row.kind,
    email: row.email,
    displayName: row.display_name,
    emailVerified: row.email_verified_at !== null,
    activeTenantId: row.active_tenant_id,
  };
}

export async function deleteSession(tx: Queryable, sessionHash: string): Promise<void> {
  await tx.query(sql`delete from sessions where token_hash = ${sessionHash}`);
}

/** Ends every session of a user, e.g. after a password reset. */
export async function deleteSessionsOfUser(tx: Queryable, userId: string): Promise<void> {
  await tx.query(sql`delete from sessions where user_id = ${userId}`);
}
