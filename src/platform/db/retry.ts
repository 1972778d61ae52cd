/**
 * Bounded retries for database work (issue 10: bounded pools, backoff with jitter, no retry
 * storms). Only failures after which running the whole transaction function again is safe:
 *
 * - the pool could not hand out a connection (timeout, refused, server starting up): nothing ran;
 * - `40001 serialization_failure` and `40P01 deadlock_detected`: the server rolled the whole
 *   transaction back, so none of its writes happened (PostgreSQL manual, 13.2 and 13.6).
 *
 * Everything else fails at once: constraint violations and bugs would fail again, and an error
 * while committing (connection lost) leaves the outcome unknown, so a rerun could write twice.
 * A transaction function must therefore keep its effects inside the transaction (the outbox is
 * the way out); a retried function runs again from its start with fresh reads.
 */

/** SQLSTATEs after which the server has rolled back the whole transaction. */
export const retryableSqlStates: ReadonlySet<string> = new Set(['40001', '40P01']);

/** Raised around a failure to get a connection, so it is told apart from a failing statement. */
export class ConnectionAcquireError extends Error {
  override name = 'ConnectionAcquireError';
  constructor(cause: unknown) {
    super(`No database connection: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof ConnectionAcquireError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableSqlStates.has(code);
}

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Upper bound of the first delay; each further delay doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
};

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 200 };

/**
 * "Full jitter": a random delay between 0 and the exponential bound, so clients that failed
 * together do not come back together.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * bound);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, fails with a non-retryable error, or runs out of attempts. */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy = defaultRetryPolicy,
  onRetry?: (error: unknown, attemptNumber: number) => void,
): Promise<T> {
  for (let number = 1; ; number++) {
    try {
      return await attempt();
    } catch (error) {
      if (number >= policy.maxAttempts || !isRetryable(error)) throw error;
      onRetry?.(error, number);
      await sleep(backoffDelayMs(number, policy));
    }
  }
}
