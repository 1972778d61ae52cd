/**
 * A PostgreSQL server of the test's own, in a temporary directory on a free port, so a fault test
 * can stop and start it without touching the machine's shared server. Debian's binaries, run as
 * the `postgres` user (initdb refuses root).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/platform/testing/free-port.ts';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => path.join(root, version, 'bin')).find((dir) => fs.existsSync(path.join(dir, 'pg_ctl')));
  if (!found) throw new Error('PostgreSQL server binaries (pg_ctl) not found under /usr/lib/postgresql');
  return found;
}

function asPostgres(command: string, args: string[]): void {
  const line = [command, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const runAs = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', 'sh', '-c', line]] : ['sh', ['-c', line]];
  execFileSync(runAs[0] as string, runAs[1] as string[], { stdio: 'pipe' });
}

export type PrivatePostgres = { url: string; stop(): void; start(): void; remove(): void };

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-pg-'));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  asPostgres(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  const start = () => asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  const stop = () => asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    remove() {
      try {
        stop();
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
