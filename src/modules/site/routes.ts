import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { noScope } from '../../platform/db/database.ts';
import { html } from '../../platform/views/html.ts';
import { translator, isLocale } from '../../platform/i18n/i18n.ts';
import { notFound } from '../../platform/http/errors.ts';
import { safeLocalPath, seeOther } from '../../platform/http/page.ts';
import { cookieNames, type SiteInfo } from '../../platform/http/request-context.ts';
import { findDistrict } from '../tenants/index.ts';
import { siteMessages } from './messages.ts';

/** The legal pages every German public website links, and the language switch. */
export function siteRoutes(app: FastifyInstance, deps: { db: Database; site: SiteInfo; config: { secureCookies: boolean } }): void {
  app.get<{ Params: { locale: string }; Querystring: { zurueck?: string } }>('/sprache/:locale', async (request, reply) => {
    if (!isLocale(request.params.locale)) throw notFound();
    reply.setCookie(cookieNames.language, request.params.locale, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
      maxAge: 365 * 24 * 3600,
    });
    return seeOther(reply, safeLocalPath(request.query.zurueck));
  });

  app.get('/impressum', async (request, reply) => {
    const t = translator(siteMessages, request.locale);
    const district = await deps.db.transaction(noScope, (tx) => findDistrict(tx));
    return reply.page({
      title: t('imprint.title'),
      content: html`<h1 class="kern-heading-x-large">${t('imprint.title')}</h1>
<p class="kern-body">${t('imprint.body', { district: deps.site.districtName })}</p>
${district
  ? html`<h2 class="kern-heading-medium">${t('imprint.address')}</h2>
<address class="kern-body">${district.officialName}<br>${district.street ?? ''}<br>${district.postcode ?? ''} ${district.city ?? ''}</address>`
  : ''}`,
    });
  });

  app.get('/datenschutz', async (request, reply) => {
    const t = translator(siteMessages, request.locale);
    return reply.page({
      title: t('privacy.title'),
      content: html`<h1 class="kern-heading-x-large">${t('privacy.title')}</h1>
<p class="kern-body">${t('privacy.body')}</p>
<p class="kern-body">${t('privacy.cookies')}</p>
<p class="kern-body">${t('privacy.rights')}</p>`,
    });
  });

  app.get('/barrierefreiheit', async (request, reply) => {
    const t = translator(siteMessages, request.locale);
    return reply.page({
      title: t('accessibility.title'),
      content: html`<h1 class="kern-heading-x-large">${t('accessibility.title')}</h1>
<p class="kern-body">${t('accessibility.body', { district: deps.site.districtName })}</p>
<p class="kern-body">${t('accessibility.status')}</p>
<p class="kern-body">${t('accessibility.feedback')}</p>`,
    });
  });
}
