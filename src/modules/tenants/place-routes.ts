import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { noScope } from '../../platform/db/database.ts';
import { cookieNames, type SiteInfo } from '../../platform/http/request-context.ts';
import { safeLocalPath, seeOther } from '../../platform/http/page.ts';
import { field, type FormInput } from '../../platform/validation.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { tenantMessages } from './messages.ts';
import { resolvePlace } from './place.ts';
import { listTenants } from './store.ts';
import { ambiguousPlacePage, placePage } from './place-views.ts';

const oneYear = 365 * 24 * 3600;

/**
 * Choosing where one lives (Wohnort): by postcode, place name or from the list. The choice is
 * kept in a cookie on this device, shown on every page and changeable from anywhere.
 */
export function placeRoutes(app: FastifyInstance, deps: { db: Database; site: SiteInfo; config: { secureCookies: boolean } }): void {
  const municipalities = async () => (await deps.db.transaction(noScope, (tx) => listTenants(tx))).filter((t) => t.kind !== 'kreis');

  app.get<{ Querystring: { zurueck?: string } }>('/wohnort', async (request, reply) => {
    const back = safeLocalPath(request.query.zurueck);
    return reply.page(placePage(request.locale, request.csrfToken(), { municipalities: await municipalities(), back, current: request.place }));
  });

  app.post<{ Body: FormInput | undefined; Querystring: { zurueck?: string } }>('/wohnort', async (request, reply) => {
    const t = translator(tenantMessages, request.locale);
    const back = safeLocalPath(request.query.zurueck);
    const typed = field(request.body, 'ort').slice(0, 100);
    const chosen = field(request.body, 'gemeinde');
    const all = await municipalities();
    const remember = (slug: string) => {
      reply.setCookie(cookieNames.place, slug, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, maxAge: oneYear });
      return seeOther(reply, back);
    };
    const again = (message: string) =>
      reply.page(placePage(request.locale, request.csrfToken(), { municipalities: all, back, current: request.place, input: typed, error: { field: 'ort', message } }));

    if (typed === '') {
      if (chosen && all.some((m) => m.slug === chosen)) return remember(chosen);
      return again(t('place.required'));
    }
    const result = await deps.db.transaction(noScope, (tx) => resolvePlace(tx, typed));
    switch (result.kind) {
      case 'found':
        return remember(result.tenant.slug);
      case 'ambiguous':
        // The answer to "which one?" comes back with the postcode and one of its municipalities.
        if (chosen && result.tenants.some((tenant) => tenant.slug === chosen)) return remember(chosen);
        return reply.page(ambiguousPlacePage(request.locale, request.csrfToken(), { postcode: typed, tenants: result.tenants, back, missing: field(request.body, 'nachfrage') === '1' }));
      case 'outside':
        return again(t('place.outside', { district: deps.site.districtName }));
      case 'unknown':
        return again(t('place.unknown'));
    }
  });
}
