import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shedInTime } from '../../scripts/bench/overload.ts';
import type { Latency } from '../../scripts/bench/stats.ts';

const latency = (n: number, p99: number): Latency => ({ n, p50: p99 / 2, p95: p99, p99, max: p99, mean: p99 / 2 });
const run = (ok: Latency, shed: Latency, shedWithRetryAfter = shed.n, errors = 0) => ({ ok: { latency: ok }, shed: { latency: shed }, shedWithRetryAfter, errors }) as Parameters<typeof shedInTime>[0];

test('refusals count as in time only within 10 ms at p99 and all with Retry-After', () => {
  assert.equal(shedInTime(run(latency(100, 50), latency(100, 4))), true);
  assert.equal(shedInTime(run(latency(100, 50), latency(100, 12))), false, 'slow refusals');
  assert.equal(shedInTime(run(latency(100, 1), latency(100, 4), 99)), false, 'one refusal without Retry-After');
});

test('with nothing refused, every request must have had its page within 10 ms and none failed', () => {
  assert.equal(shedInTime(run(latency(1000, 3), latency(0, 0))), true);
  assert.equal(shedInTime(run(latency(1000, 30), latency(0, 0))), false, 'pages late: someone waited');
  assert.equal(shedInTime(run(latency(1000, 3), latency(0, 0), 0, 5)), false, 'errors instead of refusals');
  assert.equal(shedInTime(run(latency(0, 0), latency(0, 0))), false, 'nothing answered at all');
});
