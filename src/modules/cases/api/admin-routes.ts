/**
 * API clients of the case API, managed by the tenant's administrators (/verwaltung/api-zugaenge):
 * list, create (the token is shown once, in the answer to the creating POST, never stored), revoke.
 * Everyone else gets 403; another tenant's client is 404. Plain HTML forms with CSRF tokens.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesOf, tenantsWithRole } from '../../../platform/auth/memberships.ts';
import type { Database } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { field, issueMessages, type FormInput, type ValidationIssue } from '../../../platform/validation.ts';
import { clientsPage, clientsPath, type ClientsView } from './admin-view.ts';
import { createApiClient, listApiClients, revokeApiClient, type AdminScope, type ClientAccess } from './client-store.ts';
import { apiMessages, type ApiMessageKey } from './messages.ts';

/** The acting tenant where the user is an administrator; checked on every request. */
async function requireTenantAdmin(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<AdminScope | undefined> {
  const user = requireUser(request, reply);
  if (!user) return undefined;
  if (user.kind !== 'staff') throw forbidden();
  const tenantId = user.activeTenantId ?? (await db.transaction({ tenantId: null, userId: user.id }, (tx) => tenantsWithRole(tx, user.id, ['admin'])))[0];
  if (!tenantId) throw forbidden();
  const roles = await db.transaction({ tenantId, userId: user.id }, (tx) => rolesOf(tx, tenantId, user.id));
  if (!roles.includes('admin')) throw forbidden();
  return { tenantId, userId: user.id };
}

type Values = ClientsView['values'];

function readForm(body: FormInput | undefined): { values: Values; issues: ValidationIssue[] } {
  const raw = body?.offices;
  const offices = (Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string' && value !== '');
  const values = { name: field(body, 'name'), access: field(body, 'access'), offices };
  const issues: ValidationIssue[] = [];
  if (values.name === '') issues.push({ field: 'name', code: 'required' });
  else if (values.name.length > 100) issues.push({ field: 'name', code: 'too_long' });
  if (values.access !== 'read' && values.access !== 'act') issues.push({ field: 'access', code: 'required' });
  return { values, issues };
}

export function apiClientAdminRoutes(app: FastifyInstance, deps: { db: Database }): void {
  async function render(request: FastifyRequest, reply: FastifyReply, admin: AdminScope, extra: Partial<ClientsView> = {}, issues: ValidationIssue[] = []) {
    const loaded = await deps.db.transaction(admin, async (tx) => ({
      tenant: await maybeOne<{ name: string }>(tx, sql`select name from tenants where id = ${admin.tenantId}`),
      clients: await listApiClients(tx, admin.tenantId),
      offices: await tx.query<{ id: string; name: string }>(sql`select id, name from offices where tenant_id = ${admin.tenantId} order by name, id`),
    }));
    const t = translator(apiMessages, request.locale);
    const errors = issueMessages(issues, (key) => (key in apiMessages[request.locale] ? t(key as ApiMessageKey) : undefined), request.locale);
    // The page may show a token: never kept by any cache.
    reply.header('cache-control', 'private, no-store');
    return reply.page(clientsPage({
      tenantName: loaded.tenant?.name ?? '',
      clients: loaded.clients,
      offices: loaded.offices,
      values: { name: '', access: '', offices: [] },
      errors,
      revoked: false,
      ...extra,
    }, request.csrfToken(), request.locale));
  }

  app.get<{ Querystring: { hinweis?: string } }>(clientsPath, async (request, reply) => {
    const admin = await requireTenantAdmin(deps.db, request, reply);
    if (!admin) return reply;
    return render(request, reply, admin, { revoked: request.query.hinweis === 'widerrufen' });
  });

  app.post<{ Body: FormInput | undefined }>(clientsPath, async (request, reply) => {
    const admin = await requireTenantAdmin(deps.db, request, reply);
    if (!admin) return reply;
    const { values, issues } = readForm(request.body);
    if (issues.length > 0) return render(request, reply, admin, { values }, issues);
    const outcome = await createApiClient(deps.db, admin, { name: values.name, access: values.access as ClientAccess, officeIds: values.offices });
    if (outcome.kind === 'unknownOffice') return render(request, reply, admin, { values }, [{ field: 'offices', code: 'unknown' }]);
    // Answered directly (no redirect): the token exists only in this answer.
    return render(request, reply, admin, { created: { name: values.name, token: outcome.token } });
  });

  app.post<{ Params: { clientId: string } }>(`${clientsPath}/:clientId/widerrufen`, async (request, reply) => {
    const admin = await requireTenantAdmin(deps.db, request, reply);
    if (!admin) return reply;
    if (!(await revokeApiClient(deps.db, admin, request.params.clientId))) throw notFound();
    return seeOther(reply, `${clientsPath}?hinweis=widerrufen`);
  });
}
