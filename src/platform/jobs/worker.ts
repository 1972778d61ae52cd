import type { Database } from '../db/database.ts';
import { sql, type SqlFragment } from '../db/sql.ts';

export type Job = { id: number; tenantId: string | null; topic: string; payload: Record<string, unknown>; attempts: number };
export type JobHandler = (job: Job) => Promise<void>;

type ClaimedRow = { id: number; tenant_id: string | null; topic: string; payload: Record<string, unknown>; attempts: number };

export type WorkerOptions = {
  /** How long a claimed job stays invisible to other workers before it counts as abandoned. */
  leaseSeconds?: number;
  batchSize?: number;
  /** Jobs of one claimed batch that run at the same time (each handler opens its own transaction). */
  concurrency?: number;
  maxAttempts?: number;
  onError?: (job: Job, error: unknown) => void;
};

/** Exponential backoff with jitter, capped at one hour: retries never arrive in lockstep. */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(3600, 2 ** Math.min(attempts, 12));
  return base / 2 + Math.random() * (base / 2);
}

/** The claim of due jobs: a batch, with a lease, skipping what another worker holds. */
export function claimStatement(topics: string[], options: { leaseSeconds: number; maxAttempts: number; batchSize: number }): SqlFragment {
  return sql`
    update outbox set locked_until = now() + make_interval(secs => ${options.leaseSeconds}), attempts = attempts + 1
    where id in (
      select id from outbox
      where done_at is null and run_at <= now() and (locked_until is null or locked_until < now())
        and topic = any(${topics}) and attempts < ${options.maxAttempts}
      -- Oldest first, in the order of the index outbox_open (migration 0029); a job waiting
      -- for its retry (run_at in the future) is passed over until it is due.
      order by id
      limit ${options.batchSize}
      for update skip locked)
    returning id, tenant_id, topic, payload, attempts`;
}

/**
 * Drains the outbox. Jobs are claimed with `for update skip locked` and a lease, so any number of
 * workers on any number of machines share one table without handling a job twice at a time; a
 * worker that dies leaves its lease to expire and the job runs again (at-least-once).
 */
export class OutboxWorker {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;
  private readonly db: Database;
  private readonly options: Required<Omit<WorkerOptions, 'onError'>> & Pick<WorkerOptions, 'onError'>;

  constructor(db: Database, options: WorkerOptions = {}) {
    this.db = db;
    this.options = { leaseSeconds: 60, batchSize: 20, concurrency: 4, maxAttempts: 10, ...options };
  }

  handle(topic: string, handler: JobHandler): void {
    this.handlers.set(topic, handler);
  }

  /** Claims and runs due jobs once; returns how many ran. */
  async runOnce(): Promise<number> {
    const topics = [...this.handlers.keys()];
    if (topics.length === 0) return 0;
    const claimed = await this.db.ownerTransaction((tx) => tx.query<ClaimedRow>(claimStatement(topics, this.options)));
    // RETURNING keeps no order: the batch runs oldest first, as it was chosen.
    claimed.sort((a, b) => a.id - b.id);
    // A few handlers at a time: each waits for the database most of its time. The done marks of
    // the whole batch go in one statement afterwards; a worker that dies before it leaves jobs
    // that did run to run again when their lease expires, which at-least-once allows.
    const done: number[] = [];
    let next = 0;
    const lane = async () => {
      for (let row = claimed[next++]; row !== undefined; row = claimed[next++]) {
        if (await this.runJob(row)) done.push(row.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, lane));
    if (done.length > 0) {
      await this.db.ownerTransaction((tx) =>
        tx.query(sql`update outbox set done_at = now(), locked_until = null, last_error = null where id = any(${done}::bigint[])`),
      );
    }
    return claimed.length;
  }

  /** Runs one claimed job; a failure is recorded with its next attempt's time. True when it ran. */
  private async runJob(row: ClaimedRow): Promise<boolean> {
    const job: Job = { id: row.id, tenantId: row.tenant_id, topic: row.topic, payload: row.payload, attempts: row.attempts };
    try {
      await this.handlers.get(row.topic)?.(job);
      return true;
    } catch (error) {
      this.options.onError?.(job, error);
      const delay = retryDelaySeconds(row.attempts);
      await this.db.ownerTransaction((tx) =>
        tx.query(sql`
          update outbox set locked_until = null, last_error = ${String((error as Error)?.message ?? error).slice(0, 2000)},
            run_at = now() + make_interval(secs => ${delay})
          where id = ${row.id}`),
      );
      return false;
    }
  }

  /** Runs until every due job is done (tests, CLI). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const ran = await this.runOnce();
      total += ran;
      if (ran === 0) return total;
    }
  }

  start(intervalMs = 1000): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      try {
        this.running = this.drain();
        await this.running;
      } catch (error) {
        this.options.onError?.({ id: 0, tenantId: null, topic: 'worker', payload: {}, attempts: 0 }, error);
      } finally {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
      }
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }
}
