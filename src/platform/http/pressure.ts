import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';

export type PressureLimits = {
  /** Mean event-loop delay in ms over one sample window above which the process is under pressure (0: off). */
  maxEventLoopDelayMs: number;
  /** Used V8 heap in percent of its limit above which the process is under pressure (0: off). */
  maxHeapPercent: number;
};

export type PressureReading = { eventLoopDelayMs: number; heapPercent: number; underPressure: boolean; reasons: string[] };

export type PressureSample = { eventLoopDelayMs: number; heapPercent: number };

const tickMs = 10;
const lagSmoothing = 0.2;
/** Event-loop lag (ms) above which the process counts as busy (a 10 ms timer 25 ms late). */
export const busyLagMs = 25;

/**
 * Watches this process's event loop (perf_hooks.monitorEventLoopDelay) and V8 heap once a
 * window. The process counts as under pressure only after two windows in a row over a limit:
 * one long garbage collection or a neighbour on a shared machine must not take it out of rotation.
 */
export class PressureMonitor {
  private readonly limits: PressureLimits;
  private readonly histogram: ReturnType<typeof monitorEventLoopDelay>;
  private timer: NodeJS.Timeout | undefined;
  private overInARow = 0;
  private last: PressureReading = { eventLoopDelayMs: 0, heapPercent: 0, underPressure: false, reasons: [] };
  private ticker: NodeJS.Timeout | undefined;
  /** How late a 10 ms timer fires, smoothed over about a tenth of a second (ms). */
  private lagMs = 0;

  constructor(limits: PressureLimits) {
    this.limits = limits;
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
  }

  start(windowMs = 1000): void {
    if (this.timer) return;
    this.histogram.enable();
    this.timer = setInterval(() => this.sample(), windowMs);
    this.timer.unref();
    let last = performance.now();
    this.ticker = setInterval(() => {
      const now = performance.now();
      this.lagMs += lagSmoothing * (Math.max(0, now - last - tickMs) - this.lagMs);
      last = now;
    }, tickMs);
    this.ticker.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.ticker) clearInterval(this.ticker);
    this.timer = undefined;
    this.ticker = undefined;
    this.lagMs = 0;
    this.histogram.disable();
  }

  /** Takes one window's figures (tests pass their own). */
  sample(measured?: PressureSample): PressureReading {
    const figures = measured ?? this.measure();
    const reasons: string[] = [];
    if (this.limits.maxEventLoopDelayMs > 0 && figures.eventLoopDelayMs > this.limits.maxEventLoopDelayMs) reasons.push('event_loop_delay');
    if (this.limits.maxHeapPercent > 0 && figures.heapPercent > this.limits.maxHeapPercent) reasons.push('heap');
    this.overInARow = reasons.length > 0 ? this.overInARow + 1 : 0;
    this.last = { ...figures, underPressure: this.overInARow >= 2, reasons };
    return this.last;
  }

  reading(): PressureReading {
    return this.last;
  }

  get underPressure(): boolean {
    return this.last.underPressure;
  }

  /**
   * Saturated right now: the event loop runs more than `busyLagMs` behind (smoothed over about
   * 0.1 s). Much faster and milder than `underPressure`; admission uses it to hold a flooding
   * tenant to its share of the rate (fair-gate.ts), and it never takes the process out of rotation.
   */
  get busy(): boolean {
    return this.lagMs > busyLagMs;
  }

  /** Tests set the lag. */
  setLag(ms: number): void {
    this.lagMs = ms;
  }

  private measure(): PressureSample {
    // The histogram reports nanoseconds; its mean includes the 10 ms sampling resolution itself.
    const mean = Number.isNaN(this.histogram.mean) ? 0 : this.histogram.mean / 1e6;
    this.histogram.reset();
    const heap = v8.getHeapStatistics();
    return { eventLoopDelayMs: Math.max(0, mean - 10), heapPercent: (heap.used_heap_size / heap.heap_size_limit) * 100 };
  }
}
