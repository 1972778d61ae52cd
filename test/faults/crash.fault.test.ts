/**
 * Crash: `kill -9` of the server while 1,000 applications with attachments are in flight from
 * concurrent clients. After a restart every acknowledged submission is there exactly once with its
 * file, nothing unacknowledged is half there, the outbox creates each case exactly once, and the
 * audit chains verify. Runs on the embedded database and on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../src/platform/db/sql.ts';
import { verifyAudit } from '../../src/platform/audit/verify-audit.ts';
import { OutboxWorker } from '../../src/platform/jobs/worker.ts';
import { registerCaseJobs } from '../../src/modules/cases/index.ts';
import { FsBlobStore } from '../../src/platform/blobs/fs-blob-store.ts';
import { blobDir } from '../../src/platform/backup/blobs.ts';
import type { TestDatabaseKind } from '../../src/platform/testing/test-database.ts';
import { apply, type Attempt } from './applicant.ts';
import { prepareInstance, startServer, stopServer } from './instance.ts';

const total = Number(process.env.KP_FAULT_SUBMISSIONS ?? 1000);
const concurrency = 32;
/** The kill comes when this share of all applications has been acknowledged. */
const killAt = 0.4;

for (const kind of ['pglite', 'postgres'] as TestDatabaseKind[]) {
  test(`kill -9 during ${total} submissions with attachments loses nothing and duplicates nothing (${kind})`, { timeout: 15 * 60_000 }, async (t) => {
    const instance = await prepareInstance(kind);
    try {
      let server = await startServer(instance);
      const origin = `http://127.0.0.1:${instance.port}`;
      const attempts: Attempt[] = [];
      let next = 0;
      let killed = false;
      let inFlightAtKill = 0;
      let inFlight = 0;
      let restarted: Promise<void> | undefined;

      const worker = async () => {
        while (next < total) {
          const number = next++;
          inFlight++;
          const attempt = await apply(origin, number);
          inFlight--;
          attempts.push(attempt);
          const acknowledged = attempts.filter((a) => a.acknowledged).length;
          if (!killed && acknowledged >= total * killAt) {
            killed = true;
            inFlightAtKill = inFlight;
            const crashed = server;
            restarted = (async () => {
              await stopServer(crashed, 'SIGKILL');
              server = await startServer(instance);
            })();
          }
          // While the server is down, clients wait for it instead of burning through their work.
          if (restarted) await restarted;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      await restarted;
      // Let the worker of the restarted server deliver, then stop it cleanly.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await stopServer(server, 'SIGTERM');

      const acknowledged = attempts.filter((a) => a.acknowledged).map((a) => a.reference as string);
      const failed = attempts.filter((a) => !a.acknowledged);
      const db = await instance.open();
      try {
        // Jobs the killed process had claimed stay leased until their lease runs out (60 s); that
        // time is fast-forwarded here, as if the lease had expired, instead of waiting it out.
        await db.ownerTransaction((tx) => tx.query(sql`update outbox set locked_until = now() where done_at is null and locked_until > now()`));
        // Whatever the server's worker did not finish, a worker delivers now: at-least-once, idempotent.
        const outbox = new OutboxWorker(db);
        registerCaseJobs(outbox, db);
        outbox.handle('mail.send', async () => {});
        await outbox.drain();

        const rows = await db.ownerTransaction((tx) =>
          tx.query<{ reference: string; cases: number; audits: number; jobs: number; files: number; sha256: string | null }>(sql`
            select s.reference,
                   (select count(*)::int from cases c where c.tenant_id = s.tenant_id and c.submission_id = s.id) as cases,
                   (select count(*)::int from audit_log l where l.action = 'submission.received' and l.subject_id = s.id::text) as audits,
                   (select count(*)::int from outbox o where o.topic = 'submission.received' and o.payload->>'submissionId' = s.id::text) as jobs,
                   (select count(*)::int from attachments a where a.tenant_id = s.tenant_id and a.draft_id = s.draft_id) as files,
                   (select a.sha256 from attachments a where a.tenant_id = s.tenant_id and a.draft_id = s.draft_id limit 1) as sha256
            from submissions s`),
        );
        const byReference = new Map(rows.map((row) => [row.reference, row]));
        const missing = acknowledged.filter((reference) => !byReference.has(reference));
        const duplicates = rows.length - byReference.size;
        const blobs = new FsBlobStore(blobDir(instance.dataDir));
        let blobsChecked = 0;
        const incomplete = rows.filter((row) => row.cases !== 1 || row.audits !== 1 || row.jobs !== 1 || row.files !== 1);
        for (const row of rows) {
          await blobs.get(row.sha256 ?? ''); // re-hashes: the blob is there and intact
          blobsChecked++;
        }
        const audit = await verifyAudit(db);
        t.diagnostic(
          `${kind}: attempted ${attempts.length}, acknowledged ${acknowledged.length}, in flight at the kill ${inFlightAtKill}, ` +
            `failed (not acknowledged) ${failed.length}, stored ${rows.length}, missing ${missing.length}, duplicates ${duplicates}, ` +
            `blobs verified ${blobsChecked}, audit entries ${audit.entries}`,
        );
        const reasons = new Map<string, number>();
        for (const attempt of failed) reasons.set(attempt.error ?? '', (reasons.get(attempt.error ?? '') ?? 0) + 1);
        t.diagnostic(`why not acknowledged: ${JSON.stringify(Object.fromEntries(reasons))}`);
        assert.ok(killed, 'the server was killed during the run');
        assert.deepEqual(incomplete, [], 'each submission has exactly one case, audit entry, outbox event and file');
        assert.equal(attempts.length, total);
        assert.deepEqual(missing, [], 'every acknowledged submission survived');
        assert.equal(duplicates, 0);
        assert.ok(rows.length >= acknowledged.length);
        assert.ok(rows.length <= acknowledged.length + inFlightAtKill, 'only requests in flight at the kill may have committed unacknowledged');
        assert.deepEqual(audit.problems, []);
      } finally {
        await db.close();
      }
    } finally {
      await instance.remove();
    }
  });
}
