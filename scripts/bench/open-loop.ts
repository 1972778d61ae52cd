/**
 * Open-loop load: requests start at a fixed rate, evenly spaced, whether or not earlier ones
 * have been answered, as independent visitors arrive. A closed loop (autocannon) slows down with
 * the server and so never offers more than the server takes; overload and fairness need the
 * offered rate to stay put. Answers are split by status: 200s are the goodput, 503/429 are shed
 * answers (admission control, src/platform/http/admission.ts), everything else is an error.
 * `lagMs` is how late requests left against their schedule (no free socket, or the generator
 * too busy): when it grows, the generator, not the app, set the pace.
 *
 * The generator runs in a process of its own on raw keep-alive connections (raw-http.ts), with
 * every request encoded before the clock starts: the bench process's own work (and a flood
 * beside it) must not delay the timing, and the generator must cost the shared cores as little
 * as it can. The sequence of requests is drawn in this process (`next`), so it is the same as
 * with any other load source.
 *
 *   node scripts/bench/open-loop.ts   (reads its plan as JSON on stdin, prints the result as JSON)
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import type { AppProcess } from './app-process.ts';
import type { RequestSpec } from './http-load.ts';
import { encodeRequest, RawConnection, type RawAnswer } from './raw-http.ts';
import { latencyOf, type Latency, type Measurement } from './stats.ts';
import { cpuShares, cpuSnapshot, describeCpu, type CpuShares } from './cpu-usage.ts';

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
  /** Where the CPU went while this generator ran (others running beside it included). */
  cpu: CpuShares;
};

/** What the generator process is given: the requests once each, and the order to send them in. */
type Plan = { host: string; port: number; ratePerSecond: number; seconds: number; sockets: number; requests: string[]; order: number[] };

type Outcome = {
  ok: Latency;
  shed: Latency;
  okInWindow: number;
  shedInWindow: number;
  shedWithRetryAfter: number;
  sent: number;
  statuses: Record<string, number>;
  errors: number;
  lag: Latency;
  /** CPU the generator itself used from its first request to its last answer (ms). */
  cpuMs: number;
};

const shedStatuses = new Set([503, 429]);
const answerTimeoutMs = 30_000;
/** Connections opened at once before the clock starts (well under the kernel's SYN backlog). */
const connectBatch = 128;

export async function openLoop(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  const url = new URL(spec.app.baseUrl);
  const total = Math.floor(spec.seconds * spec.ratePerSecond);
  const index = new Map<string, number>();
  const requests: string[] = [];
  const order: number[] = [];
  for (let i = 0; i < total; i++) {
    const next = spec.next();
    const encoded = encodeRequest(url.host, next.method ?? 'GET', next.path, next.headers, next.body).toString('latin1');
    let position = index.get(encoded);
    if (position === undefined) {
      position = requests.length;
      requests.push(encoded);
      index.set(encoded, position);
    }
    order.push(position);
  }
  spec.app.resetPeakRss();
  const before = cpuSnapshot(spec.app.pid);
  const outcome = await inOwnProcess({ host: url.hostname, port: Number(url.port), ratePerSecond: spec.ratePerSecond, seconds: spec.seconds, sockets: spec.sockets, requests, order });
  const cpu = cpuShares(before, cpuSnapshot(spec.app.pid), outcome.cpuMs);
  const peakRssMb = spec.app.peakRssMb();
  const load = Math.round((os.loadavg()[0] ?? 0) * 10) / 10;
  const base = { connections: spec.sockets, seconds: spec.seconds, statuses: outcome.statuses, peakRssMb, load, errors: outcome.errors };
  const perSecond = (count: number) => Math.round((count / spec.seconds) * 10) / 10;
  return {
    ok: { label: `${spec.label}: 200s`, latency: outcome.ok, throughput: perSecond(outcome.okInWindow), ...base, note: `open loop, ${spec.ratePerSecond}/s offered on up to ${spec.sockets} sockets; sent late: p50 ${outcome.lag.p50} ms, p99 ${outcome.lag.p99} ms; ${describeCpu(cpu)}` },
    shed: { label: `${spec.label}: shed (503/429)`, latency: outcome.shed, throughput: perSecond(outcome.shedInWindow), ...base, note: `${outcome.shedWithRetryAfter} of ${outcome.shed.n} with Retry-After` },
    shedWithRetryAfter: outcome.shedWithRetryAfter,
    offeredPerSecond: spec.ratePerSecond,
    sent: outcome.sent,
    statuses: outcome.statuses,
    errors: outcome.errors,
    lagMs: outcome.lag,
    cpu,
  };
}

function inOwnProcess(plan: Plan): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [import.meta.filename], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    // 'close', not 'exit': by then everything it printed has been read.
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`Open-loop generator exited with ${code}`));
      try {
        resolve(JSON.parse(out) as Outcome);
      } catch (error) {
        reject(new Error(`Open-loop generator printed no result: ${out.slice(0, 300)}`, { cause: error }));
      }
    });
    child.stdin.end(JSON.stringify(plan));
  });
}

