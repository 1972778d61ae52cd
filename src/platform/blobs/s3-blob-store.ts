/**
 * Blobs in an S3-compatible object store, under `<prefix>ab/cd/<sha256>` in one bucket, spoken
 * to with plain `fetch` and our own SigV4 signer (sigv4.ts; why no AWS SDK: ADR 0006).
 *
 * A PUT of S3 is atomic (an object appears whole or not at all), so no temporary name is needed;
 * the signed payload hash makes the store refuse a body damaged in transit. Reads are checked
 * against the key like on the filesystem.
 */
import type { Readable } from 'node:stream';
import { BlobIntegrityError, BlobNotFoundError, BlobStoreError, blobPath, type BlobInfo, type BlobStore } from './blob-store.ts';
import { sha256Hex, toBuffer } from './digest.ts';
import { signRequest, type Credentials } from './sigv4.ts';

export type S3Options = {
  /** `https://s3.example.org` (or `http://127.0.0.1:9000` for a local store). */
  endpoint: string;
  bucket: string;
  region: string;
  credentials: Credentials;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO, Ceph and most local stores). */
  forcePathStyle: boolean;
  /** Key prefix inside the bucket, e.g. `kreisportal/`; empty by default. */
  prefix?: string;
  timeoutMs?: number;
};

const emptySha256 = sha256Hex(Buffer.alloc(0));

export class S3BlobStore implements BlobStore {
  private readonly options: S3Options;

  constructor(options: S3Options) {
    this.options = options;
  }

  /** The object's URL for a blob key (the key is checked by blobPath: hex only, no `..`). */
  objectUrl(sha256: string): URL {
    const endpoint = new URL(this.options.endpoint);
    const key = `${this.options.prefix ?? ''}${blobPath(sha256)}`;
    const base = endpoint.pathname.replace(/\/$/, '');
    if (this.options.forcePathStyle) return new URL(`${endpoint.protocol}//${endpoint.host}${base}/${this.options.bucket}/${key}`);
    return new URL(`${endpoint.protocol}//${this.options.bucket}.${endpoint.host}${base}/${key}`);
  }

  /** One signed request; network failures and timeouts become BlobStoreError. */
  async request(method: string, sha256: string, body?: Buffer, payloadSha256 = emptySha256): Promise<Response> {
    const url = this.objectUrl(sha256);
    const headers = signRequest({ method, url, payloadSha256, region: this.options.region, credentials: this.options.credentials });
    try {
      return await fetch(url, {
        method,
        headers: body ? { ...headers, 'content-type': 'application/octet-stream' } : headers,
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new BlobStoreError(`the object store at ${url.host} did not answer ${method}: ${(error as Error).message}`, { cause: error });
    }
  }

  private async failure(response: Response, action: string): Promise<BlobStoreError> {
    const text = await response.text().catch(() => '');
    const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? '';
    return new BlobStoreError(`the object store refused to ${action}: HTTP ${response.status}${code ? ` ${code}` : ''}`);
  }

  async put(data: Buffer | Readable): Promise<BlobInfo> {
    const bytes = await toBuffer(data);
    const sha256 = sha256Hex(bytes);
    const response = await this.request('PUT', sha256, bytes, sha256);
    if (!response.ok) throw await this.failure(response, 'store a blob');
    await response.body?.cancel();
    return { sha256, size: bytes.length };
  }

  async get(sha256: string): Promise<Buffer> {
    const response = await this.request('GET', sha256);
    if (response.status === 404) {
      await response.body?.cancel();
      throw new BlobNotFoundError(sha256);
    }
    if (!response.ok) throw await this.failure(response, 'read a blob');
    const data = Buffer.from(await response.arrayBuffer());
    const actual = sha256Hex(data);
    if (actual !== sha256) throw new BlobIntegrityError(sha256, actual);
    return data;
  }

  async has(sha256: string): Promise<boolean> {
    const response = await this.request('HEAD', sha256);
    await response.body?.cancel();
    if (response.status === 404) return false;
    if (!response.ok) throw await this.failure(response, 'look up a blob');
    return true;
  }

  async delete(sha256: string): Promise<void> {
    const response = await this.request('DELETE', sha256);
    if (!response.ok && response.status !== 404) throw await this.failure(response, 'delete a blob');
    await response.body?.cancel();
  }
}
