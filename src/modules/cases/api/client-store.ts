/**
 * API clients of the case API (migration 0026): created and revoked by a tenant's administrator,
 * each backed by a technical staff user whose membership (caseworker or reader) and office rows
 * carry its rights, so the case code's access rules apply to it unchanged. The token is shown
 * once; only its SHA-256 is stored. Creation and revocation are audited in their transaction.
 */
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import { hashToken, newToken } from '../../../platform/auth/tokens.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { maybeOne, noScope } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { uuidPattern } from '../office-access.ts';

export type ClientAccess = 'read' | 'act';
export type AdminScope = { tenantId: string; userId: string };

export type ApiClient = {
  id: string;
  name: string;
  access: ClientAccess;
  userId: string;
  offices: { id: string; name: string }[];
  createdAt: Date;
  createdBy: string | null;
  revokedAt: Date | null;
};

/** Tokens start with this prefix, so a leaked one is recognised by secret scanners and people. */
export const tokenPrefix = 'kpc_';
const tokenPattern = /^kpc_[A-Za-z0-9_-]{43}$/;

/**
 * The password hash of a technical user: not a PHC string, so verifyPassword never accepts any
 * password for it and the login page cannot sign it in.
 */
const noPassword = '!api-client';

export async function listApiClients(tx: Queryable, tenantId: string): Promise<ApiClient[]> {
  const rows = await tx.query<{ id: string; name: string; access: ClientAccess; user_id: string; created_at: Date; created_by: string | null; revoked_at: Date | null; offices: { id: string; name: string }[] | null }>(sql`
    select c.id, c.name, c.access, c.user_id, c.created_at, u.display_name as created_by, c.revoked_at,
           (select jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) order by o.name)
            from office_members m join offices o on o.tenant_id = m.tenant_id and o.id = m.office_id
            where m.tenant_id = c.tenant_id and m.user_id = c.user_id) as offices
    from case_api_clients c left join users u on u.id = c.created_by
    where c.tenant_id = ${tenantId}
    order by c.revoked_at is not null, c.created_at desc, c.id`);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    access: row.access,
    userId: row.user_id,
    offices: row.offices ?? [],
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
  }));
}

export type NewClient = { name: string; access: ClientAccess; officeIds: readonly string[] };
export type CreateOutcome = { kind: 'created'; clientId: string; token: string } | { kind: 'unknownOffice' };

/** Creates the client and its technical user; the token is returned here and nowhere else. */
export async function createApiClient(db: Database, admin: AdminScope, input: NewClient): Promise<CreateOutcome> {
  return db.transaction(admin, async (tx) => {
    const officeIds = [...new Set(input.officeIds)];
    if (officeIds.some((id) => !uuidPattern.test(id))) return { kind: 'unknownOffice' };
    if (officeIds.length > 0) {
      const found = await tx.query<{ id: string }>(sql`select id from offices where tenant_id = ${admin.tenantId} and id = any(${officeIds}::uuid[])`);
      if (found.length !== officeIds.length) return { kind: 'unknownOffice' };
    }
    const clientId = crypto.randomUUID();
    // A unique address under the reserved .invalid domain (RFC 2606): no mail can reach it, so
    // no password reset can give the technical user a password.
    const [user] = await tx.query<{ id: string }>(sql`
      insert into users (kind, email, password_hash, display_name, locale)
      values ('staff', ${`api-client-${clientId}@api-clients.invalid`}, ${noPassword}, ${`API: ${input.name}`}, 'de')
      returning id`);
    if (!user) throw new Error('technical user not created');
    const role = input.access === 'act' ? 'caseworker' : 'reader';
    await tx.query(sql`insert into tenant_memberships (tenant_id, user_id, role) values (${admin.tenantId}, ${user.id}, ${role})`);
    for (const officeId of officeIds) {
      await tx.query(sql`insert into office_members (tenant_id, office_id, user_id) values (${admin.tenantId}, ${officeId}, ${user.id})`);
    }
    const secret = newToken();
    const token = `${tokenPrefix}${secret.token}`;
    await tx.query(sql`
      insert into case_api_clients (tenant_id, id, user_id, name, access, token_hash, created_by)
      values (${admin.tenantId}, ${clientId}, ${user.id}, ${input.name}, ${input.access}, ${hashToken(token)}, ${admin.userId})`);
    await appendAudit(tx, {
      tenantId: admin.tenantId,
      actorId: admin.userId,
      action: 'case_api_client.created',
      subjectType: 'case_api_client',
      subjectId: clientId,
      data: { name: input.name, access: input.access, role, offices: officeIds, userId: user.id },
    });
    return { kind: 'created', clientId, token };
  });
}

/**
 * Revokes a client at once: the token stops matching (revoked_at), the technical user is disabled
 * and loses its membership and offices, so nothing it held survives. False when there is no such
 * active client in the tenant.
 */
export async function revokeApiClient(db: Database, admin: AdminScope, clientId: string): Promise<boolean> {
  if (!uuidPattern.test(clientId)) return false;
  return db.transaction(admin, async (tx) => {
    const row = await maybeOne<{ user_id: string; name: string }>(tx, sql`
      update case_api_clients set revoked_at = now(), revoked_by = ${admin.userId}
      where tenant_id = ${admin.tenantId} and id = ${clientId} and revoked_at is null
      returning user_id, name`);
    if (!row) return false;
    await tx.query(sql`update users set disabled_at = now() where id = ${row.user_id} and disabled_at is null`);
    await tx.query(sql`delete from office_members where tenant_id = ${admin.tenantId} and user_id = ${row.user_id}`);
    await tx.query(sql`delete from tenant_memberships where tenant_id = ${admin.tenantId} and user_id = ${row.user_id}`);
    await appendAudit(tx, {
      tenantId: admin.tenantId,
      actorId: admin.userId,
      action: 'case_api_client.revoked',
      subjectType: 'case_api_client',
      subjectId: clientId,
      data: { name: row.name, userId: row.user_id },
    });
    return true;
  });
}

export type TokenOwner = { clientId: string; tenantId: string; userId: string };

/** The active client of a bearer token, looked up by its hash before any tenant is known. */
export async function clientOfToken(db: Database, token: string): Promise<TokenOwner | undefined> {
  if (!tokenPattern.test(token)) return undefined;
  const row = await db.transaction(noScope, (tx) =>
    maybeOne<{ client_id: string; tenant_id: string; user_id: string }>(tx, sql`select client_id, tenant_id, user_id from case_api_client_of(${hashToken(token)})`),
  );
  return row && { clientId: row.client_id, tenantId: row.tenant_id, userId: row.user_id };
}
