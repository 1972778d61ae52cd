/**
 * A content-addressed blob store: a blob's key is the SHA-256 of its bytes (hex), so the same
 * content is stored once, `put` is idempotent, and every read can prove it got back what was
 * written. Two implementations share this contract (blob-store.test.ts runs one suite on both):
 * the filesystem under `DATA_DIR/blobs` (fs-blob-store.ts) and any S3-compatible object store
 * (s3-blob-store.ts). See docs/adr/0006-blob-store-and-upload-scanning.md.
 */
import type { Readable } from 'node:stream';

export type BlobInfo = { sha256: string; size: number };

export type BlobStore = {
  /** Stores the bytes and returns their key; storing the same bytes again changes nothing. */
  put(data: Buffer | Readable): Promise<BlobInfo>;
  /** The bytes of a blob, checked against their key on every read (BlobIntegrityError otherwise). */
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  /** Removes a blob; a missing one is not an error (deleting twice is fine). */
  delete(sha256: string): Promise<void>;
};

const keyPattern = /^[0-9a-f]{64}$/;

/** Blob keys are lowercase hex SHA-256: anything else (`../x`) never reaches a path or URL. */
export function checkKey(sha256: string): string {
  if (!keyPattern.test(sha256)) throw new TypeError(`not a blob key (64 lowercase hex digits): ${JSON.stringify(sha256.slice(0, 80))}`);
  return sha256;
}

/** `ab/cd/abcd…`: two directory levels keep any one directory small on every filesystem and in listings. */
export function blobPath(sha256: string): string {
  checkKey(sha256);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The stored bytes do not hash to their key: damaged on disk or in the object store. Never served. */
export class BlobIntegrityError extends Error {
  override name = 'BlobIntegrityError';
  readonly sha256: string;
  readonly actual: string;
  constructor(sha256: string, actual: string) {
    super(`blob ${sha256} is damaged: its content hashes to ${actual}`);
    this.sha256 = sha256;
    this.actual = actual;
  }
}

export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
  readonly sha256: string;
  constructor(sha256: string) {
    super(`blob ${sha256} does not exist`);
    this.sha256 = sha256;
  }
}

/** The store could not be used (disk full, permissions, object store unreachable or refusing). */
export class BlobStoreError extends Error {
  override name = 'BlobStoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
