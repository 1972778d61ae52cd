import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser } from '../auth/sessions.ts';
import { seeOther } from './page.ts';

/** Sends signed-out users to the login page and back to this address afterwards. */
export function requireUser(request: FastifyRequest, reply: FastifyReply): SessionUser | undefined {
  if (request.user) return request.user;
  seeOther(reply, `/anmelden?zurueck=${encodeURIComponent(request.url)}`);
  return undefined;
}
