import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import fs from 'node:fs';
import path from 'node:path';
import { scopeScript, type Database, type Queryable, type Scope } from './database.ts';
import type { SqlFragment } from './sql.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';

function queryable(pg: Pick<PGlite, 'query'>): Queryable {
  return {
    async query<Row>(fragment: SqlFragment): Promise<Row[]> {
      const { text, values } = fragment.toQuery();
      const result = await pg.query<Row>(text, values);
      return result.rows;
    },
  };
}

/** int8 as a JavaScript number (ids and counts stay far below 2^53), like the pg driver here. */
const parsers = { [types.INT8]: (value: string) => Number(value) };

export type PgliteOptions = {
  /** Directory of the database files; `undefined` keeps everything in memory. */
  dataDir?: string;
  /** A gzipped dump (`dumpDataDir`) to start from: how tests clone the template database. */
  loadDataDir?: Blob;
};

/**
 * One turn of the event loop before a transaction starts. The embedded database answers in
 * promises only, so transactions waiting for it would otherwise follow one another in a single
 * run of the microtask queue, and no socket would be read until the line was empty: in a burst
 * of 64 new connections, the first request of some waited seconds while the others went round
 * and round (issue 8, docs/benchmarks.md).
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The embedded database: PostgreSQL compiled to WebAssembly, running in this process. */
export async function openPglite(options: PgliteOptions): Promise<Database & { pglite: PGlite }> {
  let releaseLock = () => {};
  if (options.dataDir) {
    fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    releaseLock = acquireDataDirLock(path.dirname(options.dataDir));
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers,
      // Trigram matching for the catalog search (typos, word parts); a server has it in contrib.
      extensions: { pg_trgm },
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  type EmbeddedTransaction = Parameters<Parameters<PGlite['transaction']>[0]>[0];
  const afterTurn = <T>(work: (tx: EmbeddedTransaction) => Promise<T>): Promise<T> =>
    pg.transaction(async (tx) => {
      await turn();
      return work(tx);
    });
  return {
    kind: 'pglite',
    pglite: pg,
    transaction<T>(scope: Scope, work: (tx: Queryable) => Promise<T>): Promise<T> {
      return afterTurn(async (tx) => {
        // Role and tenant in one call (database.ts, scopeScript), as on the server.
        await tx.exec(scopeScript(scope));
        return work(queryable(tx));
      });
    },
    ownerTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return afterTurn((tx) => work(queryable(tx)));
    },
    async execScript(text: string): Promise<void> {
      try {
        await pg.exec(text);
      } catch (error) {
        await pg.exec('rollback').catch(() => {});
        throw error;
      }
    },
    async ping(): Promise<void> {
      await pg.query('select 1');
    },
    async close(): Promise<void> {
      await pg.close();
      releaseLock();
    },
  };
}
