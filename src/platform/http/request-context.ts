import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { noScope } from '../db/database.ts';
import { findSession, type SessionUser } from '../auth/sessions.ts';
import { defaultLocale, isLocale, type Locale } from '../i18n/i18n.ts';
import type { PageContext } from '../views/layout.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    user: SessionUser | null;
    /** Slug of the municipality the visitor said they live in, if any. */
    place: string | null;
    /** The CSRF token for forms on this page (bound to the session, or to the anonymous browser). */
    csrfToken(): string;
  }
}

export const cookieNames = { session: 'kp_session', language: 'kp_lang', anonymous: 'kp_anon', place: 'kp_ort' } as const;

/** Facts about the deployment every page shows: the district and the names of its places. */
export type SiteInfo = {
  districtName: string;
  /** Display name of each tenant by slug, to show the visitor's chosen place (Wohnort). */
  placeNames: ReadonlyMap<string, string>;
};

export type RequestContextOptions = {
  db: Database;
  secret: string;
  secureCookies: boolean;
  site: SiteInfo;
};

export function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax' as const,
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

/** CSRF token = HMAC(secret, what identifies this browser): no state on the server needed. */
export function csrfTokenFor(secret: string, binding: string): string {
  return crypto.createHmac('sha256', secret).update(binding).digest('base64url');
}

/** The binding of a request's CSRF token: its session, or its anonymous browser cookie. */
export function csrfBinding(request: FastifyRequest): string | undefined {
  if (request.user) return `s:${request.user.sessionHash}`;
  const anonymous = request.cookies[cookieNames.anonymous];
  return anonymous ? `a:${anonymous}` : undefined;
}

/** Decorates each request with its language, signed-in user and CSRF token. */
export function registerRequestContext(app: FastifyInstance, options: RequestContextOptions): void {
  app.decorateRequest('locale', defaultLocale);
  app.decorateRequest('user', null);
  app.decorateRequest('place', null);
  app.decorateRequest('csrfToken', function csrfToken(this: FastifyRequest): string {
    let binding = csrfBinding(this);
    if (!binding) {
      const anonymous = crypto.randomBytes(18).toString('base64url');
      this.cookies[cookieNames.anonymous] = anonymous;
      anonymousCookies.set(this, anonymous);
      binding = `a:${anonymous}`;
    }
    return csrfTokenFor(options.secret, binding);
  });

  const anonymousCookies = new WeakMap<FastifyRequest, string>();

  app.addHook('onRequest', async (request) => {
    const language = request.cookies[cookieNames.language];
    request.locale = isLocale(language) ? language : defaultLocale;
    const place = request.cookies[cookieNames.place];
    request.place = place && options.site.placeNames.has(place) ? place : null;
    const token = request.cookies[cookieNames.session];
    if (token && token.length <= 100) {
      request.user = await options.db.transaction(noScope, (tx) => findSession(tx, token));
    }
  });

  app.addHook('onSend', async (request, reply) => {
    const anonymous = anonymousCookies.get(request);
    if (anonymous) reply.setCookie(cookieNames.anonymous, anonymous, cookieOptions(options.secureCookies));
  });
}

export function pageContext(request: FastifyRequest, site: SiteInfo): PageContext {
  return {
    locale: request.locale,
    path: request.url,
    csrfToken: request.user ? request.csrfToken() : '',
    districtName: site.districtName,
    place: request.place ? { slug: request.place, name: site.placeNames.get(request.place) ?? request.place } : null,
    user: request.user ? { displayName: request.user.displayName, kind: request.user.kind } : null,
  };
}

export function sendHtml(reply: FastifyReply, status: number, body: { value: string }): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body.value);
}
