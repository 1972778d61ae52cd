/**
 * HTTP load from this process (not the app's) on loopback with autocannon. Every response time is
 * kept, so p95 is exact (autocannon's own summary has no p95); statuses are counted, and any status
 * other than the expected one counts as an error.
 */
import os from 'node:os';
import autocannon from 'autocannon';
import type { AppProcess } from './app-process.ts';
import { latencyOf, type Measurement } from './stats.ts';

export type RequestSpec = { path: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };

/**
 * What every browser sends with a page request: the pages then go compressed, as they do to real
 * visitors, and the app pays for compressing what it has not kept (rendered-pages.ts).
 */
export const browserHeaders: Readonly<Record<string, string>> = { 'accept-encoding': 'gzip, deflate, br' };

export type LoadSpec = {
  label: string;
  app: AppProcess;
  connections: number;
  /** Seconds to run, or a fixed number of requests. */
  durationSeconds?: number;
  amount?: number;
  /** The next request to send; called once per request. */
  next: () => RequestSpec;
  expectStatus?: number;
  note?: string;
};

export async function runLoad(spec: LoadSpec): Promise<Measurement> {
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  const expected = spec.expectStatus ?? 200;
  spec.app.resetPeakRss();
  const started = performance.now();
  // Without a callback autocannon returns its instance (an event emitter) that is also a promise of the result.
  const instance = autocannon({
    url: spec.app.baseUrl,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.durationSeconds ?? 10 }),
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const next = spec.next();
          return { ...request, method: next.method ?? 'GET', path: next.path, headers: { ...next.headers }, ...(next.body !== undefined ? { body: next.body } : {}) };
        },
      },
    ],
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    samples.push(responseTime);
    if (process.env.BENCH_DEBUG_SLOW && responseTime > Number(process.env.BENCH_DEBUG_SLOW)) console.log(`slow #${samples.length} sent at ${(performance.now() - started - responseTime).toFixed(0)} ms took ${responseTime.toFixed(0)} ms status ${statusCode}`);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const ok = statuses[expected] ?? 0;
  const errors = samples.length - ok + result.errors + result.timeouts;
  return {
    label: spec.label,
    latency: latencyOf(samples),
    throughput: Math.round((ok / seconds) * 10) / 10,
    connections: spec.connections,
    seconds: Math.round(seconds * 10) / 10,
    errors,
    statuses,
    peakRssMb: spec.app.peakRssMb(),
    load: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
    ...(spec.note ? { note: spec.note } : {}),
  };
}

/** Cycles through a list. */
export function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('Nothing to cycle through');
  let index = 0;
  return () => items[index++ % items.length]!;
}
