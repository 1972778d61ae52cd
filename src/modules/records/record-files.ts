/**
 * Files (Akten) and processes (Vorgänge). The Aktenzeichen is "<plan code>/<running number>"
 * (set by the database trigger, migration 0012); running numbers come from one counter row per
 * position, locked by the creating transaction, so they are unique and without gaps even when
 * many files are created at once.
 */
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { DisposalKind } from './file-plan.ts';

export type FileStatus = 'offen' | 'abgeschlossen';
export const fileStatuses: readonly FileStatus[] = ['offen', 'abgeschlossen'];

export type RecordFile = {
  id: string;
  positionId: string;
  positionCode: string;
  positionTitle: string;
  fileNumber: string;
  title: string;
  status: FileStatus;
  caseYear: number | null;
  openedOn: string;
  closedOn: string | null;
  retentionYears: number | null;
  disposal: DisposalKind | null;
  retainUntil: string | null;
  legalHold: boolean;
};

export type RecordProcess = { id: string; number: number; title: string; caseId: string | null; caseReference: string | null; createdAt: Date };

type FileRow = {
  id: string;
  position_id: string;
  code: string;
  position_title: string;
  file_number: string;
  title: string;
  status: FileStatus;
  case_year: number | null;
  opened_on: string;
  closed_on: string | null;
  retention_years: number | null;
  disposal: DisposalKind | null;
  retain_until: string | null;
  legal_hold: boolean;
};

const toFile = (row: FileRow): RecordFile => ({
  id: row.id,
  positionId: row.position_id,
  positionCode: row.code,
  positionTitle: row.position_title,
  fileNumber: row.file_number,
  title: row.title,
  status: row.status,
  caseYear: row.case_year,
  openedOn: row.opened_on,
  closedOn: row.closed_on,
  retentionYears: row.retention_years,
  disposal: row.disposal,
  retainUntil: row.retain_until,
  legalHold: row.legal_hold,
});

// Dates as ISO text: a date has no time zone, and the views format it.
const fileColumns = sql`
  f.id, f.position_id, p.code, p.title as position_title, f.file_number, f.title, f.status, f.case_year,
  to_char(f.opened_on, 'YYYY-MM-DD') as opened_on, to_char(f.closed_on, 'YYYY-MM-DD') as closed_on,
  f.retention_years, f.disposal, to_char(f.retain_until, 'YYYY-MM-DD') as retain_until, f.legal_hold`;
const fileFrom = sql`record_files f join file_plan_positions p on p.tenant_id = f.tenant_id and p.id = f.position_id`;

export async function findFile(tx: Queryable, tenantId: string, fileId: string): Promise<RecordFile | undefined> {
  const row = await maybeOne<FileRow>(tx, sql`select ${fileColumns} from ${fileFrom} where f.tenant_id = ${tenantId} and f.id = ${fileId}`);
  return row && toFile(row);
}

export async function filesAtPosition(tx: Queryable, tenantId: string, positionId: string): Promise<RecordFile[]> {
  const rows = await tx.query<FileRow>(sql`
    select ${fileColumns} from ${fileFrom} where f.tenant_id = ${tenantId} and f.position_id = ${positionId} order by f.running_number desc`);
  return rows.map(toFile);
}

/** `%` and `_` are wildcards in LIKE: typed by a user they mean themselves. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Files by Aktenzeichen: the exact one first, then all that start with what was typed
 * ("32.10" finds every file of that position, "32.10/004" the files 0040–0049).
 */
export async function filesByNumber(tx: Queryable, tenantId: string, query: string, limit = 100): Promise<RecordFile[]> {
  const text = query.trim();
  if (text === '') return [];
  const rows = await tx.query<FileRow>(sql`
    select ${fileColumns} from ${fileFrom}
    where f.tenant_id = ${tenantId} and (f.file_number = ${text} or f.file_number like ${likePrefix(text)})
    order by (f.file_number = ${text}) desc, f.file_number collate "C"
    limit ${limit}`);
  return rows.map(toFile);
}

/**
 * The next running number of a position, counted up in the caller's transaction. The counter row
 * stays locked until commit: concurrent creators wait, and a rollback returns the number.
 */
export async function nextRunningNumber(tx: Queryable, tenantId: string, positionId: string): Promise<number> {
  const row = await one<{ last_number: number }>(tx, sql`
    insert into file_number_counters (tenant_id, position_id, last_number) values (${tenantId}, ${positionId}, 1)
    on conflict (tenant_id, position_id) do update set last_number = file_number_counters.last_number + 1
    returning last_number`);
  return row.last_number;
}

