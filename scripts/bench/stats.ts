/** Latency percentiles (nearest rank) and the shape every workload result shares. */
export type Latency = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };

export function latencyOf(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const mean = sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : 0;
  const round = (value: number) => Math.round(value * 100) / 100;
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0), mean: round(mean) };
}

export type Measurement = {
  label: string;
  latency: Latency;
  /** Completed operations per second over the phase. */
  throughput: number;
  connections: number;
  seconds: number;
  errors: number;
  statuses?: Record<string, number>;
  peakRssMb?: number | undefined;
  /** The machine's 1-minute load average when the phase ended (the machine is shared). */
  load?: number;
  note?: string;
};

/**
 * The run with the median of `key` (of an odd number of runs; the upper middle of an even one).
 * The edge's figures move from run to run with whatever else the two shared cores are doing
 * (goodput 0.52–0.97 in consecutive runs of the same build): one run is a sample, not a result.
 */
export function medianRun<T>(runs: readonly T[], key: (run: T) => number): T {
  if (runs.length === 0) throw new Error('No run to take the median of');
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor(sorted.length / 2)]!;
}
