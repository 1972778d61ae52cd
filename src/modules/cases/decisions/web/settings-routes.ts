/**
 * Case settings (/verwaltung/vorgaenge/einstellungen): per service of the tenant's offers the
 * four-eyes rule, the decision template and the processing days, plus the tenant's
 * Rechtsbehelfsbelehrung. For administrators and coordinators (who own the service catalogue of
 * their tenant); everyone else gets 403, and a service the tenant does not offer is 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesOf, tenantsWithRole } from '../../../../platform/auth/memberships.ts';
import type { StaffRole } from '../../../../platform/auth/roles.ts';
import type { Database } from '../../../../platform/db/database.ts';
import { maybeOne } from '../../../../platform/db/database.ts';
import { sql } from '../../../../platform/db/sql.ts';
import { forbidden, notFound } from '../../../../platform/http/errors.ts';
import { seeOther } from '../../../../platform/http/page.ts';
import { requireUser } from '../../../../platform/http/require-user.ts';
import { translator } from '../../../../platform/i18n/i18n.ts';
import { field, issueMessages, type FormInput, type ValidationIssue } from '../../../../platform/validation.ts';
import { findServiceSettings, listServiceSettings, saveServiceSettings, saveTenantLegalRemedy, tenantLegalRemedy, type ServiceSettings } from '../case-settings.ts';
import { decisionMessages, type DecisionMessageKey } from '../messages.ts';
import { modelSummaries } from '../../status-model/store.ts';
import { unknownPlaceholders } from '../placeholders.ts';
import { serviceSettingsPage, settingsListPage, settingsPath, storedValues } from './settings-view.ts';

type Deps = { db: Database };
type Scope = { tenantId: string; userId: string };

export const settingsRoles: readonly StaffRole[] = ['admin', 'coordinator'];
export const serviceKeyPattern = /^(99\d{12}|L[0-9a-f]{13})$/;

/** The acting tenant where the user is an administrator or coordinator; checked on every request. */
export async function requireSettingsEditor(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<Scope | undefined> {
  const user = requireUser(request, reply);
  if (!user) return undefined;
  if (user.kind !== 'staff') throw forbidden();
  const tenantId = user.activeTenantId ?? (await db.transaction({ tenantId: null, userId: user.id }, (tx) => tenantsWithRole(tx, user.id, settingsRoles)))[0];
  if (!tenantId) throw forbidden();
  const roles = await db.transaction({ tenantId, userId: user.id }, (tx) => rolesOf(tx, tenantId, user.id));
  if (!roles.some((role) => settingsRoles.includes(role))) throw forbidden();
  return { tenantId, userId: user.id };
}

/** Reads the service form: values to show again, settings to store, issues as codes. */
export function readServiceForm(body: FormInput | undefined): { values: Record<string, string>; settings: ServiceSettings; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const text = (name: string, max: number) => {
    const value = field(body, name).replace(/\r\n?/g, '\n');
    if (value.length > max) issues.push({ field: name, code: 'too_long', params: { max } });
    return value;
  };
  const values = {
    fourEyes: field(body, 'fourEyes') === 'ja' ? 'ja' : '',
    tenorDe: text('tenorDe', 20000),
    reasonsDe: text('reasonsDe', 50000),
    tenorEn: text('tenorEn', 20000),
    reasonsEn: text('reasonsEn', 50000),
    legalRemedyDe: text('legalRemedyDe', 10000),
    processingDays: field(body, 'processingDays'),
  };
  for (const name of ['tenorDe', 'reasonsDe', 'tenorEn', 'reasonsEn'] as const) {
    if (unknownPlaceholders(values[name]).length > 0) issues.push({ field: name, code: 'unknown_placeholder' });
  }
  if (values.reasonsDe && !values.tenorDe) issues.push({ field: 'reasonsDe', code: 'needs_tenor' });
  if (values.reasonsEn && !values.tenorEn) issues.push({ field: 'reasonsEn', code: 'needs_tenor' });
  const days = values.processingDays === '' ? null : /^\d{1,4}$/.test(values.processingDays) ? Number(values.processingDays) : Number.NaN;
  if (days !== null && !(days >= 0 && days <= 3650)) issues.push({ field: 'processingDays', code: 'invalid' });
  const orNull = (value: string) => (value === '' ? null : value);
  return {
    values,
    issues,
    settings: {
      fourEyes: values.fourEyes === 'ja',
      tenorDe: orNull(values.tenorDe),
      reasonsDe: orNull(values.reasonsDe),
      tenorEn: orNull(values.tenorEn),
      reasonsEn: orNull(values.reasonsEn),
      legalRemedyDe: orNull(values.legalRemedyDe),
      processingDays: days,
    },
  };
}

export function caseSettingsRoutes(app: FastifyInstance, deps: Deps): void {
  const messagesOf = (request: FastifyRequest, issues: readonly ValidationIssue[]) => {
    const t = translator(decisionMessages, request.locale);
    return issueMessages(issues, (key) => (key in decisionMessages[request.locale] ? t(key as DecisionMessageKey) : undefined), request.locale);
  };

  async function renderList(request: FastifyRequest, reply: FastifyReply, scope: Scope, values: Record<string, string> = {}, issues: ValidationIssue[] = [], saved = false) {
    const loaded = await deps.db.transaction(scope, async (tx) => ({
      tenant: await maybeOne<{ name: string }>(tx, sql`select name from tenants where id = ${scope.tenantId}`),
      entries: await listServiceSettings(tx, scope.tenantId),
      models: await modelSummaries(tx, scope.tenantId),
      legal: await tenantLegalRemedy(tx, scope.tenantId),
    }));
    reply.header('cache-control', 'private, no-store');
    return reply.page(settingsListPage({
      tenantName: loaded.tenant?.name ?? '',
      entries: loaded.entries,
      models: loaded.models,
      remedy: loaded.legal.remedy,
      customRemedy: loaded.legal.custom,
      values,
      errors: messagesOf(request, issues),
      saved,
    }, request.csrfToken(), request.locale));
  }

  app.get<{ Querystring: { hinweis?: string } }>(settingsPath, async (request, reply) => {
    const scope = await requireSettingsEditor(deps.db, request, reply);
    if (!scope) return reply;
    return renderList(request, reply, scope, {}, [], request.query.hinweis === 'gespeichert');
  });

  app.post<{ Body: FormInput | undefined }>(`${settingsPath}/rechtsbehelf`, async (request, reply) => {
    const scope = await requireSettingsEditor(deps.db, request, reply);
    if (!scope) return reply;
    const values = { legalRemedyDe: field(request.body, 'legalRemedyDe'), legalRemedyEn: field(request.body, 'legalRemedyEn') };
    const issues: ValidationIssue[] = [];
    if (values.legalRemedyDe === '') issues.push({ field: 'legalRemedyDe', code: 'required' });
    for (const name of ['legalRemedyDe', 'legalRemedyEn'] as const) {
      if (values[name].length > 10000) issues.push({ field: name, code: 'too_long', params: { max: 10000 } });
    }
    if (issues.length > 0) return renderList(request, reply, scope, values, issues);
    await deps.db.transaction(scope, (tx) => saveTenantLegalRemedy(tx, scope, { de: values.legalRemedyDe, en: values.legalRemedyEn || null }));
    return seeOther(reply, `${settingsPath}?hinweis=gespeichert`);
  });

  type KeyParams = { Params: { serviceKey: string } };

  async function entryOf(scope: Scope, serviceKey: string) {
    if (!serviceKeyPattern.test(serviceKey)) throw notFound();
    const entry = await deps.db.transaction(scope, (tx) => findServiceSettings(tx, scope.tenantId, serviceKey));
    if (!entry) throw notFound();
    return entry;
  }

  app.get<KeyParams>(`${settingsPath}/:serviceKey`, async (request, reply) => {
    const scope = await requireSettingsEditor(deps.db, request, reply);
    if (!scope) return reply;
    const entry = await entryOf(scope, request.params.serviceKey);
    reply.header('cache-control', 'private, no-store');
    return reply.page(serviceSettingsPage({ entry, values: storedValues(entry), errors: [] }, request.csrfToken(), request.locale));
  });

  app.post<KeyParams & { Body: FormInput | undefined }>(`${settingsPath}/:serviceKey`, async (request, reply) => {
    const scope = await requireSettingsEditor(deps.db, request, reply);
    if (!scope) return reply;
    const entry = await entryOf(scope, request.params.serviceKey);
    const { values, settings, issues } = readServiceForm(request.body);
    if (issues.length > 0) return reply.page(serviceSettingsPage({ entry, values, errors: messagesOf(request, issues) }, request.csrfToken(), request.locale));
    await deps.db.transaction(scope, (tx) => saveServiceSettings(tx, scope, entry.serviceKey, settings));
    return seeOther(reply, `${settingsPath}?hinweis=gespeichert`);
  });
}
