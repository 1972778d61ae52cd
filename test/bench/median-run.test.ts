import assert from 'node:assert/strict';
import { test } from 'node:test';
import { medianRun } from '../../scripts/bench/stats.ts';

test('the median run is the middle one by the given figure, whatever order the runs came in', () => {
  const runs = [{ run: 1, goodput: 0.97 }, { run: 2, goodput: 0.52 }, { run: 3, goodput: 0.9 }];
  assert.equal(medianRun(runs, (r) => r.goodput).run, 3);
  assert.equal(medianRun([runs[1]!], (r) => r.goodput).run, 2);
  assert.equal(medianRun([...runs, { run: 4, goodput: 0.6 }], (r) => r.goodput).run, 3, 'an even number: the upper middle');
  assert.throws(() => medianRun([], () => 0), /No run/);
});
