/**
 * Files sent with a message of the case thread: the document a Rückfrage asked for, a letter
 * the caseworker attaches (migration 0020). Rows are written in the transaction of their
 * message, after the bytes were checked and stored (web/message-uploads.ts); reads run after the
 * case itself was found under the reader's access rules, so a file is reachable exactly when its
 * case is.
 */
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { uuidPattern } from './office-access.ts';

/** A checked file whose bytes are in the blob store, not yet linked to a message. */
export type StoredMessageFile = { name: string; mediaType: string; size: number; sha256: string; scanResult: 'clean' | 'not_scanned' };

export type MessageFile = { id: string; messageId: string; name: string; mediaType: string; size: number; sha256: string };

type Row = { id: string; message_id: string; file_name: string; media_type: string; size: string | number; sha256: string };
const toFile = (row: Row): MessageFile => ({ id: row.id, messageId: row.message_id, name: row.file_name, mediaType: row.media_type, size: Number(row.size), sha256: row.sha256 });

/** In the order given: `clock_timestamp()` (not the transaction's `now()`) keeps that order when read. */
export async function insertMessageFiles(tx: Queryable, tenantId: string, caseId: string, messageId: string, files: readonly StoredMessageFile[]): Promise<void> {
  for (const file of files) {
    await tx.query(sql`
      insert into case_message_files (tenant_id, case_id, message_id, file_name, media_type, size, sha256, scan_result, created_at)
      values (${tenantId}, ${caseId}, ${messageId}, ${file.name}, ${file.mediaType}, ${file.size}, ${file.sha256}, ${file.scanResult}, clock_timestamp())`);
  }
}

export async function messageFilesOfCase(tx: Queryable, tenantId: string, caseId: string): Promise<MessageFile[]> {
  const rows = await tx.query<Row>(sql`
    select id, message_id, file_name, media_type, size, sha256 from case_message_files
    where tenant_id = ${tenantId} and case_id = ${caseId}
    order by created_at, id`);
  return rows.map(toFile);
}

export async function messageFileOfCase(tx: Queryable, tenantId: string, caseId: string, fileId: string): Promise<MessageFile | undefined> {
  if (!uuidPattern.test(fileId)) return undefined;
  const row = await maybeOne<Row>(tx, sql`
    select id, message_id, file_name, media_type, size, sha256 from case_message_files
    where tenant_id = ${tenantId} and case_id = ${caseId} and id = ${fileId}`);
  return row && toFile(row);
}
