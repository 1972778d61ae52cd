import type { Database, Queryable, Scope } from '../../platform/db/database.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { findServiceByKey } from '../catalog/index.ts';
import { assertEditor, type EditorScope } from './access.ts';
import { removeResponsibilityRule, setResponsibilityRule } from './responsibility-rules.ts';
import { groupRules, type DistrictTenants, type RuleGroup, type RuleGroupInput } from './rule-admin-form.ts';
import { listRules } from './rules-store.ts';
import { listTenantsWithAddress } from './tenant-store.ts';

/** A rule group's identity in URLs: the service key and the responsible tenant's slug (or `selbst`). */
export type RuleGroupKey = { serviceKey: string; responsible: string };

/** The district and its municipalities by name; shared reference data, read in any scope. */
export async function districtTenants(tx: Queryable, districtId: string): Promise<DistrictTenants | undefined> {
  const tenants = await listTenantsWithAddress(tx);
  const district = tenants.find((tenant) => tenant.id === districtId);
  if (!district) return undefined;
  const municipalities = tenants.filter((tenant) => tenant.parentId === districtId).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  return { district, municipalities };
}

export async function findRuleGroup(tx: Queryable, tenants: DistrictTenants, key: RuleGroupKey): Promise<RuleGroup | undefined> {
  return groupRules(await listRules(tx, tenants.district.id), tenants).find((g) => g.serviceKey === key.serviceKey && g.responsible === key.responsible);
}

/**
 * The audited setResponsibilityRule/removeResponsibilityRule each open a transaction; handing them
 * this view of the database runs them inside ours, so a rule of many rows changes all or nothing.
 */
function sharing(db: Database, tx: Queryable): Database {
  return Object.assign(Object.create(db) as Database, {
    transaction: <T>(_scope: Scope, work: (inner: Queryable) => Promise<T>) => work(tx),
  });
}

/**
 * Creates (`previous` undefined) or changes a rule group: rows for municipalities no longer
 * chosen are removed, the others set — each write audited by the rule functions, all in one
 * transaction. A municipality may have one rule per service: choosing one that another rule of
 * the service already covers is an issue, so no rule is silently moved. A rule saved by staff
 * is checked data, hence never demo.
 */
export async function saveRuleGroup(
  db: Database,
  scope: EditorScope,
  tenants: DistrictTenants,
  previous: RuleGroupKey | undefined,
  input: RuleGroupInput,
): Promise<{ outcome: 'saved' | 'unchanged' | 'not_found' } | { outcome: 'invalid'; issues: ValidationIssue[] }> {
  return db.transaction(scope, async (tx) => {
    await assertEditor(tx, scope);
    if (!(await findServiceByKey(tx, input.serviceKey))) return { outcome: 'invalid', issues: [{ field: 'serviceKey', code: 'unknown' }] };
    const groups = groupRules(await listRules(tx, scope.tenantId), tenants);
    const own = previous && groups.find((g) => g.serviceKey === previous.serviceKey && g.responsible === previous.responsible);
    if (previous && !own) return { outcome: 'not_found' };
    const taken = groups.filter((g) => g !== own && g.serviceKey === input.serviceKey).flatMap((g) => g.municipalityIds);
    if (input.rows.some((row) => taken.includes(row.municipalityId))) return { outcome: 'invalid', issues: [{ field: 'municipalities', code: 'taken' }] };
    const shared = sharing(db, tx);
    let changed = false;
    for (const municipalityId of own?.municipalityIds ?? []) {
      if (input.rows.some((row) => row.municipalityId === municipalityId)) continue;
      changed = (await removeResponsibilityRule(shared, scope, input.serviceKey, municipalityId)) || changed;
    }
    for (const row of input.rows) {
      changed = (await setResponsibilityRule(shared, scope, { serviceKey: input.serviceKey, ...row, legalBasis: input.legalBasis, demo: false })) || changed;
    }
    return { outcome: changed ? 'saved' : 'unchanged' };
  });
}

/** Removes every row of a rule group (audited each), so the default applies again; false when there is no such rule. */
export async function removeRuleGroup(db: Database, scope: EditorScope, tenants: DistrictTenants, key: RuleGroupKey): Promise<boolean> {
  return db.transaction(scope, async (tx) => {
    await assertEditor(tx, scope);
    const group = await findRuleGroup(tx, tenants, key);
    if (!group) return false;
    const shared = sharing(db, tx);
    for (const municipalityId of group.municipalityIds) await removeResponsibilityRule(shared, scope, group.serviceKey, municipalityId);
    return true;
  });
}
