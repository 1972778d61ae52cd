/**
 * Who may work on a tenant's forms: its administrators and coordinators (the digitalisation
 * officers who own the online services). Caseworkers, records managers, readers and citizens
 * are refused. Every route under /verwaltung/formulare starts here.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRole } from '../../../platform/auth/roles.ts';
import type { Database } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import type { StaffScope } from '../store/index.ts';

export const formEditorRoles: readonly StaffRole[] = ['admin', 'coordinator'];

export type FormEditor = { scope: StaffScope; tenant: { id: string; slug: string; name: string } };

type TenantRow = { tenant_id: string; slug: string; name: string };

/**
 * The acting tenant and user: the session's active tenant when it has one (the role must hold
 * there), otherwise the first tenant by name in which the user is an editor. Signed-out visitors
 * go to the login page and come back; everyone else without the role gets 403.
 */
export async function requireFormEditor(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<FormEditor | undefined> {
  const user = request.user;
  if (!user) {
    seeOther(reply, `/anmelden?zurueck=${encodeURIComponent(request.url)}`);
    return undefined;
  }
  if (user.kind !== 'staff') throw forbidden();
  const active = user.activeTenantId === null ? sql`` : sql`and m.tenant_id = ${user.activeTenantId}`;
  // The membership policy shows a user their own memberships in a scope with the user set.
  const row = await db.transaction({ tenantId: null, userId: user.id }, (tx) =>
    maybeOne<TenantRow>(tx, sql`
      select m.tenant_id, t.slug, t.name from tenant_memberships m join tenants t on t.id = m.tenant_id
      where m.user_id = ${user.id} and m.role in (${sql.join([...formEditorRoles])}) ${active}
      order by t.name limit 1`),
  );
  if (!row) throw forbidden();
  return { scope: { tenantId: row.tenant_id, userId: user.id }, tenant: { id: row.tenant_id, slug: row.slug, name: row.name } };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A form id from the URL; anything that is not a UUID cannot name a form (404, not a database error). */
export function formIdParam(value: string): string {
  if (!uuidPattern.test(value)) throw notFound();
  return value;
}

/** A position (step, field, version number) from the URL. */
export function indexParam(value: string, min = 0): number {
  if (!/^\d{1,4}$/.test(value)) throw notFound();
  const index = Number(value);
  if (index < min) throw notFound();
  return index;
}
