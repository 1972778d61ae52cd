/**
 * The cheapest HTTP/1.1 client the open-loop generator can have: keep-alive connections on
 * `node:net` that write requests encoded once up front and read of each answer only what the
 * measurement needs (status, whether Retry-After came, where the answer ends). node:http's client
 * builds request and response objects and parses every header; at 14,000 requests/s on the same
 * two cores as the app that cost most of a core, and the generator's own queue showed up in the
 * latencies it measured. One request at a time per connection (no pipelining), as browsers do.
 */
import net from 'node:net';

export type RawAnswer = {
  status: number;
  retryAfter: boolean;
  /** performance.now() when the request was written. */
  sentAt: number;
  /** Milliseconds from the write to the last byte of the answer. */
  ms: number;
};

/** Encodes a GET/POST once, to be written as is for every repetition. */
export function encodeRequest(host: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${host}`, 'connection: keep-alive'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`, 'utf8');
}

const headEnd = Buffer.from('\r\n\r\n');
const lineEnd = Buffer.from('\r\n');
const contentLength = /\r\ncontent-length:[ \t]*(\d+)/i;
const chunked = /\r\ntransfer-encoding:[^\r]*chunked/i;
const retryAfter = /\r\nretry-after:/i;
const closing = /\r\nconnection:[ \t]*close/i;
const empty = Buffer.alloc(0);
/**
 * Every connection reads into this one buffer (net's `onread`) instead of a new Buffer per read:
 * the generator needs only each answer's head, never its body. With a Buffer per read, the
 * garbage of 150 MB/s of pages paused the generator itself: an nginx answering 5,000 pages of
 * 30 KB and 5,000 refusals a second measured refusals at p99 9–77 ms (2–3 ms with this buffer),
 * and the tail grew with the bytes, not with the server. Safe because each read is parsed to its
 * end before the next one lands here; a partial head is copied out.
 */
const sharedReadBuffer = Buffer.allocUnsafe(256 * 1024);

type State = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end';

export class RawConnection {
  private readonly socket: net.Socket;
  private state: State = 'head';
  private buffered: Buffer = empty;
  /** Body bytes still to come (content-length), or chunk bytes plus their CRLF (chunked). */
  private remaining = 0;
  private status = 0;
  private retryAfter = false;
  private closeAfter = false;
  private sentAt = 0;
  private waiting: ((answer: RawAnswer) => void) | undefined;
  private failed: ((error: Error) => void) | undefined;
  /** False once the server closed or announced closing: the pool opens a new connection instead. */
  reusable = true;
  /** Settles when the connection is established (or could not be). */
  readonly connected: Promise<void>;

  constructor(port: number, host: string, onGone: (connection: RawConnection) => void) {
    this.socket = net.connect({
      port,
      host,
      noDelay: true,
      onread: {
        buffer: sharedReadBuffer,
        callback: (bytes: number) => {
          this.read(sharedReadBuffer.subarray(0, bytes));
          return true;
        },
      },
    });
    this.connected = new Promise((resolve) => {
      this.socket.once('connect', resolve);
      this.socket.once('close', resolve);
    });
    // 'error' is followed by 'close': the pool hears of a lost connection once.
    let over = false;
    const gone = (error?: Error) => {
      if (over) return;
      over = true;
      this.reusable = false;
      const failed = this.failed;
      this.waiting = undefined;
      this.failed = undefined;
      failed?.(error ?? new Error('Connection closed before the answer was complete'));
      onGone(this);
    };
    this.socket.once('error', gone);
    this.socket.once('close', () => gone());
    // The server ended its side: no further request may be written on it.
    this.socket.once('end', () => (this.reusable = false));
  }

  /** Writes one request; exactly one of the callbacks is called. */
  send(request: Buffer, onAnswer: (answer: RawAnswer) => void, onError: (error: Error) => void): void {
    this.waiting = onAnswer;
    this.failed = onError;
    this.sentAt = performance.now();
    this.socket.write(request);
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    let data = this.buffered.length > 0 ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = empty;
    while (data.length > 0) {
      if (this.state === 'head') {
        const end = data.indexOf(headEnd);
        if (end < 0) break;
        const head = data.toString('latin1', 0, end + 2);
        this.status = Number(head.slice(9, 12));
        this.retryAfter = retryAfter.test(head);
        this.closeAfter = closing.test(head);
        data = data.subarray(end + 4);
        if (chunked.test(head)) {
          this.state = 'chunk-size';
        } else {
          this.remaining = Number(contentLength.exec(head)?.[1] ?? 0);
          this.state = 'body';
          if (this.remaining === 0) this.finish();
        }
      } else if (this.state === 'body' || this.state === 'chunk-data') {
        const taken = Math.min(this.remaining, data.length);
        this.remaining -= taken;
        data = data.subarray(taken);
        if (this.remaining > 0) break;
        if (this.state === 'body') this.finish();
        else this.state = 'chunk-size';
      } else {
        // chunk-size: "<hex>\r\n"; after the last (size 0) chunk only "\r\n" (no trailers are sent).
        const end = data.indexOf(lineEnd);
        if (end < 0) break;
        const size = Number.parseInt(data.toString('latin1', 0, end), 16);
        data = data.subarray(end + 2);
        if (this.state === 'chunk-end' || size === 0) {
          if (this.state === 'chunk-end') this.finish();
          else this.state = 'chunk-end';
        } else {
          this.remaining = size + 2;
          this.state = 'chunk-data';
        }
      }
    }
    // An incomplete head or chunk line waits for the next chunk of bytes.
    if (data.length > 0 && (this.state === 'head' || this.state === 'chunk-size' || this.state === 'chunk-end')) this.buffered = Buffer.from(data);
  }

  private finish(): void {
    this.state = 'head';
    if (this.closeAfter) this.reusable = false;
    const answer = { status: this.status, retryAfter: this.retryAfter, sentAt: this.sentAt, ms: performance.now() - this.sentAt };
    const waiting = this.waiting;
    this.waiting = undefined;
    this.failed = undefined;
    waiting?.(answer);
  }
}
