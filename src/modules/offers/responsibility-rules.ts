import type { Database } from '../../platform/db/database.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { assertEditor, type EditorScope } from './access.ts';
import { deleteRule, findRule, listRules, upsertRule, type ResponsibilityRule } from './rules-store.ts';

export type RuleInput = Omit<ResponsibilityRule, 'districtId' | 'demo'> & { demo?: boolean };

/**
 * Creates or changes a responsibility rule of the acting district, audited in its chain. The
 * database refuses rules of a municipality (only districts keep them), for another district's
 * municipalities, or naming a tenant outside the district (trigger on responsibility_rules).
 * Returns false when the rule was already exactly so.
 */
export async function setResponsibilityRule(db: Database, scope: EditorScope, input: RuleInput): Promise<boolean> {
  return db.transaction(scope, async (tx) => {
    await assertEditor(tx, scope);
    const before = await findRule(tx, scope.tenantId, input.serviceKey, input.municipalityId);
    const rule: ResponsibilityRule = { ...input, districtId: scope.tenantId, demo: input.demo ?? false };
    if (!(await upsertRule(tx, rule))) return false;
    await appendAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.userId,
      action: before ? 'responsibility_rule.changed' : 'responsibility_rule.created',
      subjectType: 'responsibility_rule',
      subjectId: `${input.serviceKey}/${input.municipalityId}`,
      data: { before: before ?? null, after: rule },
    });
    return true;
  });
}

/** Removes a rule, so the default (the residents' own municipality) applies again; audited. */
export async function removeResponsibilityRule(db: Database, scope: EditorScope, serviceKey: string, municipalityId: string): Promise<boolean> {
  return db.transaction(scope, async (tx) => {
    await assertEditor(tx, scope);
    const before = await findRule(tx, scope.tenantId, serviceKey, municipalityId);
    if (!before || !(await deleteRule(tx, scope.tenantId, serviceKey, municipalityId))) return false;
    await appendAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.userId,
      action: 'responsibility_rule.removed',
      subjectType: 'responsibility_rule',
      subjectId: `${serviceKey}/${municipalityId}`,
      data: { before },
    });
    return true;
  });
}

export { listRules };
