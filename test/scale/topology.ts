/**
 * The scale-out topology of issue 10 on loopback: Debian's nginx as reverse proxy (round robin)
 * in front of several `kreisportal serve` processes that share one PostgreSQL database, one
 * S3-compatible store (s3rver) and one SESSION_SECRET, each with its own data directory (so
 * nothing is shared through the disk). Plus a small cookie-keeping HTTP client that can talk to
 * the proxy or to one process directly, as a browser behind one host name would.
 */
import { startNginx as startEdge, type NginxProcess } from '../../src/platform/edge/nginx-process.ts';
import { defaultEdgeOptions } from '../../src/platform/edge/nginx-config.ts';

export type Nginx = NginxProcess;

/**
 * nginx with the edge configuration of production (src/platform/edge/nginx-config.ts, including
 * the per-municipality bound on anonymous reads) in front of the given processes; resolves once
 * the proxy answers /healthz with 200 from a process.
 */
export async function startNginx(upstreamPorts: number[], port: number, tenantSlugs: string[]): Promise<Nginx> {
  const nginx = await startEdge({
    ...defaultEdgeOptions,
    upstreams: upstreamPorts.map((upstream) => `127.0.0.1:${upstream}`),
    tenantSlugs,
    // Which process answered, for the test (not for production).
    extraProxyLines: ['add_header X-Upstream $upstream_addr always;'],
  }, port);
  const deadline = Date.now() + 15_000;
  while ((await fetch(`${nginx.origin}/healthz`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`nginx got no 200 from a process within 15 s: ${nginx.errors()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return nginx;
}

/** A browser: keeps cookies and the last CSRF token; each request names the origin it goes to. */
export class Visitor {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(origin: string, pathAndQuery: string, init: { method?: string; form?: Record<string, string>; body?: FormData } = {}): Promise<{ response: Response; body: Buffer }> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
    let body: string | FormData | undefined = init.body;
    if (init.method === 'POST') headers.origin = origin;
    if (init.form) {
      body = new URLSearchParams({ _csrf: this.csrf, ...init.form }).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(`${origin}${pathAndQuery}`, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    const bytes = Buffer.from(await response.arrayBuffer());
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else if (name) this.cookies.set(name, value);
    }
    if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
      const token = /name="_csrf" value="([^"]+)"/.exec(bytes.toString('utf8'))?.[1];
      if (token) this.csrf = token;
    }
    return { response, body: bytes };
  }

  async upload(origin: string, pathAndQuery: string, field: string, fileName: string, data: Buffer): Promise<{ response: Response; body: Buffer }> {
    const form = new FormData();
    form.append('_csrf', this.csrf);
    form.append(field, new Blob([new Uint8Array(data)], { type: 'application/pdf' }), fileName);
    return this.request(origin, pathAndQuery, { method: 'POST', body: form });
  }
}
