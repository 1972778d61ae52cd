import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FairGate, noTenant, type Decision } from './fair-gate.ts';

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
  // Whose requests were shed, and why: all of them Lemgo's, none of Detmold's.
  assert.deepEqual(Object.fromEntries(g.refusedByTenant), { lemgo: { queue_full: 10, over_share: 0, timeout: 7 } });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const release = (r: Awaited<ReturnType<FairGate['acquire']>>) => (r.outcome === 'admitted' ? r.release() : assert.fail(`not admitted: ${r.outcome}`));

test('a flooding tenant is refused at once beyond its share of slots and line, and never takes the slots another tenant needs', () => {
  const g = gate(8, { tenantShare: 0.5, queueLength: 32, maxWaitMs: 10_000 });
  const flood = Array.from({ length: 100 }, () => g.enter('detmold', () => assert.fail('no Detmold waiter is served in this test')));
  // 4 slots (half of 8), 16 places (half of 32); the other 80 are refused synchronously, before queueing.
  assert.equal(flood.filter((d) => d.outcome === 'admitted').length, 4);
  assert.equal(flood.filter((d) => d.outcome === 'queued').length, 16);
  assert.equal(flood.filter((d) => d.outcome === 'queue_full').length, 80);
  assert.deepEqual({ ...g.refused }, { queue_full: 80, over_share: 0, timeout: 0 });

  // Lemgo is admitted at once to the other half, ahead of Detmold's sixteen waiting.
  const lemgo = Array.from({ length: 4 }, () => g.enter('lemgo', () => assert.fail('admitted at once')));
  assert.ok(lemgo.every((d) => d.outcome === 'admitted'));
  assert.deepEqual([g.inFlight, g.queued, g.heldBy('detmold'), g.heldBy('lemgo')], [8, 16, 4, 4]);
  // A slot Lemgo frees is not handed to Detmold's line (Detmold is at its share): Lemgo gets it back at once.
  const first = lemgo[0]!;
  if (first.outcome === 'admitted') first.release();
  assert.deepEqual([g.inFlight, g.queued], [7, 16]);
  assert.equal(g.enter('lemgo', () => assert.fail('admitted at once')).outcome, 'admitted');

  for (const d of flood) if (d.outcome === 'queued') d.cancel();
  assert.equal(g.queued, 0, 'cancelled waiters leave the line (and their timers are cleared)');
});

test('the line is bounded by the expected wait: a place that would not get its turn within maxWaitMs is refused at once', async () => {
  const g = gate(2, { maxWaitMs: 100, queueLength: 100 });
  // Slots held for 150 ms: the gate learns the pace.
  const warm = [await g.acquire(noTenant), await g.acquire(noTenant)];
  await sleep(150);
  warm.forEach(release);
  assert.ok(g.averageHoldMs >= 140, `average hold ${g.averageHoldMs} ms`);

  const held = [await g.acquire(noTenant), await g.acquire(noTenant)];
  // One place per slot is always there (a freed slot never idles) ...
  const waiting = [g.acquire(noTenant), g.acquire(noTenant)];
  assert.equal(g.queued, 2);
  // ... but a third would wait about 1.5 × 150 ms > 100 ms: refused now, not after 100 ms.
  let settled = false;
  const third = g.acquire(noTenant).finally(() => (settled = true));
  await Promise.resolve();
  assert.equal(settled, true, 'refused without waiting');
  assert.equal((await third).outcome, 'queue_full');
  held.forEach(release);
  const served = await Promise.all(waiting);
  assert.deepEqual(served.map((r) => r.outcome), ['admitted', 'admitted']);
  served.forEach(release);
  assert.equal(g.inFlight, 0);
});

test('a waiter whose client went away gives its place up; the slot goes to the next one', async () => {
  const g = gate(1, { queueLength: 4 });
  const holder = await g.acquire(noTenant);
  const gone = g.enter(noTenant, () => assert.fail('a cancelled waiter is never settled'));
  const next = g.acquire(noTenant);
  assert.equal(gone.outcome, 'queued');
  if (gone.outcome === 'queued') gone.cancel();
  assert.equal(g.queued, 1);
  release(holder);
  const admitted = await next;
  assert.equal(admitted.outcome, 'admitted');
  release(admitted);
  assert.deepEqual([g.inFlight, g.queued], [0, 0]);
});

