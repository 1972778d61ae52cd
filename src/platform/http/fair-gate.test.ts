import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FairGate, noTenant } from './fair-gate.ts';

function gate(slots: number, options: Partial<{ maxWaitMs: number; queueLength: number; tenantShare: number }> = {}) {
  return new FairGate({ slots: () => slots, maxWaitMs: 1000, queueLength: 4 * slots, tenantShare: 1, ...options });
}

test('requests beyond the slots wait and are admitted in order as slots free up', async () => {
  const g = gate(2);
  const first = await g.acquire(noTenant);
  const second = await g.acquire(noTenant);
  assert.equal(first.outcome, 'admitted');
  assert.equal(second.outcome, 'admitted');
  const order: string[] = [];
  const third = g.acquire(noTenant).then((r) => (order.push('third'), r));
  const fourth = g.acquire(noTenant).then((r) => (order.push('fourth'), r));
  assert.deepEqual([g.inFlight, g.queued], [2, 2]);
  if (first.outcome === 'admitted') first.release();
  if (first.outcome === 'admitted') first.release(); // a second release of the same slot changes nothing
  assert.equal((await third).outcome, 'admitted');
  assert.deepEqual([g.inFlight, g.queued], [2, 1]);
  if (second.outcome === 'admitted') second.release();
  assert.equal((await fourth).outcome, 'admitted');
  assert.deepEqual(order, ['third', 'fourth']);
});

test('a full line refuses at once and a long wait gives up after maxWaitMs', async () => {
  const g = gate(1, { queueLength: 1, maxWaitMs: 80 });
  await g.acquire(noTenant);
  let waitEnded = false;
  const waiting = g.acquire(noTenant).finally(() => (waitEnded = true));
  const started = performance.now();
  assert.equal((await g.acquire(noTenant)).outcome, 'queue_full');
  // Not a stopwatch (a busy machine stretches every timer): the refusal came while the other still waits.
  assert.equal(waitEnded, false, 'refused without waiting');
  assert.equal((await waiting).outcome, 'timeout');
  assert.ok(performance.now() - started >= 75);
  assert.equal(g.queued, 0);
});

test('unlimited slots (0) admit everything', async () => {
  const g = gate(0);
  const results = await Promise.all(Array.from({ length: 500 }, () => g.acquire('lemgo')));
  assert.ok(results.every((r) => r.outcome === 'admitted'));
});

test('one tenant flooding holds at most its share; another tenant is admitted at once and gets its freed slots', async () => {
  const g = gate(4, { tenantShare: 0.5, queueLength: 16, maxWaitMs: 500 });
  const flood = Array.from({ length: 20 }, () => g.acquire('lemgo'));
  // 2 admitted (half of 4 slots), 8 waiting (half of the 16 places), the other 10 refused at once.
  const admitted = await Promise.all(flood.slice(0, 2));
  assert.ok(admitted.every((r) => r.outcome === 'admitted'));
  assert.ok((await Promise.all(flood.slice(10))).every((r) => r.outcome === 'queue_full'));
  assert.deepEqual([g.inFlight, g.queued], [2, 8]);

  const detmoldA = await g.acquire('detmold');
  const detmoldB = await g.acquire('detmold');
  // Admitted while Lemgo's eight still wait: Detmold did not queue behind them.
  assert.equal(g.queued, 8, 'Detmold is not stuck behind Lemgo');
  assert.deepEqual([detmoldA.outcome, detmoldB.outcome], ['admitted', 'admitted']);
  const detmoldC = g.acquire('detmold');
  assert.deepEqual([g.inFlight, g.queued], [4, 9]);

  const release = (r: Awaited<ReturnType<FairGate['acquire']>>) => (r.outcome === 'admitted' ? r.release() : assert.fail('not admitted'));
  release(admitted[0]!);
  assert.equal((await flood[2]!).outcome, 'admitted', 'a freed Lemgo slot goes to the next Lemgo request');
  release(detmoldA);
  assert.equal((await detmoldC).outcome, 'admitted', 'a freed Detmold slot goes to Detmold, not to the longer Lemgo line');
  assert.deepEqual([g.inFlight, g.queued], [4, 7]);
  // The rest of the Lemgo line gives up after maxWaitMs.
  const rest = await Promise.all(flood.slice(3, 10));
  assert.ok(rest.every((r) => r.outcome === 'timeout'));
  assert.equal(g.queued, 0);
});
