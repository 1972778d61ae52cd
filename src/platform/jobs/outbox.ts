import type { Queryable } from '../db/database.ts';
import { sql, type SqlFragment } from '../db/sql.ts';

export type Job = { tenantId: string | null; topic: string; payload: Record<string, unknown>; runAt?: Date };

/**
 * The insert of `jobs` into the outbox, run only when `when` holds (a condition on the rest of
 * the statement): for callers that queue jobs inside a larger statement, one round trip less.
 */
export function insertJobs(jobs: readonly Job[], when: SqlFragment = sql`true`): SqlFragment {
  const rows = jobs.map((job) => sql`(${job.tenantId}::uuid, ${job.topic}::text, ${JSON.stringify(job.payload)}::jsonb, ${job.runAt ?? new Date()}::timestamptz)`);
  return sql`
    insert into outbox (tenant_id, topic, payload, run_at)
    select j.tenant_id, j.topic, j.payload, j.run_at from (values ${sql.join(rows, sql`, `)}) as j (tenant_id, topic, payload, run_at)
    where ${when}`;
}

/**
 * Queues a job in the caller's transaction: it exists exactly when the change that caused it
 * committed (transactional outbox). Handlers must be idempotent: delivery is at least once.
 */
export async function enqueue(tx: Queryable, job: Job): Promise<void> {
  await tx.query(insertJobs([job]));
}
