/**
 * Backup under load: `kreisportal backup` runs while citizens submit applications with files;
 * the backup restores into an empty instance with every row and blob of its snapshot, and the
 * audit chains verify there. (PostgreSQL: the embedded database is backed up with the server
 * stopped, see docs/operations.md.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from '../../src/platform/db/sql.ts';
import { verifyAudit } from '../../src/platform/audit/verify-audit.ts';
import { FsBlobStore } from '../../src/platform/blobs/fs-blob-store.ts';
import { blobDir } from '../../src/platform/backup/blobs.ts';
import { repositoryRoot } from '../../src/platform/testing/test-database.ts';
import { apply, type Attempt } from './applicant.ts';
import { prepareInstance, startServer, stopServer, type Instance } from './instance.ts';

const run = promisify(execFile);

function cli(instance: Instance, args: string[]) {
  return run(process.execPath, [path.join(repositoryRoot, 'src', 'main.ts'), ...args], { env: { ...process.env, ...instance.env, NODE_ENV: 'production' } });
}

test('a backup taken under load restores into an empty instance with all its data and blobs; the audit verifies', { timeout: 10 * 60_000 }, async (t) => {
  const source = await prepareInstance('postgres');
  const target = await prepareInstance('postgres');
  const backupDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-backup-')), 'backup');
  try {
    const server = await startServer(source);
    const origin = `http://127.0.0.1:${source.port}`;
    const attempts: Attempt[] = [];
    let running = true;
    let number = 0;
    const clients = Array.from({ length: 8 }, async () => {
      while (running) attempts.push(await apply(origin, number++));
    });
    while (attempts.filter((a) => a.acknowledged).length < 10) await new Promise((resolve) => setTimeout(resolve, 200));
    const before = attempts.filter((a) => a.acknowledged).length;
    const output = await cli(source, ['backup', '--to', backupDir]);
    const during = attempts.filter((a) => a.acknowledged).length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    running = false;
    await Promise.all(clients);
    await stopServer(server, 'SIGTERM');
    t.diagnostic(`${output.stdout.trim()} — acknowledged before the backup ${before}, when it finished ${during}, in all ${attempts.filter((a) => a.acknowledged).length}`);
    assert.ok(before >= 10 && during > before, 'submissions went on while the backup ran');

    // An empty instance: no tables, no blobs. Restore refuses anything else.
    const empty = await target.open();
    await empty.ownerTransaction((tx) => tx.query(sql`drop schema public cascade`));
    await empty.ownerTransaction((tx) => tx.query(sql`create schema public`));
    await empty.close();
    fs.rmSync(blobDir(target.dataDir), { recursive: true, force: true });
    const restored = await cli(target, ['restore', '--from', backupDir]);
    t.diagnostic(restored.stdout.trim());

    const db = await target.open();
    try {
      const rows = await db.ownerTransaction((tx) =>
        tx.query<{ reference: string; sha256: string | null; audits: number }>(sql`
          select s.reference,
                 (select a.sha256 from attachments a where a.tenant_id = s.tenant_id and a.draft_id = s.draft_id limit 1) as sha256,
                 (select count(*)::int from audit_log l where l.action = 'submission.received' and l.subject_id = s.id::text) as audits
          from submissions s`),
      );
      assert.ok(rows.length >= before, `the snapshot holds at least what was acknowledged before it began (${rows.length} ≥ ${before})`);
      const blobs = new FsBlobStore(blobDir(target.dataDir));
      for (const row of rows) {
        assert.ok(row.sha256, `${row.reference} has its file row`);
        await blobs.get(row.sha256); // present and intact
        assert.equal(row.audits, 1);
      }
      assert.deepEqual((await verifyAudit(db)).problems, []);
    } finally {
      await db.close();
    }
  } finally {
    await source.remove();
    await target.remove();
    fs.rmSync(path.dirname(backupDir), { recursive: true, force: true });
  }
});
