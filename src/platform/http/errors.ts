import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../views/html.ts';
import { translator } from '../i18n/i18n.ts';
import { platformMessages } from '../i18n/platform-messages.ts';
import { ConnectionAcquireError } from '../db/retry.ts';

/** An expected failure with an HTTP status and a message key from the platform catalog. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly kind: ErrorKind;
  constructor(statusCode: number, kind: ErrorKind) {
    super(kind);
    this.statusCode = statusCode;
    this.kind = kind;
  }
}

export type ErrorKind = 'notFound' | 'badRequest' | 'csrf' | 'tooMany' | 'tooLarge' | 'forbidden' | 'unavailable' | 'internal';

export const notFound = () => new HttpError(404, 'notFound');
export const forbidden = () => new HttpError(403, 'forbidden');

/** Errors of the database driver that mean "not reachable now", answered with 503. */
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

/**
 * The error, or what it wraps (a failed connection is wrapped by the driver's retry, retry.ts), says
 * the database is away. node-postgres reports a connection lost mid-transaction by message only
 * ("Connection terminated …", "Client has encountered a connection error and is not queryable").
 */
function isUnavailable(error: (Error & { code?: string }) | undefined, depth = 0): boolean {
  if (!error || depth > 3) return false;
  if (error instanceof ConnectionAcquireError) return true;
  if ((error.code !== undefined && unavailableCodes.has(error.code)) || /timeout exceeded when trying to connect|Connection terminated|is not queryable/i.test(error.message ?? '')) return true;
  return isUnavailable(error.cause as (Error & { code?: string }) | undefined, depth + 1);
}

export function classify(error: FastifyError & { code?: string }): { status: number; kind: ErrorKind } {
  if (error instanceof HttpError) return { status: error.statusCode, kind: error.kind };
  if (isUnavailable(error)) return { status: 503, kind: 'unavailable' };
  const status = error.statusCode ?? 500;
  if (status === 413) return { status, kind: 'tooLarge' };
  if (status === 429) return { status, kind: 'tooMany' };
  if (status === 403) return { status, kind: 'forbidden' };
  if (status === 404) return { status, kind: 'notFound' };
  if (status >= 400 && status < 500) return { status, kind: 'badRequest' };
  return { status: 500, kind: 'internal' };
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, kind: ErrorKind): FastifyReply {
  const t = translator(platformMessages, request.locale);
  const retryAfter = Number(reply.getHeader('retry-after') ?? (kind === 'unavailable' ? 30 : 60));
  if (kind === 'unavailable' || kind === 'tooMany') reply.header('retry-after', String(retryAfter));
  const body = t(`error.${kind}.body`, { reference: request.id, seconds: retryAfter });
  if (wantsJson(request)) {
    return reply.code(status).send({ error: { code: kind, message: body } });
  }
  return reply.page({
    status,
    title: t(`error.${kind}.title`),
    content: html`<h1 class="kern-heading-x-large">${t(`error.${kind}.title`)}</h1>
<p class="kern-body">${body}</p>
<p class="kern-body"><a class="kern-link" href="/">${t('error.backHome')}</a></p>`,
  });
}

/**
 * Every failure becomes a page in the user's language with the right 4xx/5xx status; details
 * and stack traces go to the log only (never to the browser).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'notFound'));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, kind } = classify(error);
    // A dependency that is away (503) is a warning: /readyz and the outage itself tell the operator;
    // the error level stays for what is a fault of ours (500), so it is not drowned in an outage.
    if (kind === 'unavailable') request.log.warn({ err: error }, 'dependency unavailable');
    else if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status }, error.message);
    return sendError(request, reply, status, kind);
  });
}
