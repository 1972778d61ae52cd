import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';

export type RateLimits = {
  /** Requests per minute per client address to any POST route. */
  postPerMinute: number;
  /** Attempts per minute per client address at login, registration and password reset. */
  loginPerMinute: number;
};

export const defaultRateLimits: RateLimits = { postPerMinute: 60, loginPerMinute: 10 };

/**
 * Security headers (a strict Content Security Policy without inline scripts or styles, no
 * framing, no referrer leaks) and rate limits on every POST, stricter on login.
 */
export async function registerSecurity(app: FastifyInstance, limits: RateLimits): Promise<void> {
  // Built once: helmet parses its options and the policy when it is created, so making it per
  // request (as the Fastify wrapper does) cost a few percent of every request's CPU.
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
  // Personal pages and pages with a form (their CSRF token is bound to the visitor) must never be
  // kept by a shared cache or the browser's back-forward history (OWASP ASVS 8.2.1).
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.hasHeader('cache-control') || !String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    const personal = request.user || (typeof payload === 'string' && payload.includes('name="_csrf"'));
    if (personal) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST')) return;
    const strict = (route.config as { rateLimitKind?: string } | undefined)?.rateLimitKind === 'login';
    route.config = {
      ...(route.config ?? {}),
      rateLimit: { max: strict ? limits.loginPerMinute : limits.postPerMinute, timeWindow: 60_000 },
    };
  });
  // After the hook above: the plugin reads each route's `rateLimit` config when the route is added.
  await app.register(rateLimit, { global: false });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `login` applies the stricter limit for credential forms. */
    rateLimitKind?: 'login';
  }
}
