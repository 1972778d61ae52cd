/**
 * The hub's start page, the member directory, the own profile and the personal calendar feed
 * (/kooperation/kalender/<token>.ics: calendar apps cannot sign in, so a secret token stands for
 * the member; it reads with the member's scope, so RLS applies as for the member's own pages).
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/page.ts';
import { rethrowHubAccess } from './access.ts';
import { listFeedEvents } from './events.ts';
import { buildCalendar } from './ical.ts';
import { readForm } from './form.ts';
import { calendarOwner, findProfile, listMembers, renewCalendarToken, saveProfile } from './members.ts';
import { membersPage, overviewPage, profilePage } from './members-views.ts';
import { berlinToday, loadOverview } from './overview.ts';
import { member, savedHint, type FormBody, type HubDeps } from './route-kit.ts';

export function memberRoutes(app: FastifyInstance, deps: HubDeps): void {
  const db = deps.db;

  app.get('/kooperation', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const overview = await db.transaction(hub.scope, (tx) => loadOverview(tx, hub.scope.userId, berlinToday()));
    return reply.page(overviewPage(request.locale, { districtName: deps.site.districtName, tenantName: hub.tenant.name, overview }));
  });

  app.get('/kooperation/mitglieder', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(membersPage(request.locale, await db.transaction(hub.scope, listMembers)));
  });

  const profileOf = async (scope: { tenantId: string; userId: string }) => {
    const profile = await db.transaction(scope, (tx) => findProfile(tx, scope.userId));
    if (!profile) throw notFound();
    return profile;
  };

  app.get('/kooperation/profil', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    return reply.page(profilePage(request.locale, request.csrfToken(), { profile: await profileOf(hub.scope), saved: savedHint(request.query) }));
  });

  app.post<FormBody>('/kooperation/profil', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const form = readForm(request.body);
    const roleTitle = form.text('roleTitle', { max: 200 });
    const topics = form.lines('topics', { maxLines: 20, maxLength: 100 });
    const phone = form.text('phone', { max: 50 });
    if (form.issues.length > 0) {
      return reply.page(profilePage(request.locale, request.csrfToken(), { profile: await profileOf(hub.scope), values: form.values, issues: form.issues }));
    }
    await saveProfile(db, hub.scope, { roleTitle, topics, phone }).catch(rethrowHubAccess);
    return seeOther(reply, '/kooperation/profil?gespeichert');
  });

  // The token is shown once, on the answer to this POST (not in a redirect URL that browsers keep).
  app.post('/kooperation/profil/kalender', async (request, reply) => {
    const hub = await member(deps, request, reply);
    if (!hub) return reply;
    const token = await renewCalendarToken(db, hub.scope).catch(rethrowHubAccess);
    const calendarUrl = `${deps.config.baseUrl}/kooperation/kalender/${token}.ics`;
    return reply.page(profilePage(request.locale, request.csrfToken(), { profile: await profileOf(hub.scope), calendarUrl }));
  });

  app.get<{ Params: { file: string } }>('/kooperation/kalender/:file', async (request, reply) => {
    const match = /^([A-Za-z0-9_-]+)\.ics$/.exec(request.params.file);
    const scope = match ? await calendarOwner(db, match[1]!) : undefined;
    if (!scope) throw notFound();
    // Still a coordinator? RLS shows no hub row otherwise; the feed is then empty, not an error
    // that would tell a guesser the token once existed.
    const events = await db.transaction(scope, (tx) => listFeedEvents(tx, scope.userId));
    const host = new URL(deps.config.baseUrl).host;
    const body = buildCalendar(
      events.map((event) => ({
        uid: `${event.id}@${host}`,
        start: event.startsAt,
        end: event.endsAt,
        summary: event.registered ? `${event.title} (angemeldet)` : event.title,
        description: [event.tenantName, event.agenda].filter(Boolean).join('\n\n'),
        location: event.location,
        lastModified: event.updatedAt,
        url: `${deps.config.baseUrl}/kooperation/termine/${event.id}`,
      })),
      { name: `Kooperation ${deps.site.districtName}`, now: new Date(), prodId: '-//Kreisportal//Kooperation//DE' },
    );
    return reply
      .header('cache-control', 'private, no-store')
      .header('x-robots-tag', 'noindex')
      .type('text/calendar; charset=utf-8')
      .send(body);
  });
}
