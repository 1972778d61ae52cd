import crypto from 'node:crypto';
import type { Readable } from 'node:stream';

export function sha256Hex(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** The chunks of a Buffer or a stream, so that both implementations read input one way. */
export async function* chunksOf(data: Buffer | Readable): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(data)) {
    yield data;
    return;
  }
  for await (const chunk of data) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
}

/** Reads a stream whole (S3 needs the length and the hash before the first byte is sent). */
export async function toBuffer(data: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(data)) return data;
  const chunks: Buffer[] = [];
  for await (const chunk of chunksOf(data)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
