/**
 * The inbox: a tenant's cases, filtered, newest (or oldest) first, one page at a time. Pages are
 * cut by keyset (received_at, id), not by offset, so page 2,000 costs what page 1 costs: the
 * indexes of migration 0009 lead with (tenant_id, [filter column,] received_at, id).
 */
import type { Queryable } from '../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import type { CaseStatus } from './workflow.ts';
import { officeCondition, type OfficeAccess } from './office-access.ts';

export type InboxSort = 'newest' | 'oldest';

export type InboxFilter = {
  status?: CaseStatus;
  serviceKey?: string;
  officeId?: string;
  /** A user id, or `none` for unassigned cases. */
  assignee?: string;
  overdue?: boolean;
  /** Received on or after this day / on or before this day (ISO dates, Europe/Berlin). */
  receivedFrom?: string;
  receivedTo?: string;
  /** Applicant name, reference number or words from the answers. */
  query?: string;
};

export type InboxRow = {
  id: string;
  reference: string;
  formTitle: string;
  applicantName: string;
  status: CaseStatus;
  officeId: string | null;
  assigneeId: string | null;
  receivedAt: Date;
  dueAt: Date | null;
};

export type InboxPage = { rows: InboxRow[]; next: string | undefined };

export const inboxPageSize = 50;
const referencePattern = /^[A-Z0-9]{2,10}(-[A-Z0-9]+){1,3}$/i;

/** Cursor: the last row's exact timestamp (microseconds, as text) and id, base64url-encoded. */
function encodeCursor(receivedAt: string, id: string): string {
  return Buffer.from(`${receivedAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { receivedAt: string; id: string } | undefined {
  if (!cursor || cursor.length > 200) return undefined;
  const [receivedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!receivedAt || !id) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(receivedAt)) return undefined;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return undefined;
  return { receivedAt, id };
}

/** The conditions every inbox query shares (all but the status filter, which the counts leave out). */
function conditions(tenantId: string, filter: InboxFilter, access: OfficeAccess): SqlFragment[] {
  const where: SqlFragment[] = [sql`c.tenant_id = ${tenantId}`, officeCondition(access)];
  if (filter.serviceKey) where.push(sql`c.service_key = ${filter.serviceKey}`);
  if (filter.officeId) where.push(sql`c.office_id = ${filter.officeId}::uuid`);
  if (filter.assignee === 'none') where.push(sql`c.assignee_id is null`);
  else if (filter.assignee) where.push(sql`c.assignee_id = ${filter.assignee}::uuid`);
  if (filter.overdue) where.push(sql`c.closed_at is null and c.status in ('eingegangen', 'in_pruefung', 'rueckfrage') and c.due_at < now()`);
  if (filter.receivedFrom) where.push(sql`c.received_at >= (${filter.receivedFrom}::date::timestamp at time zone 'Europe/Berlin')`);
  if (filter.receivedTo) where.push(sql`c.received_at < ((${filter.receivedTo}::date + 1)::timestamp at time zone 'Europe/Berlin')`);
  const query = filter.query?.trim();
  if (query) {
    if (referencePattern.test(query)) where.push(sql`c.reference = ${query.toUpperCase()}`);
    // Names were indexed unstemmed (simple), answers stemmed (german): either reading may match.
    else where.push(sql`c.search @@ (websearch_to_tsquery('simple', ${query}) || websearch_to_tsquery('german', ${query}))`);
  }
  return where;
}

type Row = {
  id: string;
  reference: string;
  form_title: string;
  applicant_name: string;
  status: CaseStatus;
  office_id: string | null;
  assignee_id: string | null;
  received_at: Date;
  received_key: string;
  due_at: Date | null;
};

export async function inboxPage(tx: Queryable, tenantId: string, filter: InboxFilter, access: OfficeAccess, sort: InboxSort, cursor?: string): Promise<InboxPage> {
  const where = conditions(tenantId, filter, access);
  if (filter.status) where.push(sql`c.status = ${filter.status}`);
  const after = decodeCursor(cursor);
  const newest = sort === 'newest';
  if (after) {
    where.push(newest
      ? sql`(c.received_at, c.id) < (${after.receivedAt}::timestamptz, ${after.id}::uuid)`
      : sql`(c.received_at, c.id) > (${after.receivedAt}::timestamptz, ${after.id}::uuid)`);
  }
  const order = newest ? sql`c.received_at desc, c.id desc` : sql`c.received_at asc, c.id asc`;
  const rows = await tx.query<Row>(sql`
    select c.id, c.reference, c.form_title, c.applicant_name, c.status, c.office_id, c.assignee_id, c.received_at, c.due_at,
           to_char(c.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as received_key
    from cases c
    where ${sql.join(where, sql` and `)}
    order by ${order}
    limit ${inboxPageSize + 1}`);
  const page = rows.slice(0, inboxPageSize);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({
      id: row.id,
      reference: row.reference,
      formTitle: row.form_title,
      applicantName: row.applicant_name,
      status: row.status,
      officeId: row.office_id,
      assigneeId: row.assignee_id,
      receivedAt: row.received_at,
      dueAt: row.due_at,
    })),
    next: rows.length > inboxPageSize && last ? encodeCursor(last.received_key, last.id) : undefined,
  };
}

/** Filters the counter table of migration 0015 cannot answer: they need the cases themselves. */
function narrowsBeyondOffice(filter: InboxFilter): boolean {
  return Boolean(filter.serviceKey || filter.assignee || filter.overdue || filter.receivedFrom || filter.receivedTo || filter.query?.trim());
}

/**
 * How many cases per status match the other filters (the tabs above the list). Without filters
 * beyond the office, from the counts kept per tenant, office and status (migration 0015): counting
 * a large tenant's cases on every page view read the whole table.
 */
export async function statusCounts(tx: Queryable, tenantId: string, filter: InboxFilter, access: OfficeAccess): Promise<Map<CaseStatus, number>> {
  const rows = narrowsBeyondOffice(filter)
    ? await tx.query<{ status: CaseStatus; count: number }>(sql`
        select c.status, count(*)::int as count from cases c
        where ${sql.join(conditions(tenantId, filter, access), sql` and `)}
        group by c.status`)
    : await tx.query<{ status: CaseStatus; count: number }>(sql`
        select c.status, sum(c.cases)::int as count from case_status_counts c
        where c.tenant_id = ${tenantId} and ${officeCondition(access)}
          ${filter.officeId ? sql`and c.office_id = ${filter.officeId}::uuid` : sql``}
        group by c.status having sum(c.cases) > 0`);
  return new Map(rows.map((row) => [row.status, row.count]));
}
