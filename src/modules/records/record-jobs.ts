/**
 * The records module's outbox jobs: filing new cases (records.file_case) and extracting the text
 * of new document versions (records.extract_text). Both run in the job's tenant scope, so RLS
 * keeps them inside that tenant, and both are idempotent (delivery is at least once).
 */
import type { Database } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import type { Config } from '../../config.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import { openBlobStore } from '../../platform/blobs/open-blob-store.ts';
import type { Job, OutboxWorker } from '../../platform/jobs/worker.ts';
import { extractTextTopic } from './documents.ts';
import { extractText } from './extract-text.ts';
import { fileCase, fileCaseTopic } from './file-case.ts';

function tenantOf(job: Job): string {
  if (!job.tenantId) throw new Error(`${job.topic} job ${job.id} has no tenant`);
  return job.tenantId;
}

/** Extracts and stores the text of one version; a damaged blob throws (BlobIntegrityError) and is never read. */
export async function extractVersionText(db: Database, blobs: BlobStore, tenantId: string, documentId: string, version: number): Promise<boolean> {
  const scope = { tenantId, userId: null };
  const row = await db.transaction(scope, (tx) =>
    maybeOne<{ sha256: string; media_type: string }>(tx, sql`
      select sha256, media_type from record_document_versions where tenant_id = ${tenantId} and document_id = ${documentId} and version = ${version}`),
  );
  if (!row) return false;
  const bytes = await blobs.get(row.sha256);
  const extraction = await extractText(bytes, row.media_type);
  await db.transaction(scope, (tx) =>
    tx.query(sql`
      insert into record_texts (tenant_id, document_id, version, method, content)
      values (${tenantId}, ${documentId}, ${version}, ${extraction.method}, ${extraction.text})
      on conflict (tenant_id, document_id, version) do update set method = excluded.method, content = excluded.content, extracted_at = now()`),
  );
  return true;
}

export function registerRecordJobs(worker: OutboxWorker, db: Database, config: Pick<Config, 'blobStore' | 'dataDir'>): void {
  const blobs = openBlobStore(config);
  worker.handle(fileCaseTopic, async (job) => {
    const caseId = job.payload.caseId;
    if (typeof caseId !== 'string') throw new Error(`${fileCaseTopic} job ${job.id} lacks the case id`);
    const filing = await fileCase(db, tenantOf(job), caseId);
    if (filing.kind === 'no_case') throw new Error(`case ${caseId} of job ${job.id} not found`);
  });
  worker.handle(extractTextTopic, async (job) => {
    const { documentId, version } = job.payload;
    if (typeof documentId !== 'string' || typeof version !== 'number') throw new Error(`${extractTextTopic} job ${job.id} lacks document or version`);
    if (!(await extractVersionText(db, blobs, tenantOf(job), documentId, version))) throw new Error(`version ${version} of document ${documentId} not found`);
  });
}
