/**
 * The status model of one service (/verwaltung/vorgaenge/einstellungen/:serviceKey/ablauf): for
 * the administrators and coordinators who edit the other case settings of their tenant; the same
 * checks (403 for everyone else, 404 for a service the tenant does not offer).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../../platform/db/database.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { seeOther } from '../../../../platform/http/page.ts';
import { translator } from '../../../../platform/i18n/i18n.ts';
import { issueMessages, type FormInput, type ValidationIssue } from '../../../../platform/validation.ts';
import { findServiceSettings } from '../../decisions/case-settings.ts';
import { requireSettingsEditor, serviceKeyPattern } from '../../decisions/web/settings-routes.ts';
import { readModelForm, valuesOf, type ModelFormValues } from '../form.ts';
import { statusModelMessages, type StatusModelMessageKey } from '../messages.ts';
import { currentModel, openCasesByVersion, saveModel } from '../store.ts';
import { modelPath } from '../../decisions/web/settings-view.ts';
import { statusModelPage } from './view.ts';

type Scope = { tenantId: string; userId: string };
type KeyParams = { Params: { serviceKey: string } };

/** `step-3-de` + `duplicate` → "stepDe.duplicate", worded with the step's number. */
function messagesOf(request: FastifyRequest, issues: readonly ValidationIssue[]) {
  const t = translator(statusModelMessages, request.locale);
  const keyOf = (issue: ValidationIssue): string => {
    if (issue.code === 'too_many') return 'steps.too_many';
    const part = /^step-\d+-(de|en|position)$/.exec(issue.field)?.[1] ?? '';
    return `step${part.charAt(0).toUpperCase()}${part.slice(1)}.${issue.code}`;
  };
  const byField = new Map(issues.map((issue) => [`${issue.field}.${issue.code}`, keyOf(issue)]));
  return issueMessages(issues, (key, params) => {
    const own = byField.get(key);
    return own && own in statusModelMessages[request.locale] ? t(own as StatusModelMessageKey, params) : undefined;
  }, request.locale);
}

export function statusModelRoutes(app: FastifyInstance, deps: { db: Database }): void {
  async function render(request: FastifyRequest, reply: FastifyReply, scope: Scope, serviceKey: string, form?: { values: ModelFormValues; issues: ValidationIssue[] }) {
    if (!serviceKeyPattern.test(serviceKey)) throw notFound();
    const loaded = await deps.db.transaction(scope, async (tx) => {
      const entry = await findServiceSettings(tx, scope.tenantId, serviceKey);
      if (!entry) return undefined;
      const current = await currentModel(tx, scope.tenantId, serviceKey);
      const open = await openCasesByVersion(tx, scope.tenantId, serviceKey);
      const openOnOlder = [...open].filter(([version]) => version !== current.version).reduce((sum, [, count]) => sum + count, 0);
      return { entry, current, openOnOlder };
    });
    if (!loaded) throw notFound();
    const saved = request.query && typeof request.query === 'object' ? (request.query as { hinweis?: string }).hinweis : undefined;
    reply.header('cache-control', 'private, no-store');
    return reply.page(statusModelPage({
      serviceKey,
      serviceName: loaded.entry.serviceName,
      current: loaded.current,
      openOnOlder: loaded.openOnOlder,
      values: form?.values ?? valuesOf(loaded.current),
      errors: form ? messagesOf(request, form.issues) : [],
      saved: form ? undefined : saved === 'gespeichert' ? 'changed' : saved === 'unveraendert' ? 'unchanged' : undefined,
    }, request.csrfToken(), request.locale));
  }

  app.get<KeyParams>(`${modelPath(':serviceKey')}`, async (request, reply) => {
    const scope = await requireSettingsEditor(deps.db, request, reply);
    if (!scope) return reply;
    return render(request, reply, scope, request.params.serviceKey);
  });

  app.post<KeyParams & { Body: FormInput | undefined }>(`${modelPath(':serviceKey')}`, async (request, reply) => {
    const scope = await requireSettingsEditor(deps.db, request, reply);
    if (!scope) return reply;
    const serviceKey = request.params.serviceKey;
    if (!serviceKeyPattern.test(serviceKey)) throw notFound();
    const outcome = await deps.db.transaction(scope, async (tx) => {
      if (!(await findServiceSettings(tx, scope.tenantId, serviceKey))) return undefined;
      const form = readModelForm(request.body, await currentModel(tx, scope.tenantId, serviceKey));
      if (form.issues.length > 0) return { form };
      return { saved: await saveModel(tx, scope, serviceKey, form.model) };
    });
    if (!outcome) throw notFound();
    if ('form' in outcome) return render(request, reply, scope, serviceKey, outcome.form);
    return seeOther(reply, `${modelPath(serviceKey)}?hinweis=${outcome.saved.changed ? 'gespeichert' : 'unveraendert'}`);
  });
}
