import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { encodeRequest, RawConnection, type RawAnswer } from '../../scripts/bench/raw-http.ts';

// The benchmark's open-loop generator reads answers with its own small parser: if it misreads
// where an answer ends, every later answer on the connection is misread, and the overload
// figures are wrong without any error.
describe('the benchmark raw HTTP client', () => {
  let server: http.Server;
  let port = 0;

  before(async () => {
    server = http.createServer((request, response) => {
      const path = request.url ?? '/';
      if (path === '/length') {
        response.writeHead(200, { 'content-length': 5 });
        response.end('hallo');
      } else if (path === '/chunked') {
        // Written in pieces with pauses, so chunk lines and data arrive split across reads.
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('a'.repeat(1000));
        setTimeout(() => {
          response.write('b'.repeat(70_000));
          setTimeout(() => response.end('c'), 5);
        }, 5);
      } else if (path === '/shed') {
        response.writeHead(503, { 'retry-after': '10', 'content-length': 4 });
        response.end('busy');
      } else if (path === '/empty') {
        response.writeHead(204);
        response.end();
      } else if (path === '/close') {
        response.writeHead(200, { connection: 'close', 'content-length': 2 });
        response.end('ok');
      } else {
        response.writeHead(404, { 'content-length': 0 });
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ask = (connection: RawConnection, path: string) =>
    new Promise<RawAnswer>((resolve, reject) => connection.send(encodeRequest(`127.0.0.1:${port}`, 'GET', path), resolve, reject));

  it('reads one answer after another on a kept-alive connection, whatever their framing', async () => {
    let gone = 0;
    const connection = new RawConnection(port, '127.0.0.1', () => gone++);
    const answers: RawAnswer[] = [];
    for (const path of ['/length', '/chunked', '/shed', '/empty', '/chunked', '/nothing', '/length']) answers.push(await ask(connection, path));
    assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 503, 204, 200, 404, 200]);
    assert.deepEqual(answers.map((answer) => answer.retryAfter), [false, false, true, false, false, false, false]);
    assert.ok(answers.every((answer, i) => i === 0 || answer.sentAt >= answers[i - 1]!.sentAt + answers[i - 1]!.ms), 'each request was written after the answer before it had ended');
    // A chunked answer ends only with its last chunk, written 10 ms after the first.
    assert.ok(answers[1]!.ms >= 5, `chunked answer took ${answers[1]!.ms} ms`);
    assert.equal(connection.reusable, true);
    assert.equal(gone, 0);
    connection.close();
  });

  // All connections read into one shared buffer (raw-http.ts): a head split across two reads must
  // survive other connections' reads landing in between.
  it('keeps a head split across reads while other connections read meanwhile', { timeout: 5000 }, async () => {
    const headParts = ['HTTP/1.1 503 Service Unavailable\r\ncontent-le', 'ngth: 4\r\nretry-after: 10\r\n\r\nbusy'];
    const splitting = net.createServer((socket) => {
      socket.once('data', () => {
        socket.write(headParts[0]!);
        setTimeout(() => socket.write(headParts[1]!), 30);
      });
    });
    await new Promise<void>((resolve) => splitting.listen(0, '127.0.0.1', resolve));
    const split = new RawConnection((splitting.address() as AddressInfo).port, '127.0.0.1', () => {});
    const others = Array.from({ length: 4 }, () => new RawConnection(port, '127.0.0.1', () => {}));
    await Promise.all([split.connected, ...others.map((connection) => connection.connected)]);
    const splitAnswer = new Promise<RawAnswer>((resolve, reject) => split.send(encodeRequest('x', 'GET', '/'), resolve, reject));
    // While the first part of the head waits, 4 × 71 KB of other answers pass through the buffer.
    const otherAnswers = await Promise.all(others.map((connection) => ask(connection, '/chunked')));
    const answer = await splitAnswer;
    assert.deepEqual(otherAnswers.map((other) => other.status), [200, 200, 200, 200]);
    assert.equal(answer.status, 503);
    assert.equal(answer.retryAfter, true);
    assert.ok(answer.ms >= 25, `the split answer ended after its second part (${answer.ms} ms)`);
    for (const connection of [split, ...others]) connection.close();
    await new Promise<void>((resolve) => splitting.close(() => resolve()));
  });

  it('gives a connection up when the server says it closes', async () => {
    const connection = new RawConnection(port, '127.0.0.1', () => {});
    const answer = await ask(connection, '/close');
    assert.equal(answer.status, 200);
    assert.equal(connection.reusable, false);
    connection.close();
  });

  it('reports a connection closed before the answer as an error', async () => {
    const refused = http.createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
    let gone = 0;
    const connection = new RawConnection((refused.address() as AddressInfo).port, '127.0.0.1', () => gone++);
    await assert.rejects(new Promise<RawAnswer>((resolve, reject) => connection.send(encodeRequest('x', 'GET', '/'), resolve, reject)), /closed/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(gone, 1, 'the pool hears of the lost connection once, though the socket may report error and close');
    await new Promise<void>((resolve) => refused.close(() => resolve()));
  });
});
