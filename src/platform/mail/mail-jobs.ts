import type { Queryable } from '../db/database.ts';
import { enqueue, type Job } from '../jobs/outbox.ts';
import type { OutboxWorker } from '../jobs/worker.ts';
import type { Mail, Mailer } from './mailer.ts';

export const mailTopic = 'mail.send';

/**
 * Mails leave through the outbox: queued in the transaction that decided to send them, sent by
 * the worker, retried when the SMTP server is away. Mail bodies carry links, not personal data.
 */
export function queueMail(tx: Queryable, tenantId: string | null, mail: Mail): Promise<void> {
  return enqueue(tx, mailJob(tenantId, mail));
}

/** The outbox job that sends `mail`, for callers that queue it inside a larger statement. */
export function mailJob(tenantId: string | null, mail: Mail): Job {
  return { tenantId, topic: mailTopic, payload: mail };
}

export function registerMailJobs(worker: OutboxWorker, mailer: Mailer): void {
  worker.handle(mailTopic, async (job) => {
    const { to, subject, text } = job.payload as Mail;
    await mailer.send({ to, subject, text });
  });
}
