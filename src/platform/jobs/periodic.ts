/**
 * Housekeeping that runs on a timer in the worker process (expired drafts, later retention
 * checks). One run at a time per task; a failing run is reported and the next one comes at the
 * usual time. Tasks must be idempotent: with several processes each runs them.
 */
export type PeriodicTask = { name: string; intervalMs: number; run: () => Promise<unknown>; firstRunAfterMs?: number };

export type PeriodicRunner = { stop(): Promise<void> };

export function startPeriodic(tasks: readonly PeriodicTask[], onError: (task: string, error: unknown) => void): PeriodicRunner {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const task of tasks) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const run = task
        .run()
        .catch((error: unknown) => onError(task.name, error))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    timers.push(setInterval(tick, task.intervalMs));
    // A first run soon after start, not a whole interval later, without delaying the start itself.
    timers.push(setTimeout(tick, task.firstRunAfterMs ?? 5_000));
  }
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}
