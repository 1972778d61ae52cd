import crypto from 'node:crypto';
import pg from 'pg';
import { scopeScript, type Database, type Queryable, type Scope } from './database.ts';
import { ConnectionAcquireError, defaultRetryPolicy, withRetry, type RetryPolicy } from './retry.ts';
import type { SqlFragment } from './sql.ts';

/**
 * Named (server-side prepared) statements for the statements the app sends again and again: the
 * server then parses each once per connection and, after a few runs, may keep a generic plan,
 * which cut its CPU per statement by about a quarter in a measurement on the bench database
 * (docs/benchmarks.md). A text is named from its third use on, only up to a size (the long,
 * query-shaped catalog search stays unnamed) and only for the first `maxNamed` texts, so neither
 * the process nor a connection collects statements without bound. The name is derived from the
 * text, so it means the same statement on every connection.
 */
export class StatementNames {
  private readonly seen = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private readonly maxNamed: number;
  private readonly maxLength: number;

  constructor(maxNamed = 300, maxLength = 2000) {
    this.maxNamed = maxNamed;
    this.maxLength = maxLength;
  }

  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || text.length > this.maxLength || this.names.size >= this.maxNamed) return known;
    const uses = (this.seen.get(text) ?? 0) + 1;
    if (uses < 3) {
      // Counting is bounded too: a flood of one-off texts only restarts the count.
      if (this.seen.size >= this.maxNamed * 10) this.seen.clear();
      this.seen.set(text, uses);
      return undefined;
    }
    this.seen.delete(text);
    const name = `kp_${crypto.createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}

/**
 * `begun` is the transaction's `begin` and scope, sent just ahead on the same connection without
 * waiting for its answer: every statement waits for it too, so none of them counts as done when
 * the transaction did not start (answers arrive in the order they were sent).
 */
function queryable(client: pg.PoolClient, names: StatementNames, begun: Promise<unknown>): Queryable {
  return {
    async query<Row>(fragment: SqlFragment): Promise<Row[]> {
      const { text, values } = fragment.toQuery();
      const name = names.nameOf(text);
      const [, result] = await Promise.all([begun, client.query(name === undefined ? { text, values } : { name, text, values })]);
      return result.rows as Row[];
    },
  };
}

/** The client's socket, to write several messages with one system call (node-postgres keeps it on `connection`). */
function socketOf(client: pg.PoolClient): { cork(): void; uncork(): void } | undefined {
  const stream = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function' ? (stream as { cork(): void; uncork(): void }) : undefined;
}

/** int8 as a JavaScript number, matching the embedded driver. */
const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

/** Describes the server without the password, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/** A PostgreSQL server through a bounded connection pool. */
export async function openPostgres(url: string, poolSize: number, retryPolicy: RetryPolicy = defaultRetryPolicy): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: typeParsers,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    // Statements go out without waiting for the answer to the one before (node-postgres pipeline
    // mode): a transaction's `begin` travels with its first statement (see `attempt`).
    pipeline: true,
  } as pg.PoolConfig);
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new DatabaseUnreachableError(
      `Cannot connect to PostgreSQL at ${describeDatabaseUrl(url)}: ${(error as Error).message}`,
    );
  }

  // A connection that dies while checked out (server restart, network) emits 'error' on its client;
  // without a listener that would end the process. The running query fails on its own.
  const ignoreLostConnection = () => {};
  const statementNames = new StatementNames();

  async function connect(): Promise<pg.PoolClient> {
    try {
      return await pool.connect();
    } catch (error) {
      throw new ConnectionAcquireError(error);
    }
  }

  /**
   * One attempt: `begin` and the scope travel as one script (database.ts, scopeScript), and that
   * script travels in one write with the work's first statement when the work starts with one: a
   * scoped transaction costs no round trip of its own before its work, only one for `commit`.
   * Every write to the loopback socket was the largest single cost of a submission (issue 8,
   * docs/benchmarks.md).
   */
  async function attempt<T>(scope: Scope | null, work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await connect();
    client.on('error', ignoreLostConnection);
    try {
      const socket = socketOf(client);
      socket?.cork();
      let pending: Promise<T>;
      try {
        const begun = client.query(scope ? `begin; ${scopeScript(scope)}` : 'begin');
        // Settled by the statements that wait for it, or here when the work sends none.
        begun.catch(() => {});
        pending = work(queryable(client, statementNames, begun)).then(async (result) => {
          await begun;
          return result;
        });
      } finally {
        socket?.uncork();
      }
      const result = await pending;
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.off('error', ignoreLostConnection);
      client.release();
    }
  }

  /** Bounded retries with backoff and jitter, only where rerunning `work` is safe (retry.ts). */
  const run = <T>(scope: Scope | null, work: (tx: Queryable) => Promise<T>): Promise<T> =>
    withRetry(() => attempt(scope, work), retryPolicy);

  return {
    kind: 'postgres',
    pool,
    transaction: (scope, work) => run(scope, work),
    ownerTransaction: (work) => run(null, work),
    async execScript(text: string): Promise<void> {
      const client = await pool.connect();
      client.on('error', ignoreLostConnection);
      try {
        await client.query(text);
      } catch (error) {
        // A failed script must not hand an aborted transaction back to the pool.
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.off('error', ignoreLostConnection);
        client.release();
      }
    },
    async ping(): Promise<void> {
      await pool.query('select 1');
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
