import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from './database.ts';
import { scopeScript } from './database.ts';
import { sql } from './sql.ts';
import { backoffDelayMs, ConnectionAcquireError, isRetryable, withRetry, type RetryPolicy } from './retry.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';

const quick: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4 };

test('a deadlock, a serialization failure and a missing connection are retried; other errors are not', () => {
  assert.equal(isRetryable(Object.assign(new Error('deadlock detected'), { code: '40P01' })), true);
  assert.equal(isRetryable(Object.assign(new Error('could not serialize access'), { code: '40001' })), true);
  assert.equal(isRetryable(new ConnectionAcquireError(new Error('timeout exceeded when trying to connect'))), true);
  assert.equal(isRetryable(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
  assert.equal(isRetryable(new Error('Connection terminated unexpectedly')), false);
});

test('retries stop after the maximum number of attempts and give the last error', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(async () => {
      calls++;
      throw Object.assign(new Error(`deadlock ${calls}`), { code: '40P01' });
    }, quick),
    /deadlock 3/,
  );
  assert.equal(calls, 3);
});

test('a failure that is not retryable fails at once', async () => {
  let calls = 0;
  await assert.rejects(withRetry(async () => {
    calls++;
    throw Object.assign(new Error('violates check constraint'), { code: '23514' });
  }, quick));
  assert.equal(calls, 1);
});

test('the backoff grows exponentially up to its cap, with full jitter below it', () => {
  const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 35 };
  assert.equal(backoffDelayMs(1, policy, () => 0.999), 9);
  assert.equal(backoffDelayMs(2, policy, () => 0.999), 19);
  assert.equal(backoffDelayMs(3, policy, () => 0.999), 34);
  assert.equal(backoffDelayMs(4, policy, () => 0.999), 34);
  assert.equal(backoffDelayMs(3, policy, () => 0), 0);
});

test('scope ids that are not UUIDs never reach the statement text', () => {
  assert.throws(() => scopeScript({ tenantId: "x', true); drop table tenants; --", userId: null }), /UUID/);
  assert.match(scopeScript({ tenantId: '00000000-0000-4000-8000-000000000001', userId: null }), /'00000000-0000-4000-8000-000000000001'/);
});

let db: Database;
before(async () => {
  db = await openTestDatabase();
  await db.ownerTransaction((tx) => tx.query(sql`create table retry_probe (id int primary key, n int not null)`));
  await db.ownerTransaction((tx) => tx.query(sql`insert into retry_probe values (1, 0), (2, 0)`));
});
after(() => db.close());

test('of two transactions that deadlock, the one the server rolls back runs again and both commit', { skip: testDatabaseKind() !== 'postgres' && 'the embedded database runs one transaction at a time' }, async () => {
  let attempts = 0;
  let firstLocked!: () => void;
  const locked = new Promise<void>((resolve) => (firstLocked = resolve));
  const one = db.ownerTransaction(async (tx) => {
    attempts++;
    await tx.query(sql`set local deadlock_timeout = '20ms'`);
    await tx.query(sql`update retry_probe set n = n + 1 where id = 1`);
    firstLocked();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await tx.query(sql`update retry_probe set n = n + 1 where id = 2`);
  });
  const other = db.ownerTransaction(async (tx) => {
    attempts++;
    await locked;
    await tx.query(sql`set local deadlock_timeout = '10ms'`);
    await tx.query(sql`update retry_probe set n = n + 1 where id = 2`);
    await tx.query(sql`update retry_probe set n = n + 1 where id = 1`);
  });
  await Promise.all([one, other]);
  const rows = await db.ownerTransaction((tx) => tx.query<{ id: number; n: number }>(sql`select id, n from retry_probe order by id`));
  assert.deepEqual(rows.map((row) => row.n), [2, 2]);
  // Both ran once and the victim once more.
  assert.equal(attempts, 3);
});
