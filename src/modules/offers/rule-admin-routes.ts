import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/page.ts';
import type { FormInput } from '../../platform/validation.ts';
import { findServiceByKey } from '../catalog/index.ts';
import { hintOf, requireEditor, rethrowAccess, type EditorContext } from './back-office.ts';
import { groupRules, readRuleForm, ruleFormValues, type DistrictTenants } from './rule-admin-form.ts';
import { districtTenants, findRuleGroup, removeRuleGroup, saveRuleGroup } from './rule-admin-service.ts';
import { ruleFormPage, ruleListPage, type RuleHint } from './rule-admin-views.ts';
import { listRules } from './rules-store.ts';

type Deps = { db: Database };
type KeyParams = { Params: { serviceKey: string; responsible: string } };

const serviceKeyPattern = /^(99\d{12}|L[0-9a-f]{13})$/;
const slugPattern = /^[a-z0-9-]{1,80}$/;

/**
 * Only a district keeps responsibility rules (trigger on responsibility_rules), so only its
 * admins and coordinators may open these pages; a municipality's editors get 403.
 */
async function requireDistrictEditor(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<(EditorContext & { tenants: DistrictTenants }) | undefined> {
  const editor = await requireEditor(db, request, reply);
  if (!editor) return undefined;
  if (editor.tenant.kind !== 'kreis') throw forbidden();
  const tenants = await db.transaction(editor.scope, (tx) => districtTenants(tx, editor.scope.tenantId));
  if (!tenants) throw forbidden();
  return { ...editor, tenants };
}

function ruleKey(params: KeyParams['Params']) {
  if (!serviceKeyPattern.test(params.serviceKey) || !slugPattern.test(params.responsible)) throw notFound();
  return { serviceKey: params.serviceKey, responsible: params.responsible };
}

/** The notice after a redirect: the shared ones plus "removed", from a fixed list. */
function ruleHintOf(value: unknown): RuleHint | undefined {
  return value === 'entfernt' ? 'removed' : hintOf(value);
}

/**
 * Back office of responsibility rules (/verwaltung/zustaendigkeiten): list, create, edit and
 * remove the district's rules, shown grouped by service and responsible tenant. A rule is
 * addressed by service key and responsible slug (or `selbst`); one that does not exist is 404.
 * Every write goes through the audited rule functions, one transaction per form.
 */
export function ruleAdminRoutes(app: FastifyInstance, deps: Deps): void {
  const serviceName = (editor: EditorContext, key: string) => deps.db.transaction(editor.scope, async (tx) => (await findServiceByKey(tx, key))?.name);

  app.get<{ Querystring: { hinweis?: string } }>('/verwaltung/zustaendigkeiten', async (request, reply) => {
    const editor = await requireDistrictEditor(deps.db, request, reply);
    if (!editor) return reply;
    const { groups, serviceNames } = await deps.db.transaction(editor.scope, async (tx) => {
      const groups = groupRules(await listRules(tx, editor.scope.tenantId), editor.tenants);
      const serviceNames = new Map<string, string>();
      for (const key of new Set(groups.map((group) => group.serviceKey))) {
        const service = await findServiceByKey(tx, key);
        if (service) serviceNames.set(key, service.name);
      }
      return { groups, serviceNames };
    });
    return reply.page(ruleListPage(request.locale, request.csrfToken(), { tenants: editor.tenants, groups, serviceNames, hint: ruleHintOf(request.query.hinweis) }));
  });

  app.get('/verwaltung/zustaendigkeiten/neu', async (request, reply) => {
    const editor = await requireDistrictEditor(deps.db, request, reply);
    if (!editor) return reply;
    return reply.page(ruleFormPage(request.locale, request.csrfToken(), { tenants: editor.tenants, values: ruleFormValues(undefined, editor.tenants) }));
  });

  app.post<{ Body: FormInput | undefined }>('/verwaltung/zustaendigkeiten/neu', async (request, reply) => {
    const editor = await requireDistrictEditor(deps.db, request, reply);
    if (!editor) return reply;
    const { input, values, issues } = readRuleForm(request.body, editor.tenants);
    const result = issues.length === 0 ? await saveRuleGroup(deps.db, editor.scope, editor.tenants, undefined, input).catch(rethrowAccess) : { outcome: 'invalid' as const, issues };
    if (result.outcome === 'invalid') return reply.page(ruleFormPage(request.locale, request.csrfToken(), { tenants: editor.tenants, values, issues: result.issues }));
    return seeOther(reply, '/verwaltung/zustaendigkeiten?hinweis=angelegt');
  });

  app.get<KeyParams>('/verwaltung/zustaendigkeiten/:serviceKey/:responsible', async (request, reply) => {
    const editor = await requireDistrictEditor(deps.db, request, reply);
    if (!editor) return reply;
    const key = ruleKey(request.params);
    const group = await deps.db.transaction(editor.scope, (tx) => findRuleGroup(tx, editor.tenants, key));
    if (!group) throw notFound();
    const name = await serviceName(editor, group.serviceKey);
    return reply.page(ruleFormPage(request.locale, request.csrfToken(), { tenants: editor.tenants, group, serviceName: name, values: ruleFormValues(group, editor.tenants) }));
  });

  app.post<KeyParams & { Body: FormInput | undefined }>('/verwaltung/zustaendigkeiten/:serviceKey/:responsible', async (request, reply) => {
    const editor = await requireDistrictEditor(deps.db, request, reply);
    if (!editor) return reply;
    const key = ruleKey(request.params);
    const group = await deps.db.transaction(editor.scope, (tx) => findRuleGroup(tx, editor.tenants, key));
    if (!group) throw notFound();
    const { input, values, issues } = readRuleForm(request.body, editor.tenants, group.serviceKey);
    const result = issues.length === 0 ? await saveRuleGroup(deps.db, editor.scope, editor.tenants, key, input).catch(rethrowAccess) : { outcome: 'invalid' as const, issues };
    if (result.outcome === 'not_found') throw notFound();
    if (result.outcome === 'invalid') {
      const name = await serviceName(editor, group.serviceKey);
      return reply.page(ruleFormPage(request.locale, request.csrfToken(), { tenants: editor.tenants, group, serviceName: name, values, issues: result.issues }));
    }
    return seeOther(reply, `/verwaltung/zustaendigkeiten?hinweis=${result.outcome === 'saved' ? 'gespeichert' : 'unveraendert'}`);
  });

  app.post<KeyParams>('/verwaltung/zustaendigkeiten/:serviceKey/:responsible/entfernen', async (request, reply) => {
    const editor = await requireDistrictEditor(deps.db, request, reply);
    if (!editor) return reply;
    if (!(await removeRuleGroup(deps.db, editor.scope, editor.tenants, ruleKey(request.params)).catch(rethrowAccess))) throw notFound();
    return seeOther(reply, '/verwaltung/zustaendigkeiten?hinweis=entfernt');
  });
}
