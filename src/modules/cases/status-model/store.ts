/**
 * Reading and writing status models (migration 0027). Reads run in the tenant's scope, so RLS
 * keeps every model inside its tenant. Saving appends a version; nothing is updated in place.
 */
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { defaultStatusModel, sameModel, type StatusModel, type WorkStep } from './model.ts';

/** A row of case_status_models as read here and by findCase (case-store.ts). */
export type StatusModelRow = { version: number; steps: WorkStep[]; queries: boolean; direct_decision: boolean; any_order: boolean };

export const toModel = (row: StatusModelRow): StatusModel => ({
  version: row.version,
  steps: row.steps,
  queries: row.queries,
  directDecision: row.direct_decision,
  anyOrder: row.any_order,
});

/** The model a case follows: the version it was received with, or the default. */
export async function modelOfCase(tx: Queryable, current: { tenantId: string; serviceKey: string | null; statusModelVersion: number | null }): Promise<StatusModel> {
  if (current.statusModelVersion === null || current.serviceKey === null) return defaultStatusModel;
  const row = await maybeOne<StatusModelRow>(tx, sql`
    select version, steps, queries, direct_decision, any_order from case_status_models
    where tenant_id = ${current.tenantId} and service_key = ${current.serviceKey} and version = ${current.statusModelVersion}`);
  return row ? toModel(row) : defaultStatusModel;
}

/** The model new cases of the service receive: its latest version, or the default. */
export async function currentModel(tx: Queryable, tenantId: string, serviceKey: string): Promise<StatusModel> {
  const row = await maybeOne<StatusModelRow>(tx, sql`
    select version, steps, queries, direct_decision, any_order from case_status_models
    where tenant_id = ${tenantId} and service_key = ${serviceKey} order by version desc limit 1`);
  return row ? toModel(row) : defaultStatusModel;
}

/** How many open cases still follow each older version (shown when a model changes). */
export async function openCasesByVersion(tx: Queryable, tenantId: string, serviceKey: string): Promise<Map<number | null, number>> {
  const rows = await tx.query<{ version: number | null; cases: number }>(sql`
    select status_model_version as version, count(*)::integer as cases from cases
    where tenant_id = ${tenantId} and service_key = ${serviceKey} and closed_at is null
    group by status_model_version`);
  return new Map(rows.map((row) => [row.version, row.cases]));
}

/**
 * Appends a new version when the model differs from the current one; returns its number (or the
 * current one when nothing changed). The row lock on the previous version is not needed: the
 * primary key makes two concurrent saves of the same version number fail one of them.
 */
export async function saveModel(tx: Queryable, scope: { tenantId: string; userId: string }, serviceKey: string, model: Omit<StatusModel, 'version'>): Promise<{ version: number | null; changed: boolean }> {
  const current = await currentModel(tx, scope.tenantId, serviceKey);
  if (sameModel(current, model)) return { version: current.version, changed: false };
  const version = (current.version ?? 0) + 1;
  await tx.query(sql`
    insert into case_status_models (tenant_id, service_key, version, steps, queries, direct_decision, any_order, created_by)
    values (${scope.tenantId}, ${serviceKey}, ${version}, ${JSON.stringify(model.steps)}::jsonb, ${model.queries}, ${model.directDecision}, ${model.anyOrder}, ${scope.userId})`);
  await appendAudit(tx, {
    tenantId: scope.tenantId,
    actorId: scope.userId,
    action: 'case_settings.status_model_changed',
    subjectType: 'service',
    subjectId: serviceKey,
    data: { version, steps: model.steps.map((step) => step.key), queries: model.queries, directDecision: model.directDecision, anyOrder: model.anyOrder },
  });
  return { version, changed: true };
}

/** Per service of the tenant with a model of its own: the current version and its number of steps. */
export async function modelSummaries(tx: Queryable, tenantId: string): Promise<Map<string, { version: number; steps: number }>> {
  const rows = await tx.query<{ service_key: string; version: number; steps: number }>(sql`
    select distinct on (service_key) service_key, version, jsonb_array_length(steps) as steps
    from case_status_models where tenant_id = ${tenantId} order by service_key, version desc`);
  return new Map(rows.map((row) => [row.service_key, { version: row.version, steps: row.steps }]));
}
