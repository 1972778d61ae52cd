/**
 * Documents and their versions. Metadata is registered once; the content lives in versions, each
 * a blob in the content-addressed blob store (ADR 0006). Rows of versions can never be changed or
 * deleted (trigger, migration 0012); a closed file takes no new documents or versions. Every new
 * version queues its text extraction (topic records.extract_text) in the same transaction.
 */
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { enqueue } from '../../platform/jobs/outbox.ts';
import type { Actor } from './record-files.ts';

export const extractTextTopic = 'records.extract_text';

export const documentKinds = ['antrag', 'bescheid', 'schreiben', 'vermerk', 'nachweis', 'vertrag', 'rechnung', 'sonstiges'] as const;
export type DocumentKind = (typeof documentKinds)[number];
export const directions = ['eingang', 'ausgang', 'intern'] as const;
export type Direction = (typeof directions)[number];

export const isDocumentKind = (value: unknown): value is DocumentKind => typeof value === 'string' && (documentKinds as readonly string[]).includes(value);
export const isDirection = (value: unknown): value is Direction => typeof value === 'string' && (directions as readonly string[]).includes(value);

export type DocumentInput = {
  fileId: string;
  processId: string | null;
  title: string;
  kind: DocumentKind;
  /** ISO date (YYYY-MM-DD). */
  documentDate: string;
  direction: Direction;
  sender: string | null;
  recipient: string | null;
};

export type VersionInput = { sha256: string; mediaType: string; size: number; fileName: string; scanResult: 'clean' | 'not_scanned' };

export type RecordDocument = DocumentInput & {
  id: string;
  latestVersion: number;
  mediaType: string;
  textMethod: string | null;
  createdAt: Date;
};

export type DocumentVersion = VersionInput & { version: number; createdAt: Date; createdBy: string | null };

async function insertVersion(tx: Queryable, actor: Actor, documentId: string, version: VersionInput): Promise<number> {
  // The primary key (document, version) turns two concurrent uploads into one error, never two
  // versions with the same number.
  const row = await one<{ version: number }>(tx, sql`
    insert into record_document_versions (tenant_id, document_id, version, sha256, media_type, size, file_name, scan_result, created_by)
    select ${actor.tenantId}, ${documentId}, coalesce(max(v.version), 0) + 1, ${version.sha256}, ${version.mediaType}, ${version.size}, ${version.fileName}, ${version.scanResult}, ${actor.userId}
    from record_document_versions v where v.tenant_id = ${actor.tenantId} and v.document_id = ${documentId}
    returning version`);
  await enqueue(tx, { tenantId: actor.tenantId, topic: extractTextTopic, payload: { documentId, version: row.version } });
  return row.version;
}

/** Registers a document with its first version; audited in the same transaction. */
export async function addDocument(tx: Queryable, actor: Actor, input: DocumentInput, version: VersionInput): Promise<{ documentId: string }> {
  const row = await one<{ id: string }>(tx, sql`
    insert into record_documents (tenant_id, file_id, process_id, title, kind, document_date, direction, sender, recipient, created_by)
    values (${actor.tenantId}, ${input.fileId}, ${input.processId}, ${input.title}, ${input.kind}, ${input.documentDate}::date, ${input.direction},
            ${input.sender}, ${input.recipient}, ${actor.userId})
    returning id`);
  await insertVersion(tx, actor, row.id, version);
  await appendAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'records.document_added',
    subjectType: 'record_document',
    subjectId: row.id,
    data: { fileId: input.fileId, processId: input.processId, title: input.title, kind: input.kind, sha256: version.sha256, size: version.size },
  });
  return { documentId: row.id };
}

/** A new version of a document (the older ones stay as they are). */
export async function addVersion(tx: Queryable, actor: Actor, documentId: string, version: VersionInput): Promise<number> {
  const number = await insertVersion(tx, actor, documentId, version);
  await appendAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'records.version_added',
    subjectType: 'record_document',
    subjectId: documentId,
    data: { version: number, sha256: version.sha256, size: version.size },
  });
  return number;
}

type DocumentRow = {
  id: string;
  file_id: string;
  process_id: string | null;
  title: string;
  kind: DocumentKind;
  document_date: string;
  direction: Direction;
  sender: string | null;
  recipient: string | null;
  created_at: Date;
  latest_version: number;
  media_type: string;
  text_method: string | null;
};

const documentSelect = sql`
  select d.id, d.file_id, d.process_id, d.title, d.kind, to_char(d.document_date, 'YYYY-MM-DD') as document_date, d.direction,
         d.sender, d.recipient, d.created_at, v.version as latest_version, v.media_type, t.method as text_method
  from record_documents d
  join lateral (select version, media_type from record_document_versions v
                where v.tenant_id = d.tenant_id and v.document_id = d.id order by version desc limit 1) v on true
  left join record_texts t on t.tenant_id = d.tenant_id and t.document_id = d.id and t.version = v.version`;

const toDocument = (row: DocumentRow): RecordDocument => ({
  id: row.id,
  fileId: row.file_id,
  processId: row.process_id,
  title: row.title,
  kind: row.kind,
  documentDate: row.document_date,
  direction: row.direction,
  sender: row.sender,
  recipient: row.recipient,
  createdAt: row.created_at,
  latestVersion: row.latest_version,
  mediaType: row.media_type,
  textMethod: row.text_method,
});

export async function fileDocuments(tx: Queryable, tenantId: string, fileId: string): Promise<RecordDocument[]> {
  const rows = await tx.query<DocumentRow>(sql`${documentSelect} where d.tenant_id = ${tenantId} and d.file_id = ${fileId} order by d.document_date, d.created_at, d.id`);
  return rows.map(toDocument);
}

export async function findDocument(tx: Queryable, tenantId: string, fileId: string, documentId: string): Promise<RecordDocument | undefined> {
  const row = await maybeOne<DocumentRow>(tx, sql`${documentSelect} where d.tenant_id = ${tenantId} and d.file_id = ${fileId} and d.id = ${documentId}`);
  return row && toDocument(row);
}

type VersionRow = { version: number; sha256: string; media_type: string; size: string | number; file_name: string; scan_result: 'clean' | 'not_scanned'; created_at: Date; created_by: string | null };
const toVersion = (row: VersionRow): DocumentVersion => ({
  version: row.version,
  sha256: row.sha256,
  mediaType: row.media_type,
  size: Number(row.size),
  fileName: row.file_name,
  scanResult: row.scan_result,
  createdAt: row.created_at,
  createdBy: row.created_by,
});

export async function documentVersions(tx: Queryable, tenantId: string, documentId: string): Promise<DocumentVersion[]> {
  const rows = await tx.query<VersionRow>(sql`
    select v.version, v.sha256, v.media_type, v.size, v.file_name, v.scan_result, v.created_at, u.display_name as created_by
    from record_document_versions v left join users u on u.id = v.created_by
    where v.tenant_id = ${tenantId} and v.document_id = ${documentId} order by v.version desc`);
  return rows.map(toVersion);
}

export async function findVersion(tx: Queryable, tenantId: string, documentId: string, version: number): Promise<DocumentVersion | undefined> {
  const row = await maybeOne<VersionRow>(tx, sql`
    select v.version, v.sha256, v.media_type, v.size, v.file_name, v.scan_result, v.created_at, null as created_by
    from record_document_versions v where v.tenant_id = ${tenantId} and v.document_id = ${documentId} and v.version = ${version}`);
  return row && toVersion(row);
}
