import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup-error.ts';
import { copyFileWithDigest } from './checksum.ts';
import type { ManifestBlob } from './manifest.ts';
import { incomingDirName } from '../blobs/fs-blob-store.ts';

/**
 * The blob store is the directory `dataDir/blobs`: files only, addressed by their relative path.
 * Backup copies it file by file with checksums; restore copies into a staging directory next
 * to it and moves that into place only once the database restore has committed.
 */

export function blobDir(dataDir: string): string {
  return path.join(dataDir, 'blobs');
}

/** Relative paths (with `/`) of all files below `root`, sorted, so a backup is reproducible. */
async function* walkFiles(root: string, relative = ''): AsyncGenerator<string> {
  const entries = await fs.promises.readdir(path.join(root, relative), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // Files still being written are not blobs yet (src/platform/blobs/fs-blob-store.ts).
    if (relative === '' && entry.name === incomingDirName) continue;
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) yield* walkFiles(root, child);
    else if (entry.isFile()) yield child;
    else throw new BackupError(`${path.join(root, child)} is not a regular file; the blob store holds only files and directories`);
  }
}

function fromRelative(root: string, relative: string): string {
  return path.join(root, ...relative.split('/'));
}

/** Copies every blob of `dataDir` into `backupDir/blobs`; a missing blob store is an empty one. */
export async function backupBlobs(dataDir: string, backupDir: string): Promise<ManifestBlob[]> {
  const source = blobDir(dataDir);
  if (!fs.existsSync(source)) return [];
  const target = path.join(backupDir, 'blobs');
  const blobs: ManifestBlob[] = [];
  for await (const relative of walkFiles(source)) {
    const to = fromRelative(target, relative);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    blobs.push({ path: relative, ...(await copyFileWithDigest(fromRelative(source, relative), to)) });
  }
  return blobs;
}

/** Whether the blob store of `dataDir` holds no file (a restore must not mix two instances' blobs). */
export async function blobStoreIsEmpty(dataDir: string): Promise<boolean> {
  const root = blobDir(dataDir);
  if (!fs.existsSync(root)) return true;
  for await (const file of walkFiles(root)) {
    void file;
    return false;
  }
  return true;
}

/**
 * Copies the backup's blobs into a new staging directory beside the blob store, checking each
 * copy against the manifest. Returns the staging directory (or null when there are no blobs).
 */
export async function stageBlobs(backupDir: string, blobs: ManifestBlob[], dataDir: string): Promise<string | null> {
  if (blobs.length === 0) return null;
  fs.mkdirSync(dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(dataDir, 'blobs.restoring-'));
  try {
    for (const blob of blobs) {
      const from = fromRelative(path.join(backupDir, 'blobs'), blob.path);
      if (!fs.existsSync(from)) throw new BackupError(`The backup is incomplete: blob ${blob.path} is missing`);
      const to = fromRelative(staging, blob.path);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      const digest = await copyFileWithDigest(from, to);
      if (digest.sha256 !== blob.sha256 || digest.bytes !== blob.bytes) {
        throw new BackupError(`Blob ${blob.path} does not match its checksum in the manifest; the backup is damaged`);
      }
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return staging;
}

/** Moves the staged blobs into place as the blob store, which must still be empty or missing. */
export async function publishStagedBlobs(staging: string, dataDir: string): Promise<void> {
  const target = blobDir(dataDir);
  if (!(await blobStoreIsEmpty(dataDir))) {
    throw new BackupError(`Files appeared in ${target} during the restore; the restored blobs are in ${staging}`);
  }
  // Only empty directories are removed here: the check above found no file below them.
  if (fs.existsSync(target)) fs.rmSync(target, { recursive: true });
  fs.renameSync(staging, target);
}
