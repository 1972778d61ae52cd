import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { ClamAvClient, ClamAvError, parseClamAvAddress, parseScanReply } from './clamav.ts';
import { eicar, eicarSignatureName, startTestClamd, type TestClamd } from './test-clamd.ts';

let clamd: TestClamd;
before(async () => {
  clamd = await startTestClamd({ streamMaxMb: 1 });
});
after(() => clamd.close());

test('clamd answers PING', async () => {
  assert.equal(await clamd.client.ping(), true);
});

test('a clean file is OK, also when it is sent in many chunks', async () => {
  assert.deepEqual(await clamd.client.scan(Buffer.from('%PDF-1.7\nein harmloser Nachweis\n')), { kind: 'clean' });
  const chunked = new ClamAvClient({ address: clamd.address, chunkSize: 7 });
  assert.deepEqual(await chunked.scan(Buffer.alloc(100_000, 0x41)), { kind: 'clean' });
  assert.deepEqual(await clamd.client.scan(Buffer.alloc(0)), { kind: 'clean' });
});

test('the EICAR test file is found, with the signature name', async () => {
  const verdict = await clamd.client.scan(eicar);
  assert.equal(verdict.kind, 'infected');
  assert.ok(verdict.kind === 'infected' && verdict.signature.startsWith(eicarSignatureName), JSON.stringify(verdict));
  // The same bytes in small chunks: clamd reassembles the stream.
  assert.equal((await new ClamAvClient({ address: clamd.address, chunkSize: 5 }).scan(eicar)).kind, 'infected');
});

test("a file over clamd's StreamMaxLength is an error, never clean", async () => {
  await assert.rejects(clamd.client.scan(Buffer.alloc(2 * 1024 * 1024, 0x42)), (error: unknown) => error instanceof ClamAvError && /size limit|could not scan/i.test(error.message));
});

test('clamd not reachable: a clear ClamAvError, quickly', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const gone = new ClamAvClient({ address: `tcp://127.0.0.1:${port}`, timeoutMs: 5000 });
  await assert.rejects(gone.scan(Buffer.from('x')), (error: unknown) => error instanceof ClamAvError && /not reachable/.test(error.message));
  await assert.rejects(new ClamAvClient({ address: '/nonexistent/clamd.sock' }).ping(), /not reachable/);
});

test('a server that never answers runs into the timeout', async () => {
  const silent = net.createServer((socket) => socket.on('data', () => {}));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  try {
    await assert.rejects(new ClamAvClient({ address: `tcp://127.0.0.1:${port}`, timeoutMs: 300 }).scan(Buffer.from('x')), /did not answer within 300 ms/);
  } finally {
    silent.close();
  }
});

test('replies and addresses are parsed strictly', () => {
  assert.deepEqual(parseScanReply('stream: OK'), { kind: 'clean' });
  assert.deepEqual(parseScanReply('stream: Win.Test.EICAR_HDB-1 FOUND'), { kind: 'infected', signature: 'Win.Test.EICAR_HDB-1' });
  assert.throws(() => parseScanReply('INSTREAM size limit exceeded. ERROR'), ClamAvError);
  assert.throws(() => parseScanReply(''), ClamAvError);
  assert.deepEqual(parseClamAvAddress('tcp://127.0.0.1:3310'), { host: '127.0.0.1', port: 3310 });
  assert.deepEqual(parseClamAvAddress('tcp://[::1]:3310'), { host: '::1', port: 3310 });
  assert.deepEqual(parseClamAvAddress('/run/clamav/clamd.ctl'), { path: '/run/clamav/clamd.ctl' });
  assert.deepEqual(parseClamAvAddress('unix:///run/clamav/clamd.ctl'), { path: '/run/clamav/clamd.ctl' });
  assert.throws(() => parseClamAvAddress('clamd:3310'), ClamAvError);
});
