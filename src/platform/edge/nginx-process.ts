/**
 * Runs Debian's nginx in the foreground with a configuration of its own in a temporary directory
 * (the scale-out test, the edge test and the benchmark): the config of nginx-config.ts, the shed
 * page beside it, temp paths writable by the unprivileged workers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderStandaloneNginxConfig, type EdgeOptions } from './nginx-config.ts';

export type NginxProcess = { origin: string; port: number; pid: number | undefined; stop(): Promise<void>; errors(): string };

export function nginxBinary(): string {
  const found = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error('nginx not found: apt-get install nginx (.ci/run does)');
  return found;
}

/** The edge of nginx-config.ts on 127.0.0.1:`port`, with its page cache in its own directory unless `pageCache` is false. */
export async function startNginx(
  options: Omit<EdgeOptions, 'listen' | 'pageCache'> & { pageCache?: boolean },
  port: number,
  workerProcesses: number | 'auto' = 'auto',
): Promise<NginxProcess> {
  const { pageCache = true, ...edge } = options;
  return startNginxWith(
    (dir) =>
      renderStandaloneNginxConfig(
        { ...edge, listen: `127.0.0.1:${port}`, pageCache: pageCache ? { directory: path.join(dir, 'page-cache'), boundsSocket: path.join(dir, 'bounds.sock') } : undefined },
        dir,
        workerProcesses,
      ),
    port,
  );
}

/** nginx in the foreground with the whole configuration `render` gives for its directory (prefix). */
export async function startNginxWith(render: (dir: string) => string, port: number): Promise<NginxProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-nginx-'));
  // Workers run as an unprivileged user when the master is root: they must read and write here.
  fs.chmodSync(dir, 0o777);
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, render(dir));
  const child: ChildProcess = spawn(nginxBinary(), ['-p', dir, '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const errors = () => (fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '') + stderr;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${errors()}`);
    try {
      // Any answer means nginx listens (the upstream may not be up yet).
      await (await fetch(`${origin}/healthz`)).arrayBuffer();
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer within 15 s: ${errors()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    origin,
    port,
    pid: child.pid,
    errors,
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
