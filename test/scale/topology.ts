/**
 * The scale-out topology of issue 10 on loopback: Debian's nginx as reverse proxy (round robin)
 * in front of several `kreisportal serve` processes that share one PostgreSQL database, one
 * S3-compatible store (s3rver) and one SESSION_SECRET, each with its own data directory (so
 * nothing is shared through the disk). Plus a small cookie-keeping HTTP client that can talk to
 * the proxy or to one process directly, as a browser behind one host name would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Nginx = { origin: string; port: number; stop(): Promise<void>; errors(): string };

/** Starts nginx in the foreground (daemon off) with a configuration of its own in a temporary directory. */
export async function startNginx(upstreamPorts: number[], port: number): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-nginx-'));
  // Workers run as an unprivileged user when the master is root: they must write the temp paths.
  fs.chmodSync(dir, 0o777);
  const config = `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream kreisportal {
${upstreamPorts.map((upstream) => `    server 127.0.0.1:${upstream};`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 20m;
    location / {
      proxy_pass http://kreisportal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Which process answered, for the test (not for production).
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, config);
  const child: ChildProcess = spawn(nginxBinary(), ['-p', dir, '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${origin}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer within 15 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    origin,
    port,
    errors: () => (fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '') + stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function nginxBinary(): string {
  const found = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error('nginx not found: apt-get install nginx (.ci/run does)');
  return found;
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
