/**
 * Overload (issue 10): the mixed reads of mixed-reads.ts offered open loop at twice the maximum
 * sustainable rate. Admission control (src/platform/http/admission.ts, fair-gate.ts) lets
 * ADMISSION_READ_SLOTS reads run (default 64) and four times as many wait up to
 * ADMISSION_MAX_WAIT_MS (default 2 s); the rest is shed at once with 503 and Retry-After. What
 * counts: the 200s per second (goodput) against the sustainable rate (target ≥ 0.9, i.e. shedding
 * must not eat the capacity it protects) and how fast shed answers come (target: within 10 ms).
 *
 * The sockets bound what is in flight: 2,048 is far above the 320 requests the read gate holds by
 * default (64 slots + 256 places in line), so the line fills and the gate has to shed, and
 * arrivals need not wait for a socket while shed answers are slow.
 */
import type { AppProcess } from './app-process.ts';
import type { RequestSpec } from './http-load.ts';
import { openLoop, type OpenLoopResult } from './open-loop.ts';

export const overloadFactor = 2;
export const overloadSockets = 2048;
/** Issue 10: a shed request is answered within this many milliseconds (p99). */
export const shedWithinMs = 10;

export type OverloadResults = OpenLoopResult & {
  /** The rate the offered load is twice of. */
  maxPerSecond: number;
  /** 200s per second ÷ maxPerSecond. */
  goodputFraction: number;
};

export async function overloadWorkload(app: AppProcess, next: () => RequestSpec, maxPerSecond: number, durationSeconds: number, via = ''): Promise<OverloadResults> {
  const rate = Math.max(1, Math.round(maxPerSecond * overloadFactor));
  const result = await openLoop({ label: `overload: mixed reads at ${overloadFactor} × ${Math.round(maxPerSecond)}/s${via ? ` (${via})` : ''}`, app, ratePerSecond: rate, seconds: durationSeconds, sockets: overloadSockets, next });
  return { ...result, maxPerSecond, goodputFraction: result.ok.throughput / Math.max(maxPerSecond, 0.001) };
}

/**
 * The refusal target is about no one waiting for a no: every 503/429 within shedWithinMs, with
 * Retry-After. When nothing had to be refused (an edge cache answered all of twice the
 * sustainable rate), it holds if every request got its page within the same 10 ms and none failed.
 */
export function shedInTime(overload: Pick<OpenLoopResult, 'ok' | 'shed' | 'shedWithRetryAfter' | 'errors'>): boolean {
  const shed = overload.shed.latency;
  if (shed.n === 0) return overload.errors === 0 && overload.ok.latency.n > 0 && overload.ok.latency.p99 <= shedWithinMs;
  return shed.p99 <= shedWithinMs && overload.shedWithRetryAfter === shed.n;
}
