/**
 * Retention (Aufbewahrung) and legal hold. A closed file is kept until 31 December of its closing
 * year plus the retention years of its plan position (SQL function records_retain_until,
 * migration 0018), and is due for disposal on the day after (closed 2026-03-01, 10 years: kept
 * until 2036-12-31, due 2037-01-01). A legal hold (pending litigation, audit, request for
 * information) blocks disposal until it is released; both carry a reason and are audited
 * (DIN ISO 15489-1 9.9: disposal only when no hold applies).
 */
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { DisposalKind } from './file-plan.ts';
import type { Actor } from './record-files.ts';

/** Retained until (31.12. of the closing year + years) and due (the day after), as the database computes them. */
export async function retentionDates(tx: Queryable, closedOn: string, years: number): Promise<{ retainUntil: string; dueOn: string }> {
  return one(tx, sql`
    select to_char(records_retain_until(${closedOn}::date, ${years}::integer), 'YYYY-MM-DD') as "retainUntil",
           to_char(records_retain_until(${closedOn}::date, ${years}::integer) + 1, 'YYYY-MM-DD') as "dueOn"`);
}

export type DueFile = {
  id: string;
  fileNumber: string;
  title: string;
  positionCode: string;
  positionTitle: string;
  closedOn: string;
  retainUntil: string;
  dueOn: string;
  disposal: DisposalKind;
  legalHold: boolean;
  /** The disposal procedure the file is in (not held back), if any. */
  disposalId: string | null;
};

export type DueFilter = {
  /** Due on or before this day (ISO); default today. */
  until?: string | undefined;
  /** A plan position and everything below it. */
  positionId?: string | undefined;
  disposal?: DisposalKind | undefined;
  /** Files under legal hold: shown too (default), only, or not. */
  hold?: 'alle' | 'nur' | 'ohne' | undefined;
  /** Files already in a procedure: shown (default) or not. */
  withoutProcedure?: boolean;
};

/** Closed files whose retention has ended by `until`, oldest first (at most `limit`). */
export async function dueFiles(tx: Queryable, tenantId: string, filter: DueFilter = {}, limit = 500): Promise<DueFile[]> {
  const until = filter.until ? sql`${filter.until}::date` : sql`current_date`;
  const position = filter.positionId
    ? sql`and p.code like (select q.code from file_plan_positions q where q.tenant_id = ${tenantId} and q.id = ${filter.positionId}) || '%'`
    : sql``;
  const disposal = filter.disposal ? sql`and f.disposal = ${filter.disposal}` : sql``;
  const hold = filter.hold === 'nur' ? sql`and f.legal_hold` : filter.hold === 'ohne' ? sql`and not f.legal_hold` : sql``;
  const procedure = filter.withoutProcedure ? sql`and x.disposal_id is null` : sql``;
  return tx.query<DueFile>(sql`
    select f.id, f.file_number as "fileNumber", f.title, p.code as "positionCode", p.title as "positionTitle",
           to_char(f.closed_on, 'YYYY-MM-DD') as "closedOn", to_char(f.retain_until, 'YYYY-MM-DD') as "retainUntil",
           to_char(f.retain_until + 1, 'YYYY-MM-DD') as "dueOn", f.disposal, f.legal_hold as "legalHold", x.disposal_id as "disposalId"
    from record_files f
    join file_plan_positions p on p.tenant_id = f.tenant_id and p.id = f.position_id
    left join record_disposal_files x on x.tenant_id = f.tenant_id and x.file_id = f.id and x.outcome is distinct from 'zurueckgestellt'
    where f.tenant_id = ${tenantId} and f.status = 'abgeschlossen' and f.retain_until < ${until}
      ${position} ${disposal} ${hold} ${procedure}
    order by f.retain_until, f.file_number collate "C"
    limit ${limit}`);
}

export type LegalHold = { id: string; reason: string; setAt: Date; setBy: string | null; releasedAt: Date | null; releasedBy: string | null; releaseReason: string | null };

export async function legalHolds(tx: Queryable, tenantId: string, fileId: string): Promise<LegalHold[]> {
  return tx.query<LegalHold>(sql`
    select h.id, h.reason, h.set_at as "setAt", s.display_name as "setBy", h.released_at as "releasedAt", r.display_name as "releasedBy", h.release_reason as "releaseReason"
    from record_legal_holds h left join users s on s.id = h.set_by left join users r on r.id = h.released_by
    where h.tenant_id = ${tenantId} and h.file_id = ${fileId} order by h.set_at desc`);
}

export type HoldOutcome = 'done' | 'not_found' | 'already' | 'disposed';

/** Whether the file's content is gone (handed over or destroyed): a hold then protects nothing. */
async function contentDisposed(tx: Queryable, tenantId: string, fileId: string): Promise<boolean> {
  return Boolean(await maybeOne(tx, sql`select 1 from record_disposal_files where tenant_id = ${tenantId} and file_id = ${fileId} and content_deleted_at is not null`));
}

/** Sets a legal hold with its reason; open and closed files alike (the file row is locked first). */
export async function setLegalHold(tx: Queryable, actor: Actor, fileId: string, reason: string): Promise<HoldOutcome> {
  const file = await maybeOne<{ legal_hold: boolean; file_number: string }>(tx, sql`
    select legal_hold, file_number from record_files where tenant_id = ${actor.tenantId} and id = ${fileId} for update`);
  if (!file) return 'not_found';
  if (file.legal_hold) return 'already';
  if (await contentDisposed(tx, actor.tenantId, fileId)) return 'disposed';
  const hold = await one<{ id: string }>(tx, sql`
    insert into record_legal_holds (tenant_id, file_id, reason, set_by) values (${actor.tenantId}, ${fileId}, ${reason}, ${actor.userId}) returning id`);
  await tx.query(sql`update record_files set legal_hold = true where tenant_id = ${actor.tenantId} and id = ${fileId}`);
  await appendAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, action: 'records.legal_hold_set', subjectType: 'record_file', subjectId: fileId, data: { fileNumber: file.file_number, holdId: hold.id, reason } });
  return 'done';
}

export async function releaseLegalHold(tx: Queryable, actor: Actor, fileId: string, reason: string): Promise<HoldOutcome> {
  const file = await maybeOne<{ legal_hold: boolean; file_number: string }>(tx, sql`
    select legal_hold, file_number from record_files where tenant_id = ${actor.tenantId} and id = ${fileId} for update`);
  if (!file) return 'not_found';
  const hold = await maybeOne<{ id: string }>(tx, sql`
    update record_legal_holds set released_at = now(), released_by = ${actor.userId}, release_reason = ${reason}
    where tenant_id = ${actor.tenantId} and file_id = ${fileId} and released_at is null returning id`);
  if (!hold && !file.legal_hold) return 'already';
  await tx.query(sql`update record_files set legal_hold = false where tenant_id = ${actor.tenantId} and id = ${fileId}`);
  await appendAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, action: 'records.legal_hold_released', subjectType: 'record_file', subjectId: fileId, data: { fileNumber: file.file_number, holdId: hold?.id ?? null, reason } });
  return 'done';
}
