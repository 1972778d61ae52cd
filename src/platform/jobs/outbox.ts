import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

/**
 * Queues a job in the caller's transaction: it exists exactly when the change that caused it
 * committed (transactional outbox). Handlers must be idempotent: delivery is at least once.
 */
export async function enqueue(
  tx: Queryable,
  job: { tenantId: string | null; topic: string; payload: Record<string, unknown>; runAt?: Date },
): Promise<void> {
  await tx.query(sql`
    insert into outbox (tenant_id, topic, payload, run_at)
    values (${job.tenantId}, ${job.topic}, ${JSON.stringify(job.payload)}::jsonb, ${job.runAt ?? new Date()})`);
}
