import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuShares, cpuSnapshot, describeCpu } from '../../scripts/bench/cpu-usage.ts';
import { startRefusingNginx } from '../../scripts/bench/refusing-nginx.ts';

// The busy-day figures are read beside where the CPU went; a share that is always 0 (a misread
// /proc field) would hide the load generator's cost without any error.
test('the CPU shares count what a process used: 300 ms of its own CPU shows as such over the interval', () => {
  const before = cpuSnapshot(process.pid);
  // Spin until this process has used 300 ms of CPU (however long that takes on a loaded machine).
  const used = process.cpuUsage();
  while (process.cpuUsage(used).user + process.cpuUsage(used).system < 300_000);
  const after = cpuSnapshot(process.pid);
  const seconds = (after.at - before.at) / 1000;
  const shares = cpuShares(before, after, 150);
  // Ticks are 10 ms, and reading /proc for the second snapshot is itself work of this process.
  const appSeconds = (shares.app / 100) * seconds;
  assert.ok(appSeconds >= 0.25 && appSeconds <= 0.45, `app ${shares.app}% of ${seconds.toFixed(3)} s = ${appSeconds.toFixed(3)} s of CPU`);
  assert.ok(shares.machine >= shares.app - 10, `machine ${shares.machine}% ≥ app ${shares.app}%`);
  assert.equal(shares.generator, Math.round((0.15 / seconds) * 100), '150 ms reported by the generator, over the interval');
  assert.match(describeCpu(shares), /^CPU \(% of one core, \d+% in all\): app \d+%, PostgreSQL \d+%, nginx \d+%, load generator \d+%, machine \d+%$/);
});

test("the fairness control's nginx refuses everything with the edge's busy page and Retry-After", async () => {
  const nginx = await startRefusingNginx();
  try {
    for (const path of ['/', '/lemgo/leistungen/x', '/healthz']) {
      const response = await fetch(`${nginx.origin}${path}`);
      const body = await response.text();
      assert.equal(response.status, 503, path);
      assert.equal(response.headers.get('retry-after'), '10');
      assert.match(body, /<html lang="de">/);
      assert.match(body, /lang="en"/);
    }
  } finally {
    await nginx.stop();
  }
});
