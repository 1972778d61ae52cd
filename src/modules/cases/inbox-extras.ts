/**
 * Small counts beside the inbox (kept apart from inbox-query.ts, which is tuned for the list):
 * the open cases assigned to me, the overdue cases per open status for the badges in the tabs,
 * and the cases whose Bescheid must go by post. Each count reads at most `countCap + 1` rows
 * through a partial or leading index (migrations 0009, 0020), so a tenant with a million cases
 * pays what a small one pays; beyond the cap the page says "more than 999".
 */
import type { Queryable } from '../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import { officeCondition, type OfficeAccess } from './office-access.ts';
import { openStatuses, type CaseStatus } from './workflow.ts';

export const countCap = 999;

/** A count that stops at `countCap + 1`: `capped` says the true number is larger than `countCap`. */
export type CappedCount = { count: number; capped: boolean };

async function cappedCount(tx: Queryable, where: SqlFragment): Promise<CappedCount> {
  const [row] = await tx.query<{ count: number }>(sql`
    select count(*)::int as count from (select 1 from cases c where ${where} limit ${countCap + 1}) as hits`);
  const count = row?.count ?? 0;
  return count > countCap ? { count: countCap, capped: true } : { count, capped: false };
}

export type InboxExtras = { assignedToMe: CappedCount; overdue: Map<CaseStatus, CappedCount> };

/** `officeId`: the inbox's office filter, if any. */
export async function inboxExtras(tx: Queryable, tenantId: string, userId: string, access: OfficeAccess, officeId?: string): Promise<InboxExtras> {
  const base = sql`c.tenant_id = ${tenantId} and ${officeCondition(access)}${officeId ? sql` and c.office_id = ${officeId}::uuid` : sql``}`;
  const assignedToMe = await cappedCount(tx, sql`${base} and c.assignee_id = ${userId}::uuid and c.status = any(${[...openStatuses]}::text[])`);
  const overdue = new Map<CaseStatus, CappedCount>();
  for (const status of openStatuses) {
    // The inbox's own "overdue" filter (inbox-query.ts): open, not closed, past the due date.
    overdue.set(status, await cappedCount(tx, sql`${base} and c.closed_at is null and c.status = ${status} and c.due_at < now()`));
  }
  return { assignedToMe, overdue };
}

/** How many cases wait on the list "Bescheid per Post versenden". */
export function postRequiredCount(tx: Queryable, tenantId: string, access: OfficeAccess): Promise<CappedCount> {
  return cappedCount(tx, sql`c.tenant_id = ${tenantId} and ${officeCondition(access)} and c.decision_delivery = 'post_required'`);
}
