/**
 * Open-loop load: requests start at a fixed rate, evenly spaced, whether or not earlier ones
 * have been answered, as independent visitors arrive. A closed loop (autocannon) slows down with
 * the server and so never offers more than the server takes; overload and fairness need the
 * offered rate to stay put. Answers are split by status: 200s are the goodput, 503/429 are shed
 * answers (admission control, src/platform/http/admission.ts), everything else is an error.
 * `lagMs` is how late requests left against their schedule (no free socket, or this process too
 * busy): when it grows, the generator, not the app, set the pace.
 */
import os from 'node:os';
import type { AppProcess } from './app-process.ts';
import { HttpClient } from './http-client.ts';
import type { RequestSpec } from './http-load.ts';
import { latencyOf, type Latency, type Measurement } from './stats.ts';

export type OpenLoopSpec = {
  label: string;
  app: AppProcess;
  ratePerSecond: number;
  seconds: number;
  /** Most requests in flight at once (sockets); later arrivals wait for one and count as lag. */
  sockets: number;
  next: () => RequestSpec;
};

export type OpenLoopResult = {
  /** The 200s: latency from send, throughput = 200s answered within the window per second. */
  ok: Measurement;
  /** The shed answers (503/429): latency from send, rate per second. */
  shed: Measurement;
  /** Shed answers that carried Retry-After. */
  shedWithRetryAfter: number;
  offeredPerSecond: number;
  sent: number;
  statuses: Record<string, number>;
  errors: number;
  lagMs: Latency;
};

const shedStatuses = new Set([503, 429]);

export async function openLoop(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  const client = new HttpClient(spec.app.baseUrl, spec.sockets);
  const okTimes: number[] = [];
  const shedTimes: number[] = [];
  const lags: number[] = [];
  const statuses: Record<string, number> = {};
  let okInWindow = 0;
  let shedInWindow = 0;
  let shedWithRetryAfter = 0;
  let errors = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  spec.app.resetPeakRss();
  const start = performance.now();
  const end = start + spec.seconds * 1000;
  const total = Math.floor(spec.seconds * spec.ratePerSecond);

  const fire = () => {
    const scheduledAt = start + (sent * 1000) / spec.ratePerSecond;
    sent++;
    const done = client.send(spec.next()).then(
      (answer) => {
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        lags.push(Math.max(0, answer.sentAt - scheduledAt));
        const inWindow = answer.sentAt + answer.ms <= end;
        if (answer.status === 200) {
          okTimes.push(answer.ms);
          if (inWindow) okInWindow++;
        } else if (shedStatuses.has(answer.status)) {
          shedTimes.push(answer.ms);
          if (inWindow) shedInWindow++;
          if (answer.headers['retry-after'] !== undefined) shedWithRetryAfter++;
        } else {
          errors++;
        }
      },
      () => {
        errors++;
      },
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  // A timer tick is about a millisecond: each tick sends what fell due since the last one.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Request k is due at k / rate: at time t, requests 0 … floor(t × rate) are.
      const due = Math.min(total, Math.floor(((now - start) / 1000) * spec.ratePerSecond) + 1);
      while (sent < due) fire();
      if (now >= end) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(inFlight);
  client.close();
  const peakRssMb = spec.app.peakRssMb();
  const load = Math.round((os.loadavg()[0] ?? 0) * 10) / 10;
  const base = { connections: spec.sockets, seconds: spec.seconds, statuses, peakRssMb, load };
  const lag = latencyOf(lags);
  const note = `open loop, ${spec.ratePerSecond}/s offered on up to ${spec.sockets} sockets; sent late: p50 ${lag.p50} ms, p99 ${lag.p99} ms`;
  return {
    ok: { label: `${spec.label}: 200s`, latency: latencyOf(okTimes), throughput: Math.round((okInWindow / spec.seconds) * 10) / 10, errors, ...base, note },
    shed: { label: `${spec.label}: shed (503/429)`, latency: latencyOf(shedTimes), throughput: Math.round((shedInWindow / spec.seconds) * 10) / 10, errors, ...base, note: `${shedWithRetryAfter} of ${shedTimes.length} with Retry-After` },
    shedWithRetryAfter,
    offeredPerSecond: spec.ratePerSecond,
    sent,
    statuses,
    errors,
    lagMs: lag,
  };
}
