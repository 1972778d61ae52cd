import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { leistungsobjektKey } from './offer-store.ts';

/** A responsibility rule of a district: for `serviceKey`, `responsibleTenantId` serves `municipalityId`'s residents. */
export type ResponsibilityRule = {
  districtId: string;
  serviceKey: string;
  municipalityId: string;
  responsibleTenantId: string;
  legalBasis: string | null;
  demo: boolean;
};

type RuleRow = {
  tenant_id: string;
  service_key: string;
  municipality_id: string;
  responsible_tenant_id: string;
  legal_basis: string | null;
  demo: boolean;
};

const columns = sql`tenant_id, service_key, municipality_id, responsible_tenant_id, legal_basis, demo`;

function toRule(row: RuleRow): ResponsibilityRule {
  return {
    districtId: row.tenant_id,
    serviceKey: row.service_key,
    municipalityId: row.municipality_id,
    responsibleTenantId: row.responsible_tenant_id,
    legalBasis: row.legal_basis,
    demo: row.demo,
  };
}

/**
 * The rule that applies to a municipality's residents: the one on exactly this service, else the
 * one on its Leistungsobjekt. Only rules kept by the municipality's own district count.
 */
export async function findApplicableRule(tx: Queryable, serviceKey: string, municipalityId: string): Promise<ResponsibilityRule | undefined> {
  const row = await maybeOne<RuleRow>(tx, sql`
    select r.tenant_id, r.service_key, r.municipality_id, r.responsible_tenant_id, r.legal_basis, r.demo
    from responsibility_rules r join tenants m on m.id = r.municipality_id
    where r.municipality_id = ${municipalityId} and r.tenant_id = m.parent_id
      and r.service_key in (${serviceKey}, ${leistungsobjektKey(serviceKey)})
    order by r.service_key = ${serviceKey} desc limit 1`);
  return row && toRule(row);
}

export async function findRule(tx: Queryable, districtId: string, serviceKey: string, municipalityId: string): Promise<ResponsibilityRule | undefined> {
  const row = await maybeOne<RuleRow>(tx, sql`
    select ${columns} from responsibility_rules
    where tenant_id = ${districtId} and service_key = ${serviceKey} and municipality_id = ${municipalityId}`);
  return row && toRule(row);
}

export async function listRules(tx: Queryable, districtId: string): Promise<ResponsibilityRule[]> {
  const rows = await tx.query<RuleRow>(sql`
    select ${columns} from responsibility_rules where tenant_id = ${districtId} order by service_key, municipality_id`);
  return rows.map(toRule);
}

/** Creates or replaces a rule; returns whether anything changed. */
export async function upsertRule(tx: Queryable, rule: ResponsibilityRule): Promise<boolean> {
  const rows = await tx.query(sql`
    insert into responsibility_rules (tenant_id, service_key, municipality_id, responsible_tenant_id, legal_basis, demo)
    values (${rule.districtId}, ${rule.serviceKey}, ${rule.municipalityId}, ${rule.responsibleTenantId}, ${rule.legalBasis}, ${rule.demo})
    on conflict (tenant_id, service_key, municipality_id) do update
      set responsible_tenant_id = excluded.responsible_tenant_id, legal_basis = excluded.legal_basis, demo = excluded.demo, updated_at = now()
      where (responsibility_rules.responsible_tenant_id, responsibility_rules.legal_basis, responsibility_rules.demo)
        is distinct from (excluded.responsible_tenant_id, excluded.legal_basis, excluded.demo)
    returning service_key`);
  return rows.length === 1;
}

export async function deleteRule(tx: Queryable, districtId: string, serviceKey: string, municipalityId: string): Promise<boolean> {
  const rows = await tx.query(sql`
    delete from responsibility_rules where tenant_id = ${districtId} and service_key = ${serviceKey} and municipality_id = ${municipalityId}
    returning service_key`);
  return rows.length === 1;
}