/** Locks the position's counter row (creating it first) without counting: see fileCase. */
export async function lockCounter(tx: Queryable, tenantId: string, positionId: string): Promise<void> {
  await tx.query(sql`insert into file_number_counters (tenant_id, position_id) values (${tenantId}, ${positionId}) on conflict (tenant_id, position_id) do nothing`);
  await tx.query(sql`select last_number from file_number_counters where tenant_id = ${tenantId} and position_id = ${positionId} for update`);
}

export type CreateFileInput = { positionId: string; title: string; caseYear?: number };
export type Actor = { tenantId: string; userId: string | null };

/** Creates a file at a lowest-level position; the database refuses others (trigger). */
export async function createFile(tx: Queryable, actor: Actor, input: CreateFileInput): Promise<RecordFile> {
  const number = await nextRunningNumber(tx, actor.tenantId, input.positionId);
  const row = await one<{ id: string; file_number: string }>(tx, sql`
    insert into record_files (tenant_id, position_id, running_number, file_number, title, case_year, created_by)
    values (${actor.tenantId}, ${input.positionId}, ${number}, '', ${input.title}, ${input.caseYear ?? null}, ${actor.userId})
    returning id, file_number`);
  await appendAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, action: 'records.file_created', subjectType: 'record_file', subjectId: row.id, data: { fileNumber: row.file_number, title: input.title } });
  const created = await findFile(tx, actor.tenantId, row.id);
  if (!created) throw new Error(`file ${row.id} vanished`);
  return created;
}

/** Adds a process (Vorgang) to an open file; its number counts up within the file. */
export async function createProcess(tx: Queryable, actor: Actor, fileId: string, title: string, caseId: string | null = null): Promise<RecordProcess | undefined> {
  // Counting on the file row locks it: a closing in between waits, or this fails on a closed file.
  const counted = await maybeOne<{ last_process_number: number; file_number: string }>(tx, sql`
    update record_files set last_process_number = last_process_number + 1
    where tenant_id = ${actor.tenantId} and id = ${fileId} and status = 'offen'
    returning last_process_number, file_number`);
  if (!counted) return undefined;
  const row = await one<{ id: string; created_at: Date }>(tx, sql`
    insert into record_processes (tenant_id, file_id, number, title, case_id, created_by)
    values (${actor.tenantId}, ${fileId}, ${counted.last_process_number}, ${title}, ${caseId}, ${actor.userId})
    returning id, created_at`);
  await appendAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'records.process_created',
    subjectType: 'record_process',
    subjectId: row.id,
    data: { fileNumber: counted.file_number, number: counted.last_process_number, caseId },
  });
  return { id: row.id, number: counted.last_process_number, title, caseId, caseReference: null, createdAt: row.created_at };
}

export async function fileProcesses(tx: Queryable, tenantId: string, fileId: string): Promise<RecordProcess[]> {
  const rows = await tx.query<{ id: string; number: number; title: string; case_id: string | null; reference: string | null; created_at: Date }>(sql`
    select r.id, r.number, r.title, r.case_id, c.reference, r.created_at
    from record_processes r left join cases c on c.tenant_id = r.tenant_id and c.id = r.case_id
    where r.tenant_id = ${tenantId} and r.file_id = ${fileId} order by r.number`);
  return rows.map((row) => ({ id: row.id, number: row.number, title: row.title, caseId: row.case_id, caseReference: row.reference, createdAt: row.created_at }));
}

/**
 * zdA: closes the file. Retention and disposal kind are taken from the position now; the
 * retention runs to the end of the closing year plus the retention years (the usual rule of
 * records management: periods start after the year the file was closed).
 */
export async function closeFile(tx: Queryable, actor: { tenantId: string; userId: string }, fileId: string): Promise<'closed' | 'already_closed' | 'not_found'> {
  const file = await findFile(tx, actor.tenantId, fileId);
  if (!file) return 'not_found';
  if (file.status === 'abgeschlossen') return 'already_closed';
  const row = await maybeOne<{ retain_until: string }>(tx, sql`
    update record_files f set status = 'abgeschlossen', closed_on = current_date, closed_at = now(), closed_by = ${actor.userId},
      retention_years = p.retention_years, disposal = p.disposal,
      retain_until = records_retain_until(current_date, p.retention_years)
    from file_plan_positions p
    where f.tenant_id = ${actor.tenantId} and f.id = ${fileId} and f.status = 'offen' and p.tenant_id = f.tenant_id and p.id = f.position_id
    returning to_char(f.retain_until, 'YYYY-MM-DD') as retain_until`);
  if (!row) return 'already_closed';
  await appendAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, action: 'records.file_closed', subjectType: 'record_file', subjectId: fileId, data: { fileNumber: file.fileNumber, retainUntil: row.retain_until } });
  return 'closed';
}
