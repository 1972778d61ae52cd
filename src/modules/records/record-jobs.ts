/**
 * The records module's outbox jobs: filing new cases (records.file_case), filing issued decisions
 * (case.decision_issued, from the cases module) and extracting the text of new document versions
 * (records.extract_text). Both run in the job's tenant scope, so RLS
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
import { decisionIssuedTopic, decisionPayload, fileDecision } from './file-decision.ts';

function tenantOf(job: Job): string {
  if (!job.tenantId) throw new Error(`${job.topic} job ${job.id} has no tenant`);
  return job.tenantId;
}

/** Extracts and stores the text of one version; a damaged blob throws (BlobIntegrityError) and is never read. */
export async function extractVersionText(db: Database, blobs: BlobStore, tenantId: string, documentId: string, version: number): Promise<boolean> {
  const scope = { tenantId, userId: null };
  const row = await db.transaction(scope, (tx) =>
    maybeOne<{ sha256: string; media_type: string; disposed: boolean }>(tx, sql`
      select v.sha256, v.media_type, exists (
               select 1 from record_documents d join record_disposal_files x on x.tenant_id = d.tenant_id and x.file_id = d.file_id
               where d.tenant_id = v.tenant_id and d.id = v.document_id and x.content_deleted_at is not null) as disposed
      from record_document_versions v where v.tenant_id = ${tenantId} and v.document_id = ${documentId} and v.version = ${version}`),
  );
  if (!row) return false;
  // A disposed file's content is gone (handed over or destroyed): nothing to read, nothing to store.
  if (row.disposed) return true;
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
  worker.handle(decisionIssuedTopic, async (job) => {
    const outcome = await fileDecision(db, tenantOf(job), decisionPayload(job.payload));
    // A case not visible yet retries; an unmapped service or a closed file is final (audited or shown to the records manager).
    if (outcome === 'no_case') throw new Error(`case of ${decisionIssuedTopic} job ${job.id} not found`);
  });
  worker.handle(extractTextTopic, async (job) => {
    const { documentId, version } = job.payload;
    if (typeof documentId !== 'string' || typeof version !== 'number') throw new Error(`${extractTextTopic} job ${job.id} lacks document or version`);
    if (!(await extractVersionText(db, blobs, tenantOf(job), documentId, version))) throw new Error(`version ${version} of document ${documentId} not found`);
  });
}
