/**
 * Cold start: from spawning `node src/main.ts serve` on an existing database to the first 200 of
 * the home page (which reads the tenants from the database), beside the same runtime started with
 * `node -e` serving one HTTP response. The median of several starts counts.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startApp, waitFor200, type StartOptions } from './app-process.ts';
import { freePort } from '../../src/platform/testing/free-port.ts';
import { latencyOf, type Measurement } from './stats.ts';

export const coldStarts = 5;

async function nodeEStart(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, r) => r.end('ok')).listen(${port}, '127.0.0.1')`], { stdio: 'ignore' });
  try {
    await waitFor200(`http://127.0.0.1:${port}/`, 30_000, child);
    return performance.now() - started;
  } finally {
    child.kill('SIGKILL');
  }
}

export async function coldStartWorkload(label: string, options: Omit<StartOptions, 'runWorker'>): Promise<{ app: Measurement; baseline: Measurement }> {
  // One start not counted: it applies any migration newer than the data directory.
  await (await startApp({ ...options, runWorker: false })).stop();
  const appTimes: number[] = [];
  const peaks: number[] = [];
  const baselineTimes: number[] = [];
  for (let round = 0; round < coldStarts; round++) {
    baselineTimes.push(await nodeEStart());
    const app = await startApp({ ...options, runWorker: false, logFile: options.logFile });
    appTimes.push(app.startupMs);
    peaks.push(app.peakRssMb() ?? 0);
    await app.stop();
  }
  const measurement = (name: string, times: number[], note: string, peak?: number): Measurement => ({
    label: name,
    latency: latencyOf(times),
    throughput: 0,
    connections: 1,
    seconds: Math.round(times.reduce((sum, t) => sum + t, 0) / 100) / 10,
    errors: 0,
    ...(peak ? { peakRssMb: peak } : {}),
    note,
  });
  return {
    app: measurement(label, appTimes, `${coldStarts} starts of ${path.join('src', 'main.ts')} serve to the first 200 of GET /`, Math.max(...peaks)),
    baseline: measurement('node -e HTTP server', baselineTimes, `${coldStarts} starts of the same runtime to its first 200`),
  };
}
