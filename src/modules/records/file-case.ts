/**
 * A case files itself: the outbox job `records.file_case` (queued by the cases module when a case
 * is created) puts the case into a process (Vorgang) of the file for its service and year. The
 * service's plan position comes from record_service_mappings; the year's file ("Sperrmüll und
 * Sonderabfuhren 2026") is created on first use. The application's attachments become the
 * process's first documents (the same blobs, no copy). Idempotent: the outbox delivers at least
 * once, and a case has at most one process (unique index).
 */
import type { Database } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { ensureFilePlan } from './file-plan.ts';
import { createFile, createProcess, lockCounter } from './record-files.ts';
import { addDocument } from './documents.ts';

export const fileCaseTopic = 'records.file_case';

export type Filing =
  | { kind: 'filed'; fileId: string; processId: string; created: boolean }
  /** No plan position for the case's service: nothing to file into (the records manager maps it). */
  | { kind: 'unmapped'; serviceKey: string | null }
  /** The case is not visible (yet): the job retries. */
  | { kind: 'no_case' };

type CaseRow = { id: string; reference: string; form_title: string; service_key: string | null; year: number; received_on: string; applicant_name: string; submission_id: string };

/** Only the files the submitted answers still name (an upload of a branch the applicant left is not part of the application). */
const namedByAnswers = sql`exists (
  select 1 from jsonb_each(s.answers) answer, jsonb_array_elements(case when jsonb_typeof(answer.value) = 'array' then answer.value else '[]'::jsonb end) item
  where jsonb_typeof(item) = 'object' and item ? 'mediaType' and item ->> 'id' = a.id::text)`;

export async function fileCase(db: Database, tenantId: string, caseId: string): Promise<Filing> {
  return db.transaction({ tenantId, userId: null }, async (tx) => {
    const existing = await maybeOne<{ id: string; file_id: string }>(tx, sql`select id, file_id from record_processes where tenant_id = ${tenantId} and case_id = ${caseId}`);
    if (existing) return { kind: 'filed', fileId: existing.file_id, processId: existing.id, created: false };
    const found = await maybeOne<CaseRow>(tx, sql`
      select id, reference, form_title, service_key, submission_id, applicant_name,
             extract(year from received_at at time zone 'Europe/Berlin')::integer as year,
             to_char(received_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as received_on
      from cases where tenant_id = ${tenantId} and id = ${caseId}`);
    if (!found) return { kind: 'no_case' };
    await ensureFilePlan(tx, tenantId);
    const mapping = found.service_key
      ? await maybeOne<{ position_id: string; title: string }>(tx, sql`
          select m.position_id, p.title from record_service_mappings m join file_plan_positions p on p.tenant_id = m.tenant_id and p.id = m.position_id
          where m.tenant_id = ${tenantId} and m.service_key = ${found.service_key} and p.retired_at is null`)
      : undefined;
    if (!mapping) return { kind: 'unmapped', serviceKey: found.service_key };
    const actor = { tenantId, userId: null };
    // The counter lock serialises concurrent filings of one position: only one creates the year's file.
    await lockCounter(tx, tenantId, mapping.position_id);
    const open = await maybeOne<{ id: string }>(tx, sql`
      select id from record_files where tenant_id = ${tenantId} and position_id = ${mapping.position_id} and case_year = ${found.year} and status = 'offen'`);
    const fileId = open?.id ?? (await createFile(tx, actor, { positionId: mapping.position_id, title: `${mapping.title} ${found.year}`, caseYear: found.year })).id;
    const process = await createProcess(tx, actor, fileId, `${found.form_title} – ${found.reference}`, caseId);
    if (!process) throw new Error(`file ${fileId} closed while filing case ${caseId}`);
    const attachments = await tx.query<{ file_name: string; media_type: string; size: string | number; sha256: string; scan_result: 'clean' | 'not_scanned' }>(sql`
      select a.file_name, a.media_type, a.size, a.sha256, a.scan_result
      from submissions s join attachments a on a.tenant_id = s.tenant_id and a.draft_id = s.draft_id
      where s.tenant_id = ${tenantId} and s.id = ${found.submission_id} and ${namedByAnswers}
      order by a.created_at, a.id`);
    for (const attachment of attachments) {
      await addDocument(
        tx,
        actor,
        { fileId, processId: process.id, title: attachment.file_name, kind: 'nachweis', documentDate: found.received_on, direction: 'eingang', sender: found.applicant_name || null, recipient: null },
        { sha256: attachment.sha256, mediaType: attachment.media_type, size: Number(attachment.size), fileName: attachment.file_name, scanResult: attachment.scan_result },
      );
    }
    // Audited under the process (the case's own trail lists case events only).
    await appendAudit(tx, { tenantId, actorId: null, action: 'records.case_filed', subjectType: 'record_process', subjectId: process.id, data: { fileId, caseId, reference: found.reference, documents: attachments.length } });
    return { kind: 'filed', fileId, processId: process.id, created: true };
  });
}