function serveAt(gate: FairGate, tenant: string): string {
  const d = gate.enter(tenant, () => assert.fail('admitted or refused at once'));
  if (d.outcome === 'admitted') d.release();
  return d.outcome;
}

test('while the process is busy, a tenant sending more than its share of the requests is refused at once, others are not', async () => {
  let busy = false;
  const g = new FairGate({ slots: () => 64, maxWaitMs: 1000, queueLength: 256, tenantShare: 0.5, busy: () => busy });
  // Cheap pages: each holds a slot only briefly, so the slot share alone never stops Detmold.
  const serve = (tenant: string) => {
    const d = g.enter(tenant, () => assert.fail('admitted or refused at once'));
    if (d.outcome === 'admitted') d.release();
    return d.outcome;
  };
  for (let i = 0; i < 90; i++) serve('detmold');
  for (let i = 0; i < 10; i++) serve('lemgo');
  assert.equal(serve('detmold'), 'admitted', 'not busy: the slot share is the only limit');
  busy = true;
  assert.equal(serve('detmold'), 'over_share', '92 of 102 requests, 91 of 101 admissions: more than half');
  assert.equal(serve('detmold'), 'over_share', 'and stays refused while busy');
  assert.equal(serve('lemgo'), 'admitted');
  assert.equal(serve('kreis-lippe'), 'admitted');
  assert.equal(serve(noTenant), 'admitted', 'the shared catalog has no share limit');
  assert.equal(g.refused.over_share, 2);
  assert.deepEqual([...g.refusedByTenant.keys()], ['detmold'], 'only the flooding tenant was refused');
  // A few requests while the loop lags are no flood, and the catalog's readers are nobody to be fair to.
  const quiet = new FairGate({ slots: () => 8, maxWaitMs: 1000, queueLength: 32, tenantShare: 0.5, busy: () => true });
  for (let i = 0; i < 5; i++) serveAt(quiet, 'lemgo');
  serveAt(quiet, 'detmold');
  assert.equal(serveAt(quiet, 'lemgo'), 'admitted', '7 requests in all: no flood');
  const catalogOnly = new FairGate({ slots: () => 64, maxWaitMs: 1000, queueLength: 256, tenantShare: 0.5, busy: () => true });
  for (let i = 0; i < 150; i++) serveAt(catalogOnly, noTenant);
  for (let i = 0; i < 60; i++) assert.equal(serveAt(catalogOnly, 'lemgo'), 'admitted', 'only catalog readers besides Lemgo');
  // Alone, a tenant is never over its share: there is nobody to be fair to.
  const alone = new FairGate({ slots: () => 8, maxWaitMs: 1000, queueLength: 32, tenantShare: 0.5, busy: () => true });
  for (let i = 0; i < 50; i++) {
    const d = alone.enter('detmold', () => assert.fail('at once'));
    assert.equal(d.outcome, 'admitted');
    if (d.outcome === 'admitted') d.release();
  }
});

