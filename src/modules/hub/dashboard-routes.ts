/**
 * /ozg-dashboard: public and read-only. It shows only published offers, which every visitor can
 * already see on the offer pages, so transparency costs no confidentiality (the issue asks for a
 * public transparency page); the hub links to it rather than keeping a second, internal copy.
 */
import type { FastifyInstance } from 'fastify';
import { noScope } from '../../platform/db/database.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { toCsv } from '../../platform/csv.ts';
import { cellKey, dashboardTenants, filterChoices, loadHistory, loadMatrix, type DashboardFilter } from './dashboard.ts';
import { dashboardPage } from './dashboard-views.ts';
import { dashboardMessages } from './messages-dashboard.ts';
import type { HubDeps } from './route-kit.ts';

type Query = { Querystring: Record<string, string | string[] | undefined> };

function readFilter(query: Record<string, string | string[] | undefined>, slugs: Set<string>): DashboardFilter {
  const number = (name: string, max: number) => {
    const value = query[name];
    return typeof value === 'string' && /^\d{1,6}$/.test(value) && Number(value) <= max ? Number(value) : null;
  };
  const tenant = query.kommune;
  return {
    themenfeld: number('themenfeld', 999_999),
    lebenslage: number('lebenslage', 999_999),
    minLevel: number('mindeststufe', 4),
    tenant: typeof tenant === 'string' && slugs.has(tenant) ? tenant : null,
  };
}

export function dashboardRoutes(app: FastifyInstance, deps: HubDeps): void {
  const load = (query: Record<string, string | string[] | undefined>) =>
    deps.db.transaction(noScope, async (tx) => {
      const allTenants = await dashboardTenants(tx, { tenant: null });
      const filter = readFilter(query, new Set(allTenants.map((tenant) => tenant.slug)));
      const matrix = await loadMatrix(tx, filter);
      return { allTenants, filter, matrix, choices: await filterChoices(tx), history: await loadHistory(tx, matrix.tenants.map((tenant) => tenant.id)) };
    });

  app.get<Query>('/ozg-dashboard', async (request, reply) => {
    const state = await load(request.query);
    // Shared caches may keep the page only for anonymous visitors: a signed-in member's page shows
    // their name and carries the logout form's CSRF token, so it gets no-store (security.ts). The
    // language comes from a cookie, so a shared cache keeps one copy per cookie (RFC 9110 §12.5.5).
    if (request.user === null) reply.header('cache-control', 'public, max-age=300').header('vary', 'Cookie');
    return reply.page(dashboardPage(request.locale, { districtName: deps.site.districtName, ...state }));
  });

  app.get<Query>('/ozg-dashboard/matrix.csv', async (request, reply) => {
    const { matrix } = await load(request.query);
    const t = translator(dashboardMessages, request.locale);
    const csv = toCsv(
      [t('csv.themenfeld'), t('csv.lebenslage'), t('csv.service'), t('csv.key'), ...matrix.tenants.map((tenant) => tenant.name)],
      matrix.rows.map((row) => [
        row.themenfeld,
        row.lebenslage,
        row.serviceName,
        row.serviceKey,
        ...matrix.tenants.map((tenant) => {
          const cell = matrix.cells.get(cellKey(tenant.id, row.serviceKey));
          return cell ? (cell.level ?? t('level.none')) : null;
        }),
      ]),
    );
    return reply.header('content-disposition', 'attachment; filename="ozg-dashboard.csv"').type('text/csv; charset=utf-8; header=present').send(csv);
  });
}
