import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { appShedCount } from '../../scripts/bench/fairness.ts';
import { admissionMetrics } from '../../src/platform/http/admission-metrics.ts';
import { FairGate } from '../../src/platform/http/fair-gate.ts';

// The fairness report says which layer refused Lemgo's requests from the app's own count; a
// parser that drifted from the metric's format would report 0 by the app and blame the edge.
test("the bench reads one municipality's refusals off the app's /metrics, over all classes and reasons", async () => {
  const gate = () => new FairGate({ slots: () => 1, maxWaitMs: 1000, queueLength: 1, tenantShare: 1 });
  const gates = { read: gate(), citizen: gate(), staff: gate() };
  const fill = (g: FairGate, tenant: string, refusals: number) => {
    const waiters = Array.from({ length: refusals + 2 }, () => g.enter(tenant, () => {}));
    assert.equal(waiters.filter((d) => d.outcome === 'queue_full').length, refusals);
    for (const d of waiters) if (d.outcome === 'queued') d.cancel();
  };
  fill(gates.read, 'lemgo', 3);
  fill(gates.citizen, 'lemgo', 2);
  fill(gates.staff, 'lemgo-nord', 5);
  const server = http.createServer((request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end();
    response.end(`# other metrics\n${admissionMetrics(gates)}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    assert.equal(await appShedCount(`http://127.0.0.1:${port}`, 'lemgo'), 5, 'not lemgo-nord, not the shared pages');
    assert.equal(await appShedCount(`http://127.0.0.1:${port}`, 'detmold'), 0);
    assert.equal(await appShedCount(`http://127.0.0.1:${port}/elsewhere`, 'lemgo'), undefined, 'no /metrics: unknown, not 0');
  } finally {
    server.close();
  }
});
