import type { SqlFragment } from './sql.ts';

/** Who is acting: the tenant whose rows are visible and the signed-in user, if any. */
export type Scope = {
  tenantId: string | null;
  userId: string | null;
};

export const noScope: Scope = { tenantId: null, userId: null };

/** Something that runs queries: a transaction or, for the owner, the database itself. */
export type Queryable = {
  query<Row = Record<string, unknown>>(query: SqlFragment): Promise<Row[]>;
};

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The one database interface of the platform. Application code only ever gets a transaction
 * from `transaction(scope, ...)`, which switches to the non-owner role `kreisportal_app` and sets
 * the acting tenant, so PostgreSQL's row-level security decides what is visible — a query that
 * forgets its tenant filter still sees nothing foreign (see docs/adr/0005-tenancy.md).
 */
export type Database = {
  readonly kind: DatabaseKind;
  /** Runs `work` in one transaction as the application role, scoped to `scope`. */
  transaction<T>(scope: Scope, work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction as the schema owner: migrations, seeds, CLI, workers. */
  ownerTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements as the owner (migrations). */
  execScript(text: string): Promise<void>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export const appRole = 'kreisportal_app';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkScope(scope: Scope): void {
  for (const id of [scope.tenantId, scope.userId]) {
    if (id !== null && !uuidPattern.test(id)) throw new Error('Scope ids must be UUIDs');
  }
}

/**
 * The statements that start every scoped transaction: the non-owner role, then tenant and user.
 * `set local` and `set_config(..., true)` are local to the transaction, so a pooled connection
 * never carries one request's tenant into the next. One script for the simple query protocol
 * (the pg driver puts `begin; ` in front): one round trip instead of three. Parameters need the
 * extended protocol, which allows one statement per message, so the ids are written into the
 * text: only after they passed the UUID pattern, which leaves nothing but hex digits and hyphens
 * to quote (a test proves that anything else is refused).
 */
export function scopeScript(scope: Scope): string {
  checkScope(scope);
  const literal = (id: string | null) => `'${id ?? ''}'`;
  return `set local role ${appRole}; select set_config('app.tenant_id', ${literal(scope.tenantId)}, true), set_config('app.user_id', ${literal(scope.userId)}, true)`;
}

/** Returns the only row, or throws: for queries that must find exactly one. */
export async function one<Row>(tx: Queryable, query: SqlFragment): Promise<Row> {
  const rows = await tx.query<Row>(query);
  const row = rows[0];
  if (row === undefined || rows.length > 1) throw new Error(`Expected one row, got ${rows.length}`);
  return row;
}

/** Returns the first row or undefined. */
export async function maybeOne<Row>(tx: Queryable, query: SqlFragment): Promise<Row | undefined> {
  const rows = await tx.query<Row>(query);
  return rows[0];
}
