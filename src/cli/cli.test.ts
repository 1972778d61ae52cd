import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repositoryRoot, testDatabaseKind } from '../platform/testing/test-database.ts';

const main = path.join(repositoryRoot, 'src', 'main.ts');

function run(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [main, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 120_000 });
}

test('a wrong DATABASE_URL stops the start with one clear line', () => {
  const result = run(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
  assert.equal(result.status, 1);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^kreisportal: Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/none/);
});

test('an invalid setting is one line naming it', () => {
  const result = run(['migrate'], { PORT: 'eighty' });
  assert.equal(result.status, 1);
  assert.equal(result.stderr.trim(), 'kreisportal: PORT must be a whole number between 0 and 65535, got "eighty"');
});

// Five processes each open the embedded database from scratch: on a busy machine that alone takes minutes.
// They use an embedded data directory whatever the pass, so the test runs once, in the PGlite pass.
if (testDatabaseKind() === 'pglite') test('seed, user add and audit verify work on an embedded data directory; a second process is refused', { timeout: 360_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-cli-'));
  const env = { DATA_DIR: dataDir };
  const seeded = run(['seed'], env);
  assert.equal(seeded.status, 0, seeded.stderr);
  assert.match(seeded.stdout, /17 tenants created/);
  const added = run(['user', 'add', '--email', 'it@lemgo.test', '--name', 'IT Lemgo', '--tenant', 'lemgo', '--role', 'admin,coordinator'], env);
  assert.equal(added.status, 0, added.stderr);
  assert.match(added.stdout, /admin, coordinator in Lemgo\. Password: /);
  const badRole = run(['user', 'add', '--email', 'x@lemgo.test', '--tenant', 'lemgo', '--role', 'king'], env);
  assert.equal(badRole.status, 64);
  assert.match(badRole.stderr, /unknown role king/);
  const verified = run(['audit', 'verify'], env);
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.stdout, /19 entries in 2 chains checked(, no seals yet)?: intact/);

  // The nginx configuration for two processes names every municipality and passes `nginx -t`.
  const edgeDir = path.join(dataDir, 'edge');
  const edge = run(['edge', 'nginx', '--upstreams', '127.0.0.1:3001,127.0.0.1:3002', '--listen', '127.0.0.1:8080', '--cache-dir', path.join(edgeDir, 'cache'), '--out', edgeDir], env);
  assert.equal(edge.status, 0, edge.stderr);
  const conf = fs.readFileSync(path.join(edgeDir, 'kreisportal.conf'), 'utf8');
  assert.match(conf, /server 127\.0\.0\.1:3001;\s+server 127\.0\.0\.1:3002;/);
  assert.match(conf, /\(\?<kreisportal_tenant>[a-z-]+(\|[a-z-]+){16}\)/, 'the 17 tenants');
  assert.match(conf, /limit_conn kreisportal_anonymous_reads 128;\s+limit_conn kreisportal_tenant_reads 16;/);
  assert.ok(conf.includes(`proxy_cache_path ${path.join(edgeDir, 'cache')} `), 'the page cache where it was asked to be');
  const uncached = run(['edge', 'nginx', '--upstreams', '127.0.0.1:3001', '--no-page-cache', '--out', path.join(dataDir, 'edge-uncached')], env);
  assert.equal(uncached.status, 0, uncached.stderr);
  assert.doesNotMatch(fs.readFileSync(path.join(dataDir, 'edge-uncached', 'kreisportal.conf'), 'utf8'), /proxy_cache/);
  fs.writeFileSync(path.join(edgeDir, 'nginx.conf'), `pid ${edgeDir}/nginx.pid;\nerror_log ${edgeDir}/error.log;\nevents {}\nhttp { include ${edgeDir}/kreisportal.conf; }\n`);
  const checked = spawnSync(['/usr/sbin/nginx', '/usr/bin/nginx'].find((binary) => fs.existsSync(binary)) ?? 'nginx', ['-t', '-p', edgeDir, '-c', path.join(edgeDir, 'nginx.conf')], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stderr);
  const evil = run(['edge', 'nginx', '--upstreams', '127.0.0.1:3001;evil', '--out', edgeDir], env);
  assert.equal(evil.status, 64);
  assert.match(evil.stderr.trim(), /^kreisportal: Not host:port: 127\.0\.0\.1:3001;evil$/);

  // Hold the directory with a running server, then try a second process on it.
  const server = spawn(process.execPath, [main, 'serve'], { env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' } });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 60_000);
      server.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Server listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const second = run(['migrate'], env);
    assert.equal(second.status, 1);
    assert.match(second.stderr, /is in use by another Kreisportal process \(pid \d+\)/);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});
