import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';
import { csrfBinding, csrfTokenFor } from './request-context.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function submittedToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
  if (typeof fromBody === 'string') return fromBody;
  const fromHeader = request.headers['x-csrf-token'];
  return typeof fromHeader === 'string' ? fromHeader : undefined;
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/**
 * Every state-changing request must carry the token rendered into its form (synchroniser token
 * bound to the session or anonymous browser, OWASP CSRF Prevention Cheat Sheet). A cross-site
 * Origin header is refused as well.
 */
export function registerCsrfProtection(app: FastifyInstance, secret: string): void {
  app.addHook('preHandler', async (request) => {
    if (!unsafeMethods.has(request.method)) return;
    // Routes that authenticate by an Authorization bearer token only and never by the session
    // cookie (the case API): a browser never adds that header on its own, so no forged request
    // can carry it, and there is no cookie-bound token to check.
    if (request.routeOptions.config.bearerOnly === true) return;
    const origin = request.headers.origin;
    if (origin && origin !== 'null') {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== request.headers.host) throw new HttpError(403, 'csrf');
    }
    const binding = csrfBinding(request);
    const token = submittedToken(request);
    if (!binding || !token || !equal(token, csrfTokenFor(secret, binding))) throw new HttpError(403, 'csrf');
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route accepts a bearer token only, never a session cookie: exempt from the CSRF check. */
    bearerOnly?: boolean;
  }
}
