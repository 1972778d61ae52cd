/**
 * The files of a draft application (table `attachments`, migration 0007). Every function runs in
 * the caller's scoped transaction (RLS: own tenant only) and always names the draft as well, so
 * a browser only ever reaches the files of its own draft. The bytes are in the blob store; rows
 * are only written for files already checked and stored there.
 */
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import type { FileRef } from '../forms/runtime/answers.ts';

export type ScanResult = 'clean' | 'not_scanned';

export type Attachment = FileRef & { fieldId: string; sha256: string; scanResult: ScanResult; createdAt: Date };

export type NewAttachment = { fieldId: string; fileName: string; mediaType: string; size: number; sha256: string; scanResult: ScanResult };

type Row = { id: string; field_id: string; file_name: string; media_type: string; size: number; sha256: string; scan_result: ScanResult; created_at: Date };
const columns = sql`id, field_id, file_name, media_type, size, sha256, scan_result, created_at`;

const toAttachment = (row: Row): Attachment => ({
  id: row.id,
  name: row.file_name,
  mediaType: row.media_type,
  size: Number(row.size),
  fieldId: row.field_id,
  sha256: row.sha256,
  scanResult: row.scan_result,
  createdAt: row.created_at,
});

/** The answer's reference to an attachment (what the submitted answers keep). */
export function fileRef(attachment: Attachment): FileRef {
  return { id: attachment.id, name: attachment.name, mediaType: attachment.mediaType, size: attachment.size };
}

/** The draft's files in upload order. */
export async function listAttachments(tx: Queryable, tenantId: string, draftId: string): Promise<Attachment[]> {
  const rows = await tx.query<Row>(sql`
    select ${columns} from attachments where tenant_id = ${tenantId} and draft_id = ${draftId} order by created_at, id`);
  return rows.map(toAttachment);
}

export async function addAttachment(tx: Queryable, tenantId: string, draftId: string, file: NewAttachment, userId: string | null): Promise<Attachment> {
  const row = await one<Row>(tx, sql`
    insert into attachments (tenant_id, draft_id, field_id, file_name, media_type, size, sha256, scan_result)
    values (${tenantId}, ${draftId}, ${file.fieldId}, ${file.fileName}, ${file.mediaType}, ${file.size}, ${file.sha256}, ${file.scanResult})
    returning ${columns}`);
  const attachment = toAttachment(row);
  await audit(tx, tenantId, userId, 'attachment.added', attachment, { mediaType: attachment.mediaType, size: attachment.size, scanResult: attachment.scanResult });
  return attachment;
}

/** Removes one file of the draft; undefined when the draft has no such file. */
export async function removeAttachment(tx: Queryable, tenantId: string, draftId: string, attachmentId: string, userId: string | null): Promise<Attachment | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) return undefined;
  const row = await maybeOne<Row>(tx, sql`
    delete from attachments where tenant_id = ${tenantId} and draft_id = ${draftId} and id = ${attachmentId}
    returning ${columns}`);
  if (!row) return undefined;
  const attachment = toAttachment(row);
  await audit(tx, tenantId, userId, 'attachment.removed', attachment, {});
  return attachment;
}

/** No file names in the audit log: it outlives the application and holds no personal data. */
function audit(tx: Queryable, tenantId: string, userId: string | null, action: string, attachment: Attachment, data: Record<string, unknown>): Promise<void> {
  return appendAudit(tx, { tenantId, actorId: userId, action, subjectType: 'attachment', subjectId: attachment.id, data: { fieldId: attachment.fieldId, sha256: attachment.sha256, ...data } });
}
