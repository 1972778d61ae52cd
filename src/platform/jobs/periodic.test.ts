import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPeriodic } from './periodic.ts';

test('a periodic task never overlaps itself, failures are reported, and stop waits for a running task', async () => {
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  let finished = 0;
  const errors: string[] = [];
  const runner = startPeriodic(
    [
      {
        name: 'slow',
        intervalMs: 5,
        firstRunAfterMs: 0,
        run: async () => {
          active++;
          runs++;
          maxActive = Math.max(maxActive, active);
          await sleep(30);
          active--;
          finished++;
        },
      },
      { name: 'broken', intervalMs: 5, firstRunAfterMs: 0, run: () => Promise.reject(new Error('kaputt')) },
    ],
    (task, error) => errors.push(`${task}: ${(error as Error).message}`),
  );
  await sleep(100);
  await runner.stop();
  assert.ok(runs >= 2, `ran ${runs} times`);
  assert.equal(maxActive, 1, 'never two runs at once');
  assert.equal(finished, runs, 'stop waited for the running task');
  assert.ok(errors.length >= 1 && errors.every((line) => line === 'broken: kaputt'), errors.join());
  const after = runs;
  await sleep(30);
  assert.equal(runs, after, 'nothing runs after stop');
});
