import { field, type FormInput, type ValidationIssue } from '../../platform/validation.ts';
import { readText, type FormValues } from './form-parsing.ts';
import type { ResponsibilityRule } from './rules-store.ts';
import type { TenantRef } from './types.ts';

/** The responsible-tenant choice meaning "each municipality for its own residents". */
export const selfChoice = 'selbst';

/**
 * What the back office shows as one rule: the stored rows (one per service and municipality)
 * of a service that name the same responsible tenant — or each municipality itself, as the
 * seed's "self" rules do (Große and Mittlere kreisangehörige Städte, § 4 GO NRW). Identified by
 * the service key and `responsible` (a tenant slug or `selbst`).
 */
export type RuleGroup = {
  serviceKey: string;
  responsible: string;
  municipalityIds: string[];
  legalBases: string[];
  demo: boolean;
};

/** The district and its municipalities (by name): the choices of the rule form. */
export type DistrictTenants = { district: TenantRef; municipalities: TenantRef[] };

/** The rule form's parsed input: one row per municipality, all saved together. */
export type RuleGroupInput = {
  serviceKey: string;
  rows: { municipalityId: string; responsibleTenantId: string }[];
  legalBasis: string | null;
};

export function responsibleOf(rule: ResponsibilityRule, tenants: DistrictTenants): string {
  if (rule.responsibleTenantId === rule.municipalityId) return selfChoice;
  if (rule.responsibleTenantId === tenants.district.id) return tenants.district.slug;
  return tenants.municipalities.find((m) => m.id === rule.responsibleTenantId)?.slug ?? rule.responsibleTenantId;
}

/** Groups the stored rows into the rules the back office shows, in the store's order. */
export function groupRules(rules: readonly ResponsibilityRule[], tenants: DistrictTenants): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const rule of rules) {
    const responsible = responsibleOf(rule, tenants);
    const key = `${rule.serviceKey}/${responsible}`;
    const group = groups.get(key) ?? { serviceKey: rule.serviceKey, responsible, municipalityIds: [], legalBases: [], demo: false };
    group.municipalityIds.push(rule.municipalityId);
    if (rule.legalBasis !== null && !group.legalBases.includes(rule.legalBasis)) group.legalBases.push(rule.legalBasis);
    group.demo ||= rule.demo;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The checkbox of one municipality (one field each, so a form never needs repeated names). */
export const municipalityField = (slug: string) => `gemeinde-${slug}`;

/**
 * Reads the rule form. `serviceKey` is given when editing (it is part of the rule's identity)
 * and read from the form when creating; whether it exists in the catalog is checked by the
 * service. Municipalities are one checkbox each (plus "alle"), the responsible tenant a radio.
 */
export function readRuleForm(
  body: FormInput | undefined,
  tenants: DistrictTenants,
  serviceKeyOfRule?: string,
): { input: RuleGroupInput; values: FormValues; issues: ValidationIssue[] } {
  const values: FormValues = {};
  const issues: ValidationIssue[] = [];
  let serviceKey = serviceKeyOfRule ?? '';
  if (serviceKeyOfRule === undefined) {
    serviceKey = (readText(body, values, issues, 'serviceKey', 20, true) ?? '').replace(/\s/g, '');
    if (serviceKey !== '' && !/^(99\d{12}|L[0-9a-f]{13})$/.test(serviceKey)) issues.push({ field: 'serviceKey', code: 'invalid_key' });
  }
  const all = field(body, 'alle') === 'ja';
  values.alle = all ? 'ja' : '';
  const chosen = tenants.municipalities.filter((m) => {
    const checked = field(body, municipalityField(m.slug)) === 'ja';
    values[municipalityField(m.slug)] = checked ? 'ja' : '';
    return all || checked;
  });
  if (chosen.length === 0) issues.push({ field: 'municipalities', code: 'required' });
  const responsible = field(body, 'responsible');
  values.responsible = responsible;
  const responsibleTenant = [tenants.district, ...tenants.municipalities].find((tenant) => tenant.slug === responsible);
  if (responsible === '') issues.push({ field: 'responsible', code: 'required' });
  else if (responsible !== selfChoice && !responsibleTenant) issues.push({ field: 'responsible', code: 'invalid_choice' });
  const legalBasis = readText(body, values, issues, 'legalBasis', 1000);
  return {
    input: {
      serviceKey,
      rows: chosen.map((m) => ({ municipalityId: m.id, responsibleTenantId: responsible === selfChoice ? m.id : (responsibleTenant?.id ?? '') })),
      legalBasis,
    },
    values,
    issues,
  };
}

/** The form's strings for an existing rule (or the defaults of a new one: the district responsible). */
export function ruleFormValues(group: RuleGroup | undefined, tenants: DistrictTenants): FormValues {
  if (!group) return { responsible: tenants.district.slug };
  const values: FormValues = { serviceKey: group.serviceKey, responsible: group.responsible, legalBasis: group.legalBases.join('\n') };
  const everyone = tenants.municipalities.every((m) => group.municipalityIds.includes(m.id));
  if (everyone) values.alle = 'ja';
  for (const m of tenants.municipalities) values[municipalityField(m.slug)] = !everyone && group.municipalityIds.includes(m.id) ? 'ja' : '';
  return values;
}