test('a tenant sending more than its share beside others holds only its contended slots; the rest of its requests wait and move up as its slots free', async () => {
  const g = new FairGate({ slots: () => 64, maxWaitMs: 1000, queueLength: 256, tenantShare: 0.5, contendedSlots: 1 });
  const cycle = (tenant: string) => {
    const d = g.enter(tenant, () => assert.fail('at once'));
    assert.equal(d.outcome, 'admitted');
    if (d.outcome === 'admitted') d.release();
  };
  // Alone, Detmold may use its whole share: nobody else is waiting for the event loop.
  const held: Array<() => void> = [];
  for (let i = 0; i < 110; i++) {
    const d = g.enter('detmold', () => assert.fail('at once'));
    assert.equal(d.outcome, 'admitted', `alone, request ${i + 1}`);
    if (d.outcome !== 'admitted') continue;
    if (i < 3) held.push(d.release);
    else d.release();
  }
  assert.equal(g.heldBy('detmold'), 3);
  for (let i = 0; i < 10; i++) cycle('lemgo');
  // Now Lemgo is served too, and Detmold sent 110 of 120: it holds 3, more than its one contended slot.
  const admitted: string[] = [];
  const waiting = [g.acquire('detmold').then((d) => (admitted.push('detmold 1'), d)), g.acquire('detmold').then((d) => (admitted.push('detmold 2'), d))];
  assert.equal(g.queued, 2, "Detmold's next requests wait");
  cycle('lemgo');
  cycle(noTenant);
  assert.equal(g.heldBy('detmold'), 3);
  held.shift()!();
  held.shift()!();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(admitted, [], 'still two of its own in flight: above one');
  held.shift()!();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(admitted, ['detmold 1'], 'one slot free of its one: the first waiter moves up, the second still waits');
  const first = await waiting[0]!;
  if (first.outcome === 'admitted') first.release();
  const second = await waiting[1]!;
  assert.equal(second.outcome, 'admitted');
  if (second.outcome === 'admitted') second.release();
  assert.equal(g.refused.queue_full + g.refused.over_share + g.refused.timeout, 0);
});

test("while another municipality's request is being served, the flooding one starts nothing new; the shared catalog does not hold it back", async () => {
  const g = new FairGate({ slots: () => 64, maxWaitMs: 1000, queueLength: 256, tenantShare: 0.5, contendedSlots: 1 });
  const cycle = (tenant: string) => {
    const d = g.enter(tenant, () => assert.fail('at once'));
    assert.equal(d.outcome, 'admitted', tenant);
    if (d.outcome === 'admitted') d.release();
  };
  for (let i = 0; i < 110; i++) cycle('detmold');
  for (let i = 0; i < 10; i++) cycle('lemgo');
  const catalog = g.enter(noTenant, () => assert.fail('at once'));
  assert.equal(catalog.outcome, 'admitted');
  const one = g.enter('detmold', () => assert.fail('at once'));
  assert.equal(one.outcome, 'admitted', 'a catalog reader in flight is no reason to wait');
  if (one.outcome === 'admitted') one.release();
  const lemgo = g.enter('lemgo', () => assert.fail('at once'));
  assert.equal(lemgo.outcome, 'admitted');
  let started = false;
  const next = g.acquire('detmold').then((d) => ((started = true), d));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(started, false, "Detmold holds no slot, but Lemgo's page is being served");
  if (lemgo.outcome === 'admitted') lemgo.release();
  const admitted = await next;
  assert.equal(admitted.outcome, 'admitted', "Detmold's turn comes as soon as Lemgo's page is done");
  if (admitted.outcome === 'admitted') admitted.release();
  if (catalog.outcome === 'admitted') catalog.release();
});

test('the hold-back lifts once the flooding municipality got less than its share of the admissions, and unlimited slots switch it off', async () => {
  const g = new FairGate({ slots: () => 64, maxWaitMs: 1000, queueLength: 256, tenantShare: 0.5, contendedSlots: 1 });
  // Detmold's burst: 32 admitted (its share of the slots) and held, 28 waiting.
  const detmold: Promise<Decision>[] = [];
  for (let i = 0; i < 60; i++) detmold.push(g.acquire('detmold'));
  assert.equal(g.heldBy('detmold'), 32);
  for (let i = 0; i < 40; i++) {
    const d = g.enter('lemgo', () => assert.fail('at once'));
    if (d.outcome === 'admitted') d.release();
  }
  const lemgo = g.enter('lemgo', () => assert.fail('at once'));
  assert.equal(lemgo.outcome, 'admitted');
  // 61 of 101 requests are Detmold's, but only 32 of 73 admissions: it is not held back behind
  // Lemgo's page, so a freed slot of its own goes to its next waiter at once.
  const first = await detmold[0]!;
  assert.equal(first.outcome, 'admitted');
  const waiting = g.queued;
  if (first.outcome === 'admitted') first.release();
  assert.equal(g.queued, waiting - 1, "Detmold's next waiter started beside Lemgo's page");
  assert.equal(g.heldBy('detmold'), 32);
  if (lemgo.outcome === 'admitted') lemgo.release();

  const unlimited = new FairGate({ slots: () => 0, maxWaitMs: 1000, queueLength: 1, tenantShare: 0.5, contendedSlots: 1 });
  for (let i = 0; i < 90; i++) unlimited.enter('detmold', () => assert.fail('at once'));
  for (let i = 0; i < 10; i++) assert.equal(unlimited.enter('lemgo', () => assert.fail('at once')).outcome, 'admitted');
  assert.equal(unlimited.enter('detmold', () => assert.fail('at once')).outcome, 'admitted', 'unlimited slots: no hold-back, no line');
  assert.equal(unlimited.heldBy('detmold'), 91);
});

