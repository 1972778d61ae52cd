/**
 * The file plan (Aktenplan) of a tenant: seeding the default plan, reading the tree, changing a
 * position (every change leaves a history row, written by trigger: migration 0012).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';

export const disposalKinds = ['archivieren', 'bewerten', 'vernichten'] as const;
export type DisposalKind = (typeof disposalKinds)[number];

export function isDisposalKind(value: unknown): value is DisposalKind {
  return typeof value === 'string' && (disposalKinds as readonly string[]).includes(value);
}

export type PlanPosition = {
  id: string;
  parentId: string | null;
  code: string;
  title: string;
  retentionYears: number;
  disposal: DisposalKind;
  retired: boolean;
  version: number;
  /** No sub-positions: files may be created here. */
  leaf: boolean;
  files: number;
};

type SeedPosition = { code: string; title: string; retentionYears: number; disposal: DisposalKind };
type SeedFile = { positions: SeedPosition[]; services: { serviceKey: string; code: string }[] };

export const defaultPlanFile = path.resolve(import.meta.dirname, '..', '..', '..', 'seeds', 'records', 'default-file-plan.json');

let defaultPlan: SeedFile | undefined;
function loadDefaultPlan(): SeedFile {
  defaultPlan ??= JSON.parse(fs.readFileSync(defaultPlanFile, 'utf8')) as SeedFile;
  return defaultPlan;
}

/** "32.10" -> "32", "32" -> "3", "3" -> null: codes extend their parent's code. */
export function parentCode(code: string): string | null {
  const dot = code.lastIndexOf('.');
  if (dot > 0) return code.slice(0, dot);
  return code.length > 1 ? code.slice(0, -1) : null;
}

/**
 * Gives a tenant the default plan and the service mappings of the demo services, unless it has
 * a plan already (a tenant's own plan is never touched). Idempotent and safe when two requests
 * do it at once: rows that exist are skipped (`on conflict do nothing`), parents are found by code.
 */
export async function ensureFilePlan(tx: Queryable, tenantId: string): Promise<boolean> {
  const existing = await maybeOne(tx, sql`select 1 from file_plan_positions where tenant_id = ${tenantId} limit 1`);
  if (existing) return false;
  const plan = loadDefaultPlan();
  for (const position of plan.positions) {
    const parent = parentCode(position.code);
    await tx.query(sql`
      insert into file_plan_positions (tenant_id, parent_id, code, title, retention_years, disposal)
      values (${tenantId},
              ${parent === null ? null : sql`(select id from file_plan_positions where tenant_id = ${tenantId} and code = ${parent})`},
              ${position.code}, ${position.title}, ${position.retentionYears}, ${position.disposal})
      on conflict (tenant_id, code) do nothing`);
  }
  for (const mapping of plan.services) {
    await tx.query(sql`
      insert into record_service_mappings (tenant_id, service_key, position_id)
      select ${tenantId}, ${mapping.serviceKey}, id from file_plan_positions where tenant_id = ${tenantId} and code = ${mapping.code}
      on conflict (tenant_id, service_key) do nothing`);
  }
  await appendAudit(tx, { tenantId, actorId: null, action: 'records.plan_seeded', subjectType: 'file_plan', data: { positions: plan.positions.length } });
  return true;
}

/** Gives every tenant without a plan the default one (`kreisportal start`); returns how many got one. */
export async function seedFilePlans(db: Database): Promise<number> {
  const tenants = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants order by name`));
  let seeded = 0;
  for (const tenant of tenants) {
    if (await db.transaction({ tenantId: tenant.id, userId: null }, (tx) => ensureFilePlan(tx, tenant.id))) seeded += 1;
  }
  return seeded;
}

type PositionRow = {
  id: string;
  parent_id: string | null;
  code: string;
  title: string;
  retention_years: number;
  disposal: DisposalKind;
  retired_at: Date | null;
  version: number;
  children: number | string;
  files: number | string;
};

const toPosition = (row: PositionRow): PlanPosition => ({
  id: row.id,
  parentId: row.parent_id,
  code: row.code,
  title: row.title,
  retentionYears: row.retention_years,
  disposal: row.disposal,
  retired: row.retired_at !== null,
  version: row.version,
  leaf: Number(row.children) === 0,
  files: Number(row.files),
});

const positionColumns = sql`
  p.id, p.parent_id, p.code, p.title, p.retention_years, p.disposal, p.retired_at, p.version,
  (select count(*) from file_plan_positions c where c.tenant_id = p.tenant_id and c.parent_id = p.id) as children,
  (select count(*) from record_files f where f.tenant_id = p.tenant_id and f.position_id = p.id) as files`;

/** The whole plan in code order ("0" < "00" < "00.10" < "01" …, so each child follows its parent). */
export async function listPlan(tx: Queryable, tenantId: string): Promise<PlanPosition[]> {
  const rows = await tx.query<PositionRow>(sql`select ${positionColumns} from file_plan_positions p where p.tenant_id = ${tenantId} order by p.code collate "C"`);
  return rows.map(toPosition);
}

export async function findPosition(tx: Queryable, tenantId: string, positionId: string): Promise<PlanPosition | undefined> {
  const row = await maybeOne<PositionRow>(tx, sql`select ${positionColumns} from file_plan_positions p where p.tenant_id = ${tenantId} and p.id = ${positionId}`);
  return row && toPosition(row);
}

export type PositionVersion = { version: number; title: string; retentionYears: number; disposal: DisposalKind; retired: boolean; changedAt: Date; changedBy: string | null };

export async function positionHistory(tx: Queryable, tenantId: string, positionId: string): Promise<PositionVersion[]> {
  const rows = await tx.query<{ version: number; title: string; retention_years: number; disposal: DisposalKind; retired_at: Date | null; changed_at: Date; changed_by: string | null }>(sql`
    select h.version, h.title, h.retention_years, h.disposal, h.retired_at, h.changed_at, u.display_name as changed_by
    from file_plan_history h left join users u on u.id = h.changed_by
    where h.tenant_id = ${tenantId} and h.position_id = ${positionId} order by h.version desc`);
  return rows.map((row) => ({ version: row.version, title: row.title, retentionYears: row.retention_years, disposal: row.disposal, retired: row.retired_at !== null, changedAt: row.changed_at, changedBy: row.changed_by }));
}

export type PositionChange = { title: string; retentionYears: number; disposal: DisposalKind };

/**
 * Changes title, retention or disposal kind of a position; the trigger counts the version up and
 * writes the history row. Closed files keep the retention they were closed with.
 */
export async function changePosition(tx: Queryable, scope: { tenantId: string; userId: string }, positionId: string, change: PositionChange): Promise<'saved' | 'unchanged' | 'not_found'> {
  const current = await findPosition(tx, scope.tenantId, positionId);
  if (!current) return 'not_found';
  if (current.title === change.title && current.retentionYears === change.retentionYears && current.disposal === change.disposal) return 'unchanged';
  await tx.query(sql`
    update file_plan_positions set title = ${change.title}, retention_years = ${change.retentionYears}, disposal = ${change.disposal}, changed_by = ${scope.userId}
    where tenant_id = ${scope.tenantId} and id = ${positionId}`);
  await appendAudit(tx, {
    tenantId: scope.tenantId,
    actorId: scope.userId,
    action: 'records.plan_changed',
    subjectType: 'file_plan_position',
    subjectId: positionId,
    data: { code: current.code, from: { title: current.title, retentionYears: current.retentionYears, disposal: current.disposal }, to: change },
  });
  return 'saved';
}
