/**
 * A closed-loop flood (autocannon, as many requests as the connections get answered) from a
 * process of its own: a flood driven from the benchmark process would delay the timing of the
 * requests measured beside it in the same event loop, and the measurement would show the load
 * generator's queue instead of the app's. Run by `flood()`; prints its summary as JSON.
 *
 *   node scripts/bench/flood.ts '{"url":"http://127.0.0.1:3000","paths":["/"],"connections":64,"seconds":10}'
 */
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';

export type FloodSpec = { url: string; paths: string[]; connections: number; seconds: number };
export type FloodResult = { requests: number; seconds: number; statuses: Record<string, number>; errors: number; p50: number; p97_5: number; p99: number; max: number };

async function runFlood(spec: FloodSpec): Promise<FloodResult> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    requests: spec.paths.map((path) => ({ method: 'GET' as const, path })),
  });
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  return {
    requests: result.requests.total,
    seconds: result.duration,
    statuses: Object.fromEntries(Object.entries(stats).map(([status, { count }]) => [status, count])),
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

/** Starts the flood in a child process; resolves with its summary when it has run `seconds`. */
export function flood(spec: FloodSpec): Promise<FloodResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [import.meta.filename, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`Flood process exited with ${code}`));
      try {
        resolve(JSON.parse(out) as FloodResult);
      } catch (error) {
        reject(new Error(`Flood process printed no summary: ${out.slice(0, 300)}`, { cause: error }));
      }
    });
  });
}

if (process.argv[1] === import.meta.filename) {
  const summary = await runFlood(JSON.parse(process.argv[2] ?? '{}') as FloodSpec);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
