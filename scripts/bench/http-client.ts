/**
 * A small keep-alive HTTP client on node:http for journeys whose next request depends on the
 * answer (soak), which autocannon cannot drive; open-loop load has its own leaner client
 * (raw-http.ts). One agent per
 * workload, so its socket limit is the workload's concurrency. Times are taken when the request
 * is handed a socket (`sentAt`), so time spent waiting for a free socket shows apart.
 */
import http from 'node:http';
import type { RequestSpec } from './http-load.ts';

export type Answer = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as text, only when asked for (`keepBody`): reading pages costs the load generator time. */
  body: string;
  /** Milliseconds from the request getting its socket to the end of the response. */
  ms: number;
  /** performance.now() when the request got its socket. */
  sentAt: number;
};

export class HttpClient {
  readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, sockets: number) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /** Resolves with the answer; rejects on a network error or after `timeoutMs` without an answer. */
  send(spec: RequestSpec, keepBody = false, timeoutMs = 30_000): Promise<Answer> {
    return new Promise((resolve, reject) => {
      let sentAt = performance.now();
      const request = http.request({
        agent: this.agent,
        host: this.url.hostname,
        port: this.url.port,
        method: spec.method ?? 'GET',
        path: spec.path,
        headers: { ...spec.headers, ...(spec.body !== undefined ? { 'content-length': String(Buffer.byteLength(spec.body)) } : {}) },
      });
      request.once('socket', () => {
        sentAt = performance.now();
      });
      request.setTimeout(timeoutMs, () => request.destroy(new Error(`No answer within ${timeoutMs} ms`)));
      request.once('error', reject);
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        if (keepBody) response.on('data', (chunk: Buffer) => chunks.push(chunk));
        else response.resume();
        response.once('error', reject);
        response.once('end', () => resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: keepBody ? Buffer.concat(chunks).toString('utf8') : '',
          ms: performance.now() - sentAt,
          sentAt,
        }));
      });
      request.end(spec.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
