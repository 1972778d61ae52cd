/**
 * A real clamd for tests, with a signature database made here: without internet freshclam cannot
 * fetch the official one. The database has one MD5 signature (`.hdb`: `md5:size:name`, ClamAV
 * "Creating signatures for ClamAV", hash-based signatures) for the EICAR anti-virus test file, a
 * harmless public test string every scanner reports as infected.
 * Production uses the operator's clamd with the real signatures (CLAMAV_ADDRESS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClamAvClient } from './clamav.ts';
import { freePort } from '../testing/free-port.ts';

/** The EICAR test file (eicar.org), 68 bytes. Assembled from parts so this source is not itself flagged. */
export const eicar = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE', '!$H+H*'].join(''), 'ascii');
export const eicarSignatureName = 'Kreisportal.Test.EICAR';

const clamdBinary = ['/usr/sbin/clamd', '/usr/bin/clamd', '/usr/local/sbin/clamd'].find((candidate) => fs.existsSync(candidate));

export type TestClamd = { address: string; client: ClamAvClient; close(): Promise<void> };

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** Starts clamd in the foreground on a free loopback port and waits until it answers PING. */
export async function startTestClamd(options: { streamMaxMb?: number } = {}): Promise<TestClamd> {
  if (!clamdBinary) throw new Error('clamd is not installed (Debian: apt-get install clamav-daemon)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-clamd-'));
  const md5 = crypto.createHash('md5').update(eicar).digest('hex');
  fs.writeFileSync(path.join(dir, 'kreisportal-test.hdb'), `${md5}:${eicar.length}:${eicarSignatureName}\n`);
  const port = await freePort();
  const config = path.join(dir, 'clamd.conf');
  fs.writeFileSync(
    config,
    [
      'Foreground yes',
      `DatabaseDirectory ${dir}`,
      'TCPAddr 127.0.0.1',
      `TCPSocket ${port}`,
      `PidFile ${path.join(dir, 'clamd.pid')}`,
      `StreamMaxLength ${options.streamMaxMb ?? 25}M`,
    ].join('\n') + '\n',
  );
  const child = spawn(clamdBinary, ['--config-file', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const address = `tcp://127.0.0.1:${port}`;
  const client = new ClamAvClient({ address, timeoutMs: 10_000 });
  const close = async () => {
    child.kill('SIGTERM');
    await stopped(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`clamd exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
    }
    if (await client.ping().catch(() => false)) return { address, client, close };
    if (Date.now() > deadline) {
      await close();
      throw new Error(`clamd did not answer PING within 60 s: ${stderr.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
