/**
 * Disk full: the blob store's filesystem runs out of space while citizens upload. The upload that
 * cannot be stored is refused with a clear page (503, Retry-After), no attachment row points at a
 * missing blob, no half-written file is left behind, and uploads work again once there is space.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from '../../src/platform/db/sql.ts';
import { FsBlobStore } from '../../src/platform/blobs/fs-blob-store.ts';
import { blobDir } from '../../src/platform/backup/blobs.ts';
import { apply } from './applicant.ts';
import { prepareInstance, startServer, stopServer } from './instance.ts';

/** Walks every file below `dir`. */
function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesBelow(full) : [full];
  });
}

test('a full blob filesystem refuses uploads clearly, keeps nothing dangling, and recovers when space returns', { timeout: 5 * 60_000 }, async (t) => {
  const instance = await prepareInstance('pglite');
  const blobs = blobDir(instance.dataDir);
  fs.mkdirSync(blobs, { recursive: true });
  // A 64 KB filesystem for the blobs: a few 0.5 KB files fit, then it is full. Root may mount.
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', blobs]);
  try {
    const server = await startServer(instance);
    const origin = `http://127.0.0.1:${instance.port}`;
    // Fill the filesystem behind the application's back, leaving room for a handful of uploads.
    const filler = path.join(blobs, 'filler');
    fs.writeFileSync(filler, Buffer.alloc(40 * 1024));
    const results = [];
    for (let number = 0; number < 40; number++) results.push(await apply(origin, number));
    const stored = results.filter((result) => result.acknowledged).length;
    const refused = results.filter((result) => result.error === 'upload: HTTP 503').length;
    const other = results.filter((result) => !result.acknowledged && result.error !== 'upload: HTTP 503');
    t.diagnostic(`before the disk was full: ${stored} stored; then ${refused} uploads refused with 503; other failures ${other.length}`);
    assert.ok(stored > 0 && refused > 0, 'some fit, then the disk was full');
    assert.deepEqual(other, [], 'no other failure than the clear 503');

    const page = await fetch(`${origin}/detmold/antrag/nachweis-einreichen`);
    assert.equal(page.status, 200, 'the rest of the portal keeps working');
    await page.text();

    // Space again: the next application goes through.
    fs.rmSync(filler);
    const after = await apply(origin, 1000);
    assert.equal(after.acknowledged, true, `after freeing space: ${after.error}`);
    await stopServer(server, 'SIGTERM');

    const db = await instance.open();
    try {
      const rows = await db.ownerTransaction((tx) => tx.query<{ sha256: string }>(sql`select sha256 from attachments`));
      const store = new FsBlobStore(blobs);
      for (const row of rows) await store.get(row.sha256); // every row's blob exists and is intact
      assert.equal(rows.length, stored + 1, 'one row per stored upload, none for a refused one');
      const leftovers = filesBelow(blobs).filter((file) => !/[0-9a-f]{64}$/.test(file));
      assert.deepEqual(leftovers, [], 'no half-written temporary file is left');
    } finally {
      await db.close();
    }
  } finally {
    execFileSync('umount', [blobs]);
    await instance.remove();
  }
});
