import sonicBoom from 'sonic-boom';

// A CommonJS module: its export is the class, which also carries itself as `SonicBoom`.
const { SonicBoom } = sonicBoom;

/** A batch is written once it holds this many bytes (about a dozen access lines). */
export const logBatchBytes = 4096;
/** …and at the latest after this long, so a quiet process's lines still show at once to a reader. */
export const logFlushIntervalMs = 200;

/**
 * Where `kreisportal serve` writes its log: standard output, in batches. Written line by line
 * (pino's default), the one access line per request (operations.ts) cost a write system call
 * each, a tenth of the app's CPU for a kept catalog page (measured with a CPU profile of 17,000
 * pages/s). The batch is written synchronously when it is full, every 200 ms, and when the process
 * exits (a crash included: Node emits `exit` after an uncaught error), so only a process killed
 * outright (SIGKILL, the kernel's OOM killer) can lose its last 200 ms of lines.
 */
export function createLogDestination(fd = 1): InstanceType<typeof SonicBoom> {
  const destination = new SonicBoom({ fd, sync: true, minLength: logBatchBytes, periodicFlush: logFlushIntervalMs });
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // standard output is gone (a closed pipe): nothing left to write to
    }
  });
  return destination;
}
