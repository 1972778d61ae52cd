import type { Database } from '../../platform/db/database.ts';
import type { OutboxWorker } from '../../platform/jobs/worker.ts';
import { createCaseFromSubmission, submissionTopic } from './create-case.ts';
import { registerTransferJobs } from './transfer.ts';

/** Registers the hand-off of submissions to case processing with the outbox worker. */
export function registerCaseJobs(worker: OutboxWorker, db: Database): void {
  worker.handle(submissionTopic, async (job) => {
    const submissionId = job.payload.submissionId;
    if (!job.tenantId || typeof submissionId !== 'string') throw new Error(`${submissionTopic} job ${job.id} lacks tenant or submission id`);
    const result = await createCaseFromSubmission(db, job.tenantId, submissionId);
    // Not yet visible means not yet committed elsewhere: fail, so the outbox retries later.
    if (!result) throw new Error(`Submission ${submissionId} of job ${job.id} not found`);
  });
  registerTransferJobs(worker, db);
}
