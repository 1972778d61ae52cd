/**
 * Error answers of the case API, in the platform's JSON error format (`{ error: { code, message } }`,
 * src/platform/http/errors.ts) with the field and reason where the input was wrong, so a client's
 * developer sees what to fix. Bad input is always 400 with a message naming the problem, never 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { apiMessages, type ApiMessageKey } from './messages.ts';

/** API clients send no language cookie: the first language of Accept-Language, German by default. */
export function apiLocale(request: FastifyRequest): Locale {
  const first = (request.headers['accept-language'] ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'de';
}

export function apiText(request: FastifyRequest, key: ApiMessageKey, params?: Record<string, string | number>): string {
  return translator(apiMessages, apiLocale(request))(key, params);
}

export type Problem = { code: string; message: string; field?: string; reason?: string };

export function sendProblem(reply: FastifyReply, status: number, problem: Problem): FastifyReply {
  reply.header('cache-control', 'no-store');
  return reply.code(status).type('application/json; charset=utf-8').send({ error: problem });
}

/** 401 with the challenge of RFC 6750: no token, a malformed, unknown or revoked one. */
export function sendUnauthorized(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('www-authenticate', 'Bearer realm="kreisportal", error="invalid_token"');
  return sendProblem(reply, 401, { code: 'unauthorized', message: apiText(request, 'api.unauthorized') });
}

/** An action's `invalid` outcome as 400: `field` and `reason` for programs, the message for people. */
export function sendInvalid(request: FastifyRequest, reply: FastifyReply, field: string, reason: string): FastifyReply {
  const key = `api.invalid.${field}.${reason}`;
  const message = key in apiMessages.de ? apiText(request, key as ApiMessageKey) : apiText(request, 'api.invalid.other', { field, code: reason });
  return sendProblem(reply, 400, { code: 'badRequest', message, field, reason });
}

/**
 * Schema validation and body parsing failures of the API's routes name the problem (Fastify's own
 * message, e.g. "body/status must be string"); everything else goes on to the platform's handler.
 */
export function registerApiErrors(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    const parsing = error.statusCode === 400 && typeof error.code === 'string' && error.code.startsWith('FST_');
    if (error.validation || parsing) {
      request.log.info({ code: error.code, status: 400 }, error.message);
      return sendProblem(reply, 400, { code: 'badRequest', message: apiText(request, 'api.badRequest', { detail: error.message }) });
    }
    throw error;
  });
}
