import pg from 'pg';
import { enterScope, type Database, type Queryable, type Scope } from './database.ts';
import type { SqlFragment } from './sql.ts';

function queryable(client: pg.PoolClient): Queryable {
  return {
    async query<Row>(fragment: SqlFragment): Promise<Row[]> {
      const { text, values } = fragment.toQuery();
      const result = await client.query(text, values);
      return result.rows as Row[];
    },
  };
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
export async function openPostgres(url: string, poolSize: number): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: typeParsers,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
  });
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

  async function run<T>(scope: Scope | null, work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    client.on('error', ignoreLostConnection);
    try {
      await client.query('begin');
      const tx = queryable(client);
      if (scope) await enterScope(tx, scope);
      const result = await work(tx);
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
