import type { Config } from '../config.ts';
import type { Database } from '../platform/db/database.ts';
import { buildApp } from '../app.ts';
import { createLogDestination } from '../platform/logging/log-destination.ts';
import { createMailer } from '../platform/mail/mailer.ts';
import { OutboxWorker } from '../platform/jobs/worker.ts';
import { registerMailJobs } from '../platform/mail/mail-jobs.ts';
import { startPeriodic } from '../platform/jobs/periodic.ts';
import { deleteExpiredDrafts } from '../modules/submissions/index.ts';
import { hubDigestTask, ozgSnapshotTask } from '../modules/hub/index.ts';
import { decisionDeliveryTask, registerCaseJobs } from '../modules/cases/index.ts';
import { registerRecordJobs } from '../modules/records/index.ts';
import { auditSealTask } from '../platform/audit/seal.ts';

/** Starts the HTTP server and (unless disabled) the outbox worker; stops both cleanly on SIGTERM/SIGINT. */
export async function serve(config: Config, db: Database): Promise<void> {
  const app = await buildApp({ config, db, logDestination: createLogDestination() });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    dataDir: config.dataDir,
    log: (message, data) => app.log.info(data, message),
  });
  const worker = new OutboxWorker(db, { onError: (job, error) => app.log.warn({ err: error, job: job.id, topic: job.topic }, 'job failed') });
  registerMailJobs(worker, mailer);
  registerCaseJobs(worker, db);
  registerRecordJobs(worker, db, config);
  if (config.runWorker) worker.start();
  const housekeeping = config.runWorker
    ? startPeriodic([{ name: 'drafts.expire', intervalMs: 3600_000, run: () => deleteExpiredDrafts(db) }, ozgSnapshotTask(db), hubDigestTask(db, config), auditSealTask(db, config, (message) => app.log.warn(message)), decisionDeliveryTask(db)], (task, error) =>
        app.log.warn({ err: error, task }, 'housekeeping failed'),
      )
    : undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await worker.stop();
    await housekeeping?.stop();
    await app.close();
    await db.close();
    mailer.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
}
