import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type Digest = { sha256: string; bytes: number };

/** A pass-through stream that hashes and counts what flows through it, e.g. on its way to disk. */
export class HashingStream extends Transform {
  private readonly hash = crypto.createHash('sha256');
  private bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  /** Only valid once the stream has finished. */
  digest(): Digest {
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/** SHA-256 and size of a file, read as a stream so large files do not load into memory. */
export async function digestFile(file: string): Promise<Digest> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Copies a file and returns the digest of the bytes written. `flush` makes the copy durable
 * before the caller records it as done; `wx` never overwrites an existing file.
 */
export async function copyFileWithDigest(from: string, to: string): Promise<Digest> {
  const hasher = new HashingStream();
  await pipeline(fs.createReadStream(from), hasher, fs.createWriteStream(to, { flags: 'wx', flush: true }));
  return hasher.digest();
}