/** The generator itself (in its own process). */
async function generate(plan: Plan): Promise<Outcome> {
  const encoded = plan.requests.map((request) => Buffer.from(request, 'latin1'));
  const okTimes: number[] = [];
  const shedTimes: number[] = [];
  const lags: number[] = [];
  const statuses: Record<string, number> = {};
  let okInWindow = 0;
  let shedInWindow = 0;
  let shedWithRetryAfter = 0;
  let errors = 0;
  let sent = 0;
  let settled = 0;
  const idle: RawConnection[] = [];
  let open = 0;
  /** Requests that fell due while every socket was busy: their index in `order`. */
  const due: number[] = [];
  let dueHead = 0;
  const total = plan.order.length;
  let finished: () => void = () => {};

  const record = (scheduledAt: number, answer: RawAnswer) => {
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    lags.push(Math.max(0, answer.sentAt - scheduledAt));
    const inWindow = answer.sentAt + answer.ms <= end;
    if (answer.status === 200) {
      okTimes.push(answer.ms);
      if (inWindow) okInWindow++;
    } else if (shedStatuses.has(answer.status)) {
      shedTimes.push(answer.ms);
      if (inWindow) shedInWindow++;
      if (answer.retryAfter) shedWithRetryAfter++;
    } else {
      errors++;
    }
  };
  const settle = () => {
    settled++;
    if (settled === total) finished();
  };
  const onGone = (connection: RawConnection) => {
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
    open--;
    pump();
  };
  const sendOn = (connection: RawConnection, k: number) => {
    const scheduledAt = start + (k * 1000) / plan.ratePerSecond;
    connection.send(encoded[plan.order[k]!]!, (answer) => {
      record(scheduledAt, answer);
      settle();
      release(connection);
    }, () => {
      errors++;
      settle();
    });
  };
  /** A connection is free again: it takes the oldest waiting request, or waits for the next. */
  const release = (connection: RawConnection) => {
    if (!connection.reusable) return connection.close();
    if (dueHead < due.length) sendOn(connection, due[dueHead++]!);
    else idle.push(connection);
  };
  /** Opens connections for waiting requests while the socket bound allows. */
  const pump = () => {
    while (dueHead < due.length && open < plan.sockets) {
      open++;
      sendOn(new RawConnection(plan.port, plan.host, onGone), due[dueHead++]!);
    }
  };
  const fire = (k: number) => {
    let connection = idle.pop();
    while (connection && !connection.reusable) {
      connection.close();
      connection = idle.pop();
    }
    if (connection) return sendOn(connection, k);
    due.push(k);
    pump();
  };

  // Every socket is connected before the clock starts, as visitors' browsers hold theirs: a stall
  // must not turn into a storm of new connections whose dropped SYNs measure the kernel's
  // one-second retransmission instead of the server.
  for (let opening = 0; opening < plan.sockets; opening += connectBatch) {
    const batch = Array.from({ length: Math.min(connectBatch, plan.sockets - opening) }, () => new RawConnection(plan.port, plan.host, onGone));
    open += batch.length;
    await Promise.all(batch.map((connection) => connection.connected));
    idle.push(...batch.filter((connection) => connection.reusable));
  }
  const start = performance.now();
  const cpuAtStart = process.cpuUsage();
  const end = start + plan.seconds * 1000;
  await new Promise<void>((resolve) => {
    // A timer tick is about a millisecond: each tick sends what fell due since the last one.
    const tick = () => {
      const now = performance.now();
      // Request k is due at k / rate: at time t, requests 0 … floor(t × rate) are.
      const dueNow = Math.min(total, Math.floor(((now - start) / 1000) * plan.ratePerSecond) + 1);
      while (sent < dueNow) fire(sent++);
      if (sent < total) return void setTimeout(tick, 1);
      // Whatever has no answer half a minute after the last request is counted as an error.
      const timeout = setTimeout(() => {
        errors += total - settled;
        resolve();
      }, answerTimeoutMs);
      finished = () => {
        clearTimeout(timeout);
        resolve();
      };
      if (settled === total) finished();
    };
    tick();
  });
  const used = process.cpuUsage(cpuAtStart);
  for (const connection of idle) connection.close();
  return { ok: latencyOf(okTimes), shed: latencyOf(shedTimes), okInWindow, shedInWindow, shedWithRetryAfter, sent, statuses, errors, lag: latencyOf(lags), cpuMs: (used.user + used.system) / 1000 };
}

if (process.argv[1] === import.meta.filename) {
  let input = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) input += chunk as string;
  const outcome = await generate(JSON.parse(input) as Plan);
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
  process.exit(0);
}
