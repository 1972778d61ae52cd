/**
 * A client for clamd's INSTREAM command (clamd(8), "INSTREAM"): the file is sent as chunks,
 * each prefixed with its length as a 4-byte unsigned integer in network byte order, ended by a
 * zero-length chunk. With the `z` prefix every command and reply ends in a NUL byte. Replies:
 * `stream: OK`, `stream: <signature> FOUND`, or `<reason> ERROR` (for instance when the stream
 * is longer than clamd's StreamMaxLength). Works over TCP (`tcp://host:port`) and Unix sockets.
 *
 * Every failure to get a verdict is a ClamAvError: the caller must refuse the upload then (fail
 * closed), never treat "could not scan" as clean.
 */
import net from 'node:net';

export type ScanVerdict = { kind: 'clean' } | { kind: 'infected'; signature: string };

export class ClamAvError extends Error {
  override name = 'ClamAvError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type ClamAvOptions = { address: string; timeoutMs?: number; chunkSize?: number };

/** `tcp://host:port` → host and port; `unix:/path`, `unix:///path` or `/path` → a socket path. */
export function parseClamAvAddress(address: string): net.NetConnectOpts {
  const tcp = /^tcp:\/\/\[?([^\]/]+?)\]?:(\d{1,5})$/.exec(address);
  if (tcp) return { host: tcp[1] ?? '', port: Number(tcp[2]) };
  const socket = address.replace(/^unix:(\/\/)?/, '');
  if (socket.startsWith('/')) return { path: socket };
  throw new ClamAvError(`not a clamd address: ${address}`);
}

/** Reads one NUL-terminated reply after sending `request` (Buffers, written in order with backpressure). */
function exchange(options: ClamAvOptions, request: (socket: net.Socket) => Promise<void>): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const socket = net.connect(parseClamAvAddress(options.address));
    const received: Buffer[] = [];
    let settled = false;
    let connected = false;
    const finish = (error: Error | undefined, reply?: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error);
      else resolve(reply ?? '');
    };
    const replyText = () => Buffer.concat(received).toString('utf8').replace(/\0[\s\S]*$/, '').trim();
    socket.setTimeout(timeoutMs, () => finish(new ClamAvError(`clamd at ${options.address} did not answer within ${timeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (chunk.includes(0)) finish(undefined, replyText());
    });
    // clamd closes early when it refuses a stream (size limit): its reply, if any, still counts.
    socket.on('error', (error) => {
      if (received.length > 0) finish(undefined, replyText());
      // Reached, then cut off while sending: clamd drops a stream over its StreamMaxLength, and
      // its reply can be lost behind our EPIPE. Still an error, never "clean".
      else if (connected) finish(new ClamAvError(`clamd at ${options.address} could not scan the file: it closed the connection while the file was sent (${error.message}); files over its StreamMaxLength end this way`, { cause: error }));
      else finish(new ClamAvError(`clamd at ${options.address} is not reachable: ${error.message}`, { cause: error }));
    });
    socket.on('end', () => {
      if (received.length > 0) finish(undefined, replyText());
      else finish(new ClamAvError(`clamd at ${options.address} closed the connection without a reply`));
    });
    socket.once('connect', () => {
      connected = true;
      request(socket).catch((error: Error) => {
        if (received.length > 0) finish(undefined, replyText());
        else finish(new ClamAvError(`clamd at ${options.address} could not scan the file: sending failed (${error.message})`, { cause: error }));
      });
    });
  });
}

function write(socket: net.Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      reject(new Error('socket closed'));
      return;
    }
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** Turns a reply to INSTREAM into a verdict; anything but OK or FOUND is an error. */
export function parseScanReply(reply: string): ScanVerdict {
  if (reply === 'stream: OK') return { kind: 'clean' };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found?.[1]) return { kind: 'infected', signature: found[1] };
  throw new ClamAvError(`clamd could not scan the file: ${reply || 'empty reply'}`);
}

export class ClamAvClient {
  readonly address: string;
  private readonly options: ClamAvOptions;

  constructor(options: ClamAvOptions) {
    this.options = options;
    this.address = options.address;
    parseClamAvAddress(options.address);
  }

  async ping(): Promise<boolean> {
    const reply = await exchange(this.options, (socket) => write(socket, Buffer.from('zPING\0')));
    return reply === 'PONG';
  }

  async scan(data: Buffer): Promise<ScanVerdict> {
    const chunkSize = this.options.chunkSize ?? 64 * 1024;
    const reply = await exchange(this.options, async (socket) => {
      await write(socket, Buffer.from('zINSTREAM\0'));
      for (let offset = 0; offset < data.length; offset += chunkSize) {
        const chunk = data.subarray(offset, offset + chunkSize);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length);
        await write(socket, Buffer.concat([length, chunk]));
      }
      await write(socket, Buffer.alloc(4));
    });
    return parseScanReply(reply);
  }
}
