/**
 * The files of a case: the attachments of the application it came from (the submission's draft).
 * Read in the staff member's tenant scope after the case itself was found under their office
 * access, so a file is reachable exactly when its case is.
 */
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { uuidPattern } from './office-access.ts';

export type CaseFile = { id: string; fieldId: string; name: string; mediaType: string; size: number; sha256: string };

type Row = { id: string; field_id: string; file_name: string; media_type: string; size: string | number; sha256: string };
const toFile = (row: Row): CaseFile => ({ id: row.id, fieldId: row.field_id, name: row.file_name, mediaType: row.media_type, size: Number(row.size), sha256: row.sha256 });

/** Only files the submitted answers still name: an upload of a branch the applicant left is not part of the application. */
const namedByAnswers = sql`exists (
  select 1 from jsonb_each(s.answers) answer, jsonb_array_elements(case when jsonb_typeof(answer.value) = 'array' then answer.value else '[]'::jsonb end) item
  where jsonb_typeof(item) = 'object' and item ? 'mediaType' and item ->> 'id' = a.id::text)`;

export async function caseFiles(tx: Queryable, tenantId: string, caseId: string): Promise<CaseFile[]> {
  const rows = await tx.query<Row>(sql`
    select a.id, a.field_id, a.file_name, a.media_type, a.size, a.sha256
    from cases c
    join submissions s on s.tenant_id = c.tenant_id and s.id = c.submission_id
    join attachments a on a.tenant_id = s.tenant_id and a.draft_id = s.draft_id
    where c.tenant_id = ${tenantId} and c.id = ${caseId} and ${namedByAnswers}
    order by a.created_at, a.id`);
  return rows.map(toFile);
}

export async function caseFile(tx: Queryable, tenantId: string, caseId: string, fileId: string): Promise<CaseFile | undefined> {
  if (!uuidPattern.test(fileId)) return undefined;
  const row = await maybeOne<Row>(tx, sql`
    select a.id, a.field_id, a.file_name, a.media_type, a.size, a.sha256
    from cases c
    join submissions s on s.tenant_id = c.tenant_id and s.id = c.submission_id
    join attachments a on a.tenant_id = s.tenant_id and a.draft_id = s.draft_id
    where c.tenant_id = ${tenantId} and c.id = ${caseId} and a.id = ${fileId} and ${namedByAnswers}`);
  return row && toFile(row);
}