test('a flooding municipality whose reads took more than its share of the time starts nothing until that share frees, even with every slot free', async () => {
  let now = 0;
  const g = new FairGate({ slots: () => 64, maxWaitMs: 5000, queueLength: 256, tenantShare: 0.5, contendedSlots: 1, contendedTimeShare: 0.25, now: () => now });
  const cycle = (tenant: string) => {
    const d = g.enter(tenant, () => assert.fail('at once'));
    assert.equal(d.outcome, 'admitted', tenant);
    if (d.outcome === 'admitted') d.release();
  };
  // Alone, a municipality is never held to a share of the time, and what it held alone does not count later.
  const alone = [g.enter('detmold', () => assert.fail('at once')), g.enter('detmold', () => assert.fail('at once'))];
  now = 300;
  for (const d of alone) if (d.outcome === 'admitted') d.release();
  for (let i = 0; i < 110; i++) cycle('detmold');
  for (let i = 0; i < 10; i++) cycle('lemgo');
  // Now Lemgo is served too: Detmold's one contended slot held for 450 ms is more than a quarter
  // of the 1,750 ms counted (this window and one before it).
  const contended = g.enter('detmold', () => assert.fail('at once'));
  assert.equal(contended.outcome, 'admitted');
  now = 750;
  if (contended.outcome === 'admitted') contended.release();
  let started = false;
  const next = g.acquire('detmold').then((d) => ((started = true), d));
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(started, false, 'over its share of the time: it waits, though no one holds a slot');
  assert.equal(g.inFlight, 0);
  // 1,900 ms counted: 450 ms is less than a quarter of it (the 600 ms held alone would have made
  // it more), and Detmold's waiter starts without any slot being released.
  now = 900;
  const admitted = await next;
  assert.equal(admitted.outcome, 'admitted');
  if (admitted.outcome === 'admitted') admitted.release();
  assert.equal(g.refused.queue_full + g.refused.over_share + g.refused.timeout, 0);
});

test('a municipality alone is never paced by the time share when its line is bounded', () => {
  let now = 0;
  const g = new FairGate({ slots: () => 2, maxWaitMs: 200, queueLength: 64, tenantShare: 0.5, contendedSlots: 1, contendedTimeShare: 0.25, now: () => now });
  // Detmold alone holds its one slot (its share of two) back to back, 100 ms each: all of the time.
  for (let i = 0; i < 5; i++) {
    const d = g.enter('detmold', () => {});
    now += 100;
    if (d.outcome === 'admitted') d.release();
  }
  const held = g.enter('detmold', () => {});
  assert.equal(held.outcome, 'admitted');
  // With 100 ms per slot and 200 ms to wait, two places in its line are within reach; paced to a
  // quarter of the time they would not be.
  const waiting = [g.enter('detmold', () => {}), g.enter('detmold', () => {})];
  assert.deepEqual(waiting.map((d) => d.outcome), ['queued', 'queued']);
  for (const d of waiting) if (d.outcome === 'queued') d.cancel();
  if (held.outcome === 'admitted') held.release();
});
