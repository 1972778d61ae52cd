/**
 * Small counts beside the inbox (kept apart from inbox-query.ts, which is tuned for the list):
 * the open cases assigned to me, the overdue cases per open status for the badges in the tabs,
 * and the cases whose Bescheid must go by post. Each count reads at most `countCap + 1` rows
 * through a partial or leading index (migrations 0009, 0020: cases_inbox_assignee, cases_overdue
 * and cases_post_required, index-only for staff who see all offices), so a tenant with a million
 * cases pays what a small one pays; beyond the cap the page says "99+", as a badge does. The
 * counts of the inbox page are one statement (one round trip, one plan).
 */
import type { Queryable } from '../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import { officeCondition, type OfficeAccess } from './office-access.ts';
import { openStatuses, type CaseStatus } from './workflow.ts';

export const countCap = 99;

/** A count that stops at `countCap + 1`: `capped` says the true number is larger than `countCap`. */
export type CappedCount = { count: number; capped: boolean };

/** A scalar subquery counting at most `countCap + 1` cases that match `where`. */
function cappedCountSql(where: SqlFragment): SqlFragment {
  return sql`(select count(*)::int from (select 1 from cases c where ${where} limit ${countCap + 1}) as hits)`;
}

function capped(count: number | undefined): CappedCount {
  const value = count ?? 0;
  return value > countCap ? { count: countCap, capped: true } : { count: value, capped: false };
}

export type InboxExtras = { assignedToMe: CappedCount; overdue: Map<CaseStatus, CappedCount> };

/** `officeId`: the inbox's office filter, if any. */
export async function inboxExtras(tx: Queryable, tenantId: string, userId: string, access: OfficeAccess, officeId?: string): Promise<InboxExtras> {
  const base = sql`c.tenant_id = ${tenantId} and ${officeCondition(access)}${officeId ? sql` and c.office_id = ${officeId}::uuid` : sql``}`;
  const counts = [
    cappedCountSql(sql`${base} and c.assignee_id = ${userId}::uuid and c.status = any(${[...openStatuses]}::text[])`),
    // The inbox's own "overdue" filter (inbox-query.ts): open, not closed, past the due date.
    ...openStatuses.map((status) => cappedCountSql(sql`${base} and c.closed_at is null and c.status = ${status} and c.due_at < now()`)),
  ];
  const [row] = await tx.query<{ counts: number[] }>(sql`select array[${sql.join(counts)}] as counts`);
  const [mine, ...overdue] = row?.counts ?? [];
  return { assignedToMe: capped(mine), overdue: new Map(openStatuses.map((status, index) => [status, capped(overdue[index])])) };
}

/** How many cases wait on the list "Bescheid per Post versenden". */
export async function postRequiredCount(tx: Queryable, tenantId: string, access: OfficeAccess): Promise<CappedCount> {
  const [row] = await tx.query<{ count: number }>(sql`
    select ${cappedCountSql(sql`c.tenant_id = ${tenantId} and ${officeCondition(access)} and c.decision_delivery = 'post_required'`)} as count`);
  return capped(row?.count);
}
