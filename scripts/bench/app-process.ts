/**
 * The application under test as a separate process (`node src/main.ts serve`, the command
 * operators run), on a free loopback port, with its JSON log in a file. Peak RSS is read from
 * /proc (VmHWM) and reset between workloads through /proc/PID/clear_refs (Linux), so each
 * workload reports the high-water mark it caused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './options.ts';
import { freePort } from '../../src/platform/testing/free-port.ts';

export const benchSessionSecret = 'kreisportal-benchmark-session-secret-0123456789';

export type AppProcess = {
  pid: number;
  baseUrl: string;
  /** Where the app itself answers, when `baseUrl` is an edge in front of it (its /metrics, say). */
  directUrl?: string;
  /** Milliseconds from spawn to the first 200 of the readiness path. */
  startupMs: number;
  resetPeakRss(): void;
  /** Peak resident set size since start or the last reset, in MiB (undefined off Linux). */
  peakRssMb(): number | undefined;
  stop(): Promise<void>;
};

/** Polls `url` every 5 ms until it answers 200; returns when it does. */
export async function waitFor200(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`Process exited with ${child.exitCode} before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function readStatusKb(pid: number, key: string): number | undefined {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export type StartOptions = {
  /** DATABASE_URL for PostgreSQL, or a DATA_DIR for the embedded database. */
  databaseUrl?: string;
  dataDir: string;
  runWorker: boolean;
  /** Path that must answer 200 for the app to count as started. */
  readyPath?: string;
  logFile: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** `start` also migrates and seeds a new database (used once to create the embedded one). */
  command?: 'serve' | 'start';
};

export async function startApp(options: StartOptions): Promise<AppProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const log = fs.openSync(options.logFile, 'a');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: baseUrl,
    DATA_DIR: options.dataDir,
    SESSION_SECRET: benchSessionSecret,
    SEED_DEMO: 'false',
    RUN_WORKER: String(options.runWorker),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(process.env.BENCH_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE } : {}),
    // For profiling the app under load, e.g. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof".
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    ...options.env,
    ...(process.env.BENCH_APP_ENV ? (JSON.parse(process.env.BENCH_APP_ENV) as Record<string, string>) : {}),
  };
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repositoryRoot, 'src', 'main.ts'), options.command ?? 'serve'], { cwd: repositoryRoot, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor200(`${baseUrl}${options.readyPath ?? '/'}`, options.timeoutMs ?? 120_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; see ${options.logFile}`, { cause: error });
  }
  const startupMs = performance.now() - started;
  const pid = child.pid ?? 0;
  return {
    pid,
    baseUrl,
    startupMs,
    resetPeakRss: () => {
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        // not Linux, or not allowed: the peak then covers the whole process life
      }
    },
    peakRssMb: () => {
      const kb = readStatusKb(pid, 'VmHWM');
      return kb === undefined ? undefined : kb / 1024;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
