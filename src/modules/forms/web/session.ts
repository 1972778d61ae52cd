/**
 * What every application page needs: the published form from the URL, the browser's draft token
 * (cookie) and its draft, with the definition of the version the draft was started on. Anything
 * missing is "not found": another browser cannot tell a foreign draft from no draft.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/database.ts';
import { cookieOptions } from '../../../platform/http/request-context.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { hashDraftToken, isDraftToken, latestDraft, newDraftToken, type Draft, type DraftKey } from '../../submissions/index.ts';
import { findPublishedForm, type PublishedForm } from './published.ts';

export const draftCookie = 'kp_antrag';

export type FormParams = { tenantSlug: string; formSlug: string };
export type Deps = { db: Database; config: Config };

export function basePath(params: FormParams): string {
  return `/${encodeURIComponent(params.tenantSlug)}/antrag/${encodeURIComponent(params.formSlug)}`;
}

export async function requireForm(db: Database, params: FormParams, version?: number): Promise<PublishedForm> {
  const form = await findPublishedForm(db, params.tenantSlug, params.formSlug, version);
  if (!form) throw notFound();
  return form;
}

export function tokenHashOf(request: FastifyRequest): string | null {
  const token = request.cookies[draftCookie];
  return isDraftToken(token) ? hashDraftToken(token) : null;
}

/** The browser's token, issued now if it has none; kept as long as a draft lives. */
export function ensureToken(request: FastifyRequest, reply: FastifyReply, deps: Deps): string {
  const existing = request.cookies[draftCookie];
  const token = isDraftToken(existing) ? existing : newDraftToken();
  reply.setCookie(draftCookie, token, cookieOptions(deps.config.secureCookies, deps.config.draftLifetimeDays * 24 * 3600));
  return hashDraftToken(token);
}

export type Session = { form: PublishedForm; draft: Draft; key: DraftKey; userId: string | null };

/** The latest draft of this browser for the form (open or submitted) and the version it uses. */
export async function loadSession(deps: Deps, request: FastifyRequest, params: FormParams): Promise<Session> {
  const current = await requireForm(deps.db, params);
  const tokenHash = tokenHashOf(request);
  if (!tokenHash) throw notFound();
  const key = { tenantId: current.tenantId, formId: current.formId, tokenHash };
  const userId = request.user?.id ?? null;
  const draft = await deps.db.transaction({ tenantId: key.tenantId, userId }, (tx) => latestDraft(tx, key));
  if (!draft) throw notFound();
  const form = draft.version === current.version ? current : await requireForm(deps.db, params, draft.version);
  return { form, draft, key, userId };
}

/** Like loadSession, for pages that change the answers: a submitted draft is closed. */
export async function loadOpenSession(deps: Deps, request: FastifyRequest, params: FormParams): Promise<Session> {
  const session = await loadSession(deps, request, params);
  if (session.draft.submittedAt) throw notFound();
  return session;
}
