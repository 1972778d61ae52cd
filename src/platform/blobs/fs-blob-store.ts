/**
 * Blobs as files under `DATA_DIR/blobs/ab/cd/<sha256>`: plain files only, so that
 * src/platform/backup/blobs.ts copies the directory as it is.
 *
 * Crash safety: bytes go to a temporary file in a sibling directory (`blobs.incoming`, never
 * inside the store, so a backup never sees half a blob), are fsync'ed, and only then renamed to
 * their final name, whose directory is fsync'ed as well (rename(2) is atomic within one
 * filesystem). After a crash a key either holds its complete content or does not exist.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BlobIntegrityError, BlobNotFoundError, BlobStoreError, blobPath, type BlobInfo, type BlobStore } from './blob-store.ts';
import { chunksOf, sha256Hex } from './digest.ts';

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException | undefined)?.code === code;

function storeError(action: string, error: unknown): BlobStoreError {
  if (error instanceof BlobStoreError) return error;
  return new BlobStoreError(`the blob store could not ${action}: ${(error as Error).message}`, { cause: error });
}

/** Makes a rename durable: the directory entry itself is flushed (POSIX; Windows has no directory fsync). */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The directory of files being written, inside the blob root. */
export const incomingDirName = '.incoming';

export class FsBlobStore implements BlobStore {
  readonly root: string;
  readonly incoming: string;

  /**
   * Files are written in `incoming` and renamed into place. It lies inside `root`, on the same
   * filesystem: a rename across filesystems (blobs on their own volume) would fail. Backups skip it.
   */
  constructor(root: string, incoming = path.join(root, incomingDirName)) {
    this.root = root;
    this.incoming = incoming;
  }

  private file(sha256: string): string {
    return path.join(this.root, ...blobPath(sha256).split('/'));
  }

  async put(data: Buffer | Readable): Promise<BlobInfo> {
    let temp: string | undefined;
    try {
      await fs.promises.mkdir(this.incoming, { recursive: true });
      temp = path.join(this.incoming, `${crypto.randomUUID()}.part`);
      const handle = await fs.promises.open(temp, 'wx', 0o600);
      const hash = crypto.createHash('sha256');
      let size = 0;
      try {
        for await (const chunk of chunksOf(data)) {
          hash.update(chunk);
          size += chunk.length;
          for (let offset = 0; offset < chunk.length; ) offset += (await handle.write(chunk, offset)).bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      const sha256 = hash.digest('hex');
      const target = this.file(sha256);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      // Same key, same bytes: replacing an existing blob is harmless and repairs a damaged one.
      await fs.promises.rename(temp, target);
      temp = undefined;
      await syncDirectory(path.dirname(target));
      return { sha256, size };
    } catch (error) {
      if (temp) await fs.promises.rm(temp, { force: true }).catch(() => {});
      throw storeError('store a blob', error);
    }
  }

  async get(sha256: string): Promise<Buffer> {
    const file = this.file(sha256);
    let data: Buffer;
    try {
      data = await fs.promises.readFile(file);
    } catch (error) {
      if (isCode(error, 'ENOENT')) throw new BlobNotFoundError(sha256);
      throw storeError('read a blob', error);
    }
    const actual = sha256Hex(data);
    if (actual !== sha256) throw new BlobIntegrityError(sha256, actual);
    return data;
  }

  async has(sha256: string): Promise<boolean> {
    const file = this.file(sha256);
    try {
      return (await fs.promises.stat(file)).isFile();
    } catch (error) {
      if (isCode(error, 'ENOENT')) return false;
      throw storeError('look up a blob', error);
    }
  }

  async delete(sha256: string): Promise<void> {
    const file = this.file(sha256);
    try {
      await fs.promises.rm(file, { force: true });
    } catch (error) {
      throw storeError('delete a blob', error);
    }
  }
}
