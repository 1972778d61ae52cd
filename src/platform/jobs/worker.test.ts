import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { noScope } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { enqueue } from './outbox.ts';
import { claimStatement, OutboxWorker, retryDelaySeconds } from './worker.ts';
import { openTestDatabase } from '../testing/test-database.ts';

let db: Database;
before(async () => {
  db = await openTestDatabase();
});
after(() => db.close());

test('a job exists only if its transaction commits', async () => {
  await assert.rejects(
    db.transaction(noScope, async (tx) => {
      await enqueue(tx, { tenantId: null, topic: 'test.rollback', payload: {} });
      throw new Error('abort');
    }),
  );
  const rows = await db.ownerTransaction((tx) => tx.query(sql`select 1 from outbox where topic = 'test.rollback'`));
  assert.equal(rows.length, 0);
});

test('a failing job is retried later and then completes; a done job never runs again', async () => {
  await db.transaction(noScope, (tx) => enqueue(tx, { tenantId: null, topic: 'test.flaky', payload: { n: 1 } }));
  const worker = new OutboxWorker(db);
  let calls = 0;
  worker.handle('test.flaky', async () => {
    calls++;
    if (calls === 1) throw new Error('SMTP away');
  });
  assert.equal(await worker.runOnce(), 1);
  const failed = await db.ownerTransaction((tx) =>
    tx.query<{ last_error: string; attempts: number; due_later: boolean }>(sql`select last_error, attempts, run_at > now() as due_later from outbox where topic = 'test.flaky'`),
  );
  assert.equal(failed[0]!.last_error, 'SMTP away');
  assert.equal(failed[0]!.due_later, true);
  await db.ownerTransaction((tx) => tx.query(sql`update outbox set run_at = now() where topic = 'test.flaky'`));
  await worker.drain();
  await worker.drain();
  assert.equal(calls, 2);
  const done = await db.ownerTransaction((tx) => tx.query<{ done: boolean }>(sql`select done_at is not null as done from outbox where topic = 'test.flaky'`));
  assert.equal(done[0]!.done, true);
});

test('two workers draining together run each job exactly once', async () => {
  await db.transaction(noScope, async (tx) => {
    for (let i = 0; i < 30; i++) await enqueue(tx, { tenantId: null, topic: 'test.count', payload: { i } });
  });
  const seen: number[] = [];
  const make = () => {
    const worker = new OutboxWorker(db, { batchSize: 3 });
    worker.handle('test.count', async (job) => void seen.push(job.payload.i as number));
    return worker;
  };
  await Promise.all([make().drain(), make().drain()]);
  assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i));
});

test('retry delays grow and carry jitter', () => {
  const first = retryDelaySeconds(1);
  const later = retryDelaySeconds(8);
  assert.ok(first >= 1 && first <= 2, String(first));
  assert.ok(later >= 128 && later <= 256, String(later));
  assert.ok(retryDelaySeconds(50) <= 3600);
});

test('a batch runs a bounded number of jobs at a time; the failing one is retried, the rest are done', async () => {
  await db.transaction(noScope, async (tx) => {
    for (let i = 0; i < 7; i++) await enqueue(tx, { tenantId: null, topic: 'test.parallel', payload: { i } });
  });
  const worker = new OutboxWorker(db, { batchSize: 10, concurrency: 3 });
  let running = 0;
  let most = 0;
  worker.handle('test.parallel', async (job) => {
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, 20));
    running--;
    if (job.payload.i === 4) throw new Error('job 4 failed');
  });
  assert.equal(await worker.runOnce(), 7);
  assert.equal(most, 3);
  const rows = await db.ownerTransaction((tx) =>
    tx.query<{ i: number; done: boolean; last_error: string | null; locked: boolean }>(sql`
      select (payload->>'i')::int as i, done_at is not null as done, last_error, locked_until is not null as locked
      from outbox where topic = 'test.parallel' order by 1`),
  );
  assert.deepEqual(rows.map((row) => row.done), [true, true, true, true, false, true, true]);
  assert.equal(rows[4]!.last_error, 'job 4 failed');
  assert.ok(rows.every((row) => !row.locked));
});

test('the claim reads only open jobs through their own index, oldest first; done jobs are not visited in the table', async () => {
  await db.ownerTransaction(async (tx) => {
    await tx.query(sql`
      insert into outbox (topic, payload, done_at)
      select 'test.history', '{}'::jsonb, now() from generate_series(1, 3000)`);
    await tx.query(sql`insert into outbox (topic, payload) values ('test.order', '{"n":1}'), ('test.order', '{"n":2}')`);
    await tx.query(sql`analyze outbox`);
  });
  const plan = JSON.stringify(await db.ownerTransaction((tx) =>
    tx.query(sql`explain (format json) ${claimStatement(['test.order'], { leaseSeconds: 60, maxAttempts: 10, batchSize: 20 })}`)));
  assert.match(plan, /"Index Name":"outbox_open"/, plan);
  assert.doesNotMatch(plan, /"Seq Scan"/, plan);
  const worker = new OutboxWorker(db, { concurrency: 1 });
  const seen: number[] = [];
  worker.handle('test.order', async (job) => {
    seen.push(job.payload.n as number);
  });
  assert.equal(await worker.runOnce(), 2);
  assert.deepEqual(seen, [1, 2]);
});
