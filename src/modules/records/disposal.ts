/**
 * Aussonderung: the disposal procedure with the archive, in xdomea 3.0.0 messages
 * (docs/records/xdomea.md). Public bodies offer files they no longer need to the responsible
 * archive (ArchivG NRW § 4 Anbietungspflicht, § 10 for municipal archives); the archive decides
 * what is archival (§ 2 Abs. 6 "archivwürdig"); the rest is destroyed. DIN ISO 15489-1 9.9: the
 * disposal is authorised, documented and leaves a record of what was disposed.
 *
 * 1. start: every due file (closed, retention over, no legal hold, in no other procedure) of the
 *    chosen plan position goes into a new procedure; the 0501 offer is built and kept.
 * 2. the archive's 0502 appraisal sets archive / destroy per file (0504, the receipt of the offer, is noted).
 * 3. hand over: the 0503 message lists the files to archive with their versions; its package (ZIP
 *    with the XML and the primary documents) is downloaded and delivered to the archive.
 * 4. the archive's 0506 import confirmation names each file's archive identifier; then, and for
 *    the files appraised "destroy" by a separate, confirmed action, the files' content (blobs
 *    and extracted text) is deleted. Metadata, this record and the audit log remain as proof.
 * The database enforces the rules again (migration 0018): no disposal under legal hold, only due
 * files, content deleted only for confirmed or destroyed files, records never deleted.
 */
import type { Database, Queryable, Scope } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Actor } from './record-files.ts';
import { buildHandover, buildOffer, packageFileName, parseIncoming, XdomeaMessageError, type DisposalKind, type IncomingMessage, type XdomeaDocument, type XdomeaFile } from './xdomea/messages.ts';

export type DisposalStatus = 'angeboten' | 'bewertet' | 'uebergeben' | 'abgeschlossen';
export type Outcome = 'uebergeben' | 'vernichtet' | 'zurueckgestellt';

export type DisposalItem = {
  fileId: string;
  fileNumber: string;
  title: string;
  offeredKind: DisposalKind;
  appraisal: 'archivieren' | 'vernichten' | null;
  outcome: Outcome | null;
  archiveReference: string | null;
  note: string | null;
  contentDeletedAt: Date | null;
  deletedVersions: number | null;
  legalHold: boolean;
};

export type DisposalMessage = { id: string; code: string; direction: 'gesendet' | 'empfangen'; createdAt: Date };

export type Disposal = {
  id: string;
  archiveName: string;
  status: DisposalStatus;
  createdAt: Date;
  createdBy: string | null;
  offerReceivedAt: Date | null;
  appraisedAt: Date | null;
  handedOverAt: Date | null;
  completedAt: Date | null;
  items: DisposalItem[];
  messages: DisposalMessage[];
};

export type DisposalSummary = { id: string; archiveName: string; status: DisposalStatus; createdAt: Date; files: number };

export async function listDisposals(tx: Queryable, tenantId: string): Promise<DisposalSummary[]> {
  return tx.query<DisposalSummary>(sql`
    select d.id, d.archive_name as "archiveName", d.status, d.created_at as "createdAt",
           (select count(*)::int from record_disposal_files x where x.tenant_id = d.tenant_id and x.disposal_id = d.id) as files
    from record_disposals d where d.tenant_id = ${tenantId} order by d.created_at desc limit 200`);
}

export async function findDisposal(tx: Queryable, tenantId: string, id: string): Promise<Disposal | undefined> {
  const row = await maybeOne<Omit<Disposal, 'items' | 'messages'>>(tx, sql`
    select d.id, d.archive_name as "archiveName", d.status, d.created_at as "createdAt", u.display_name as "createdBy",
           d.offer_received_at as "offerReceivedAt", d.appraised_at as "appraisedAt", d.handed_over_at as "handedOverAt", d.completed_at as "completedAt"
    from record_disposals d left join users u on u.id = d.created_by where d.tenant_id = ${tenantId} and d.id = ${id}`);
  if (!row) return undefined;
  const items = await tx.query<DisposalItem>(sql`
    select x.file_id as "fileId", f.file_number as "fileNumber", f.title, x.offered_kind as "offeredKind", x.appraisal, x.outcome,
           x.archive_reference as "archiveReference", x.note, x.content_deleted_at as "contentDeletedAt", x.deleted_versions as "deletedVersions", f.legal_hold as "legalHold"
    from record_disposal_files x join record_files f on f.tenant_id = x.tenant_id and f.id = x.file_id
    where x.tenant_id = ${tenantId} and x.disposal_id = ${id} order by f.file_number collate "C"`);
  const messages = await tx.query<DisposalMessage>(sql`
    select id, code, direction, created_at as "createdAt" from record_disposal_messages where tenant_id = ${tenantId} and disposal_id = ${id} order by created_at, code`);
  return { ...row, items, messages };
}

/** Files, processes, documents and versions in the shape of the xdomea messages. */
export async function xdomeaFiles(tx: Queryable, tenantId: string, fileIds: readonly string[]): Promise<XdomeaFile[]> {
  if (fileIds.length === 0) return [];
  const files = await tx.query<Omit<XdomeaFile, 'processes' | 'documents'>>(sql`
    select f.id, f.file_number as "fileNumber", f.title, p.code as "positionCode", to_char(f.opened_on, 'YYYY-MM-DD') as "openedOn",
           to_char(f.closed_on, 'YYYY-MM-DD') as "closedOn", f.retention_years as "retentionYears", f.disposal, to_char(f.retain_until, 'YYYY-MM-DD') as "retainUntil"
    from record_files f join file_plan_positions p on p.tenant_id = f.tenant_id and p.id = f.position_id
    where f.tenant_id = ${tenantId} and f.id = any(${[...fileIds]}::uuid[]) and f.status = 'abgeschlossen' order by f.file_number collate "C"`);
  const processes = await tx.query<{ id: string; file_id: string; number: number; title: string; created_on: string }>(sql`
    select id, file_id, number, title, to_char(created_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as created_on
    from record_processes where tenant_id = ${tenantId} and file_id = any(${[...fileIds]}::uuid[]) order by number`);
  const documents = await tx.query<{ id: string; file_id: string; process_id: string | null; title: string; kind: string; document_date: string; direction: XdomeaDocument['direction'] }>(sql`
    select id, file_id, process_id, title, kind, to_char(document_date, 'YYYY-MM-DD') as document_date, direction
    from record_documents where tenant_id = ${tenantId} and file_id = any(${[...fileIds]}::uuid[]) order by document_date, created_at, id`);
  const versions = await tx.query<{ document_id: string; version: number; media_type: string; file_name: string; created_at: Date }>(sql`
    select v.document_id, v.version, v.media_type, v.file_name, v.created_at from record_document_versions v
    join record_documents d on d.tenant_id = v.tenant_id and d.id = v.document_id
    where v.tenant_id = ${tenantId} and d.file_id = any(${[...fileIds]}::uuid[]) order by v.version`);
  const toDocument = (d: (typeof documents)[number]): XdomeaDocument => ({
    id: d.id,
    title: d.title,
    kind: d.kind,
    documentDate: d.document_date,
    direction: d.direction,
    versions: versions
      .filter((v) => v.document_id === d.id)
      .map((v) => ({ version: v.version, mediaType: v.media_type, fileName: v.file_name, createdAt: v.created_at, packageName: packageFileName(d.id, v.version, v.file_name) })),
  });
  return files.map((file) => ({
    ...file,
    documents: documents.filter((d) => d.file_id === file.id && d.process_id === null).map(toDocument),
    processes: processes
      .filter((p) => p.file_id === file.id)
      .map((p) => ({ id: p.id, number: p.number, title: p.title, createdOn: p.created_on, documents: documents.filter((d) => d.process_id === p.id).map(toDocument) })),
  }));
}

async function storeMessage(tx: Queryable, actor: Actor, disposalId: string, code: string, direction: 'gesendet' | 'empfangen', xml: string): Promise<void> {
  await tx.query(sql`
    insert into record_disposal_messages (tenant_id, disposal_id, code, direction, xml, created_by)
    values (${actor.tenantId}, ${disposalId}, ${code}, ${direction}, ${xml}, ${actor.userId})`);
}

export async function messageXml(tx: Queryable, tenantId: string, disposalId: string, code: '0501' | '0503'): Promise<string | undefined> {
  const row = await maybeOne<{ xml: string }>(tx, sql`
    select xml from record_disposal_messages where tenant_id = ${tenantId} and disposal_id = ${disposalId} and code = ${code} and direction = 'gesendet'
    order by created_at desc limit 1`);
  return row?.xml;
}

const head = (id: string, tenantId: string, tenantName: string, archiveName: string) => ({ processId: id, createdAt: new Date(), sender: tenantName, recipient: archiveName, instanceId: tenantId });

export type StartInput = { archiveName: string; positionId?: string | undefined; tenantName: string };

/** Starts a procedure with every due file (of a position and below); the 0501 offer is built in the same transaction. */
export async function startDisposal(tx: Queryable, actor: Actor, input: StartInput): Promise<{ kind: 'started'; id: string; files: number } | { kind: 'none_due' }> {
  const position = input.positionId
    ? sql`and p.code like (select q.code from file_plan_positions q where q.tenant_id = ${actor.tenantId} and q.id = ${input.positionId}) || '%'`
    : sql``;
  const due = await tx.query<{ id: string; disposal: DisposalKind }>(sql`
    select f.id, f.disposal from record_files f join file_plan_positions p on p.tenant_id = f.tenant_id and p.id = f.position_id
    where f.tenant_id = ${actor.tenantId} and f.status = 'abgeschlossen' and f.retain_until < current_date and not f.legal_hold ${position}
      and not exists (select 1 from record_disposal_files x where x.tenant_id = f.tenant_id and x.file_id = f.id and x.outcome is distinct from 'zurueckgestellt')
    order by f.file_number collate "C" limit 1000
    for update of f`);
  if (due.length === 0) return { kind: 'none_due' };
  const { id } = await one<{ id: string }>(tx, sql`
    insert into record_disposals (tenant_id, archive_name, created_by) values (${actor.tenantId}, ${input.archiveName}, ${actor.userId}) returning id`);
  for (const file of due) {
    await tx.query(sql`insert into record_disposal_files (tenant_id, disposal_id, file_id, offered_kind) values (${actor.tenantId}, ${id}, ${file.id}, ${file.disposal})`);
  }
  const xml = buildOffer(head(id, actor.tenantId, input.tenantName, input.archiveName), await xdomeaFiles(tx, actor.tenantId, due.map((file) => file.id)));
  await storeMessage(tx, actor, id, '0501', 'gesendet', xml);
  await appendAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, action: 'records.disposal_offered', subjectType: 'record_disposal', subjectId: id, data: { archive: input.archiveName, files: due.length, message: '0501' } });
  return { kind: 'started', id, files: due.length };
}

export type ImportResult =
  | { kind: 'imported'; code: string; /** Files whose content was deleted in this transaction: their blobs go after commit. */ deleted: DeletedContent }
  | { kind: 'refused'; reason: 'not_xdomea' | 'other_procedure' | 'wrong_state' | 'unknown_objects' | 'incomplete'; detail: string }
  | { kind: 'not_found' };

export type DeletedContent = { files: number; sha256: string[] };
const nothingDeleted = (): DeletedContent => ({ files: 0, sha256: [] });

/** Locks the procedure row: one step at a time per procedure. */
async function lockDisposal(tx: Queryable, tenantId: string, id: string): Promise<{ status: DisposalStatus; archive_name: string } | undefined> {
  return maybeOne(tx, sql`select status, archive_name from record_disposals where tenant_id = ${tenantId} and id = ${id} for update`);
}

/** Reads a message of the archive (0502, 0504, 0506, 0507) into the procedure. */
export async function importMessage(tx: Queryable, actor: Actor, disposalId: string, xml: string): Promise<ImportResult> {
  const disposal = await lockDisposal(tx, actor.tenantId, disposalId);
  if (!disposal) return { kind: 'not_found' };
  let parsed: IncomingMessage;
  try {
    parsed = parseIncoming(xml);
  } catch (error) {
    if (error instanceof XdomeaMessageError) return { kind: 'refused', reason: 'not_xdomea', detail: error.message };
    throw error;
  }
  const message = parsed;
  if (message.processId !== disposalId) return { kind: 'refused', reason: 'other_procedure', detail: message.processId };
  const items = await tx.query<{ file_id: string; appraisal: string | null; outcome: Outcome | null }>(sql`
    select file_id, appraisal, outcome from record_disposal_files where tenant_id = ${actor.tenantId} and disposal_id = ${disposalId}`);
  const audit = (data: Record<string, unknown>) =>
    appendAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, action: 'records.disposal_message_received', subjectType: 'record_disposal', subjectId: disposalId, data: { message: message.code, ...data } });
  if (message.code === '0504' || message.code === '0507') {
    if (message.code === '0504') await tx.query(sql`update record_disposals set offer_received_at = coalesce(offer_received_at, now()) where tenant_id = ${actor.tenantId} and id = ${disposalId}`);
    await storeMessage(tx, actor, disposalId, message.code, 'empfangen', xml);
    await audit({});
    return { kind: 'imported', code: message.code, deleted: nothingDeleted() };
  }
  const known = new Set(items.map((item) => item.file_id));
  if (message.code === '0502') {
    if (disposal.status !== 'angeboten') return { kind: 'refused', reason: 'wrong_state', detail: disposal.status };
    const unknown = message.appraisals.filter((a) => !known.has(a.id)).map((a) => a.id);
    if (unknown.length > 0) return { kind: 'refused', reason: 'unknown_objects', detail: unknown.join(', ') };
    const appraised = new Set(message.appraisals.map((a) => a.id));
    const missing = items.filter((item) => !appraised.has(item.file_id)).map((item) => item.file_id);
    if (missing.length > 0) return { kind: 'refused', reason: 'incomplete', detail: missing.join(', ') };
    for (const appraisal of message.appraisals) {
      await tx.query(sql`
        update record_disposal_files set appraisal = ${appraisal.decision}, decided_at = now(), decided_by = ${actor.userId}
        where tenant_id = ${actor.tenantId} and disposal_id = ${disposalId} and file_id = ${appraisal.id}`);
    }
    await tx.query(sql`update record_disposals set status = 'bewertet', appraised_at = now() where tenant_id = ${actor.tenantId} and id = ${disposalId}`);
    await storeMessage(tx, actor, disposalId, '0502', 'empfangen', xml);
    const archive = message.appraisals.filter((a) => a.decision === 'archivieren').length;
    await audit({ archive, destroy: message.appraisals.length - archive });
    return { kind: 'imported', code: '0502', deleted: nothingDeleted() };
  }
  // 0506: the import confirmation of the handover, per file.
  if (message.code !== '0506') throw new Error(`unhandled message ${message.code}`);
  if (disposal.status !== 'uebergeben') return { kind: 'refused', reason: 'wrong_state', detail: disposal.status };
  const handedOver = new Set(items.filter((item) => item.appraisal === 'archivieren' && item.outcome === null).map((item) => item.file_id));
  const unknown = message.results.filter((r) => !handedOver.has(r.id)).map((r) => r.id);
  if (unknown.length > 0) return { kind: 'refused', reason: 'unknown_objects', detail: unknown.join(', ') };
  await storeMessage(tx, actor, disposalId, '0506', 'empfangen', xml);
  const deleted = nothingDeleted();
  for (const result of message.results) {
    if (result.success) {
      await tx.query(sql`
        update record_disposal_files set outcome = 'uebergeben', archive_reference = ${result.archiveReference ?? `0506 ${message.processId}`}
        where tenant_id = ${actor.tenantId} and disposal_id = ${disposalId} and file_id = ${result.id}`);
      const gone = await deleteContent(tx, actor, disposalId, result.id, 'uebergeben');
      if (gone) {
        deleted.files++;
        deleted.sha256.push(...gone);
      }
    } else {
      await tx.query(sql`
        update record_disposal_files set outcome = 'zurueckgestellt', note = ${`Import im Archiv fehlgeschlagen: ${result.errors.join('; ') || 'ohne Angabe'}`.slice(0, 2000)}
        where tenant_id = ${actor.tenantId} and disposal_id = ${disposalId} and file_id = ${result.id}`);
    }
  }
  await audit({ confirmed: message.results.filter((r) => r.success).length, failed: message.results.filter((r) => !r.success).length });
  await completeIfDone(tx, actor.tenantId, disposalId);
  return { kind: 'imported', code: '0506', deleted };
}

/** Files on legal hold are held back at every step (the hold may have come after the offer). */
async function holdBack(tx: Queryable, actor: Actor, disposalId: string): Promise<number> {
  const held = await tx.query(sql`
    update record_disposal_files x set outcome = 'zurueckgestellt', note = 'Aufbewahrung wegen Legal Hold'
    from record_files f
    where x.tenant_id = ${actor.tenantId} and x.disposal_id = ${disposalId} and x.outcome is null
      and f.tenant_id = x.tenant_id and f.id = x.file_id and f.legal_hold
    returning x.file_id`);
  return held.length;
}

async function completeIfDone(tx: Queryable, tenantId: string, disposalId: string): Promise<void> {
  await tx.query(sql`
    update record_disposals set status = 'abgeschlossen', completed_at = now()
    where tenant_id = ${tenantId} and id = ${disposalId} and status <> 'angeboten'
      and not exists (select 1 from record_disposal_files x where x.tenant_id = ${tenantId} and x.disposal_id = ${disposalId} and x.outcome is null)`);
}

/** 0503: the files appraised as archival (without legal hold) are handed over; the message is kept. */
export async function handOver(tx: Queryable, actor: Actor, disposalId: string, tenantName: string): Promise<{ kind: 'done'; files: number; heldBack: number } | { kind: 'wrong_state' | 'nothing' | 'not_found' }> {
  const disposal = await lockDisposal(tx, actor.tenantId, disposalId);
  if (!disposal) return { kind: 'not_found' };
  if (disposal.status !== 'bewertet') return { kind: 'wrong_state' };
  const heldBack = await holdBack(tx, actor, disposalId);
  const files = await tx.query<{ file_id: string }>(sql`
    select file_id from record_disposal_files where tenant_id = ${actor.tenantId} and disposal_id = ${disposalId} and appraisal = 'archivieren' and outcome is null`);
  if (files.length === 0) return { kind: 'nothing' };
  const xml = buildHandover(head(disposalId, actor.tenantId, tenantName, disposal.archive_name), await xdomeaFiles(tx, actor.tenantId, files.map((f) => f.file_id)));
  await storeMessage(tx, actor, disposalId, '0503', 'gesendet', xml);
  await tx.query(sql`update record_disposals set status = 'uebergeben', handed_over_at = now() where tenant_id = ${actor.tenantId} and id = ${disposalId}`);
  await appendAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, action: 'records.disposal_handed_over', subjectType: 'record_disposal', subjectId: disposalId, data: { files: files.length, heldBack, message: '0503' } });
  return { kind: 'done', files: files.length, heldBack };
}

/** Destroys the files the archive appraised "vernichten" (without legal hold): their content is deleted, the record stays. */
export async function destroyAppraised(tx: Queryable, actor: Actor, disposalId: string): Promise<{ kind: 'done'; deleted: DeletedContent; heldBack: number } | { kind: 'wrong_state' | 'not_found' }> {
  const disposal = await lockDisposal(tx, actor.tenantId, disposalId);
  if (!disposal) return { kind: 'not_found' };
  if (disposal.status === 'angeboten') return { kind: 'wrong_state' };
  const heldBack = await holdBack(tx, actor, disposalId);
  const files = await tx.query<{ file_id: string }>(sql`
    update record_disposal_files set outcome = 'vernichtet', decided_at = now(), decided_by = ${actor.userId}
    where tenant_id = ${actor.tenantId} and disposal_id = ${disposalId} and appraisal = 'vernichten' and outcome is null returning file_id`);
  const deleted = nothingDeleted();
  for (const file of files) {
    const gone = await deleteContent(tx, actor, disposalId, file.file_id, 'vernichtet');
    if (gone) {
      deleted.files++;
      deleted.sha256.push(...gone);
    }
  }
  await completeIfDone(tx, actor.tenantId, disposalId);
  return { kind: 'done', deleted, heldBack };
}

/**
 * Deletes a disposed file's content from the database side: the extracted text goes, the
 * disposal record notes when and how many versions; the blobs are removed after commit by
 * removeUnusedBlobs (only those no other record still needs). Returns the versions' hashes.
 */
async function deleteContent(tx: Queryable, actor: Actor, disposalId: string, fileId: string, outcome: 'uebergeben' | 'vernichtet'): Promise<string[] | undefined> {
  const versions = await tx.query<{ sha256: string; document_id: string; version: number }>(sql`
    select v.sha256, v.document_id, v.version from record_document_versions v join record_documents d on d.tenant_id = v.tenant_id and d.id = v.document_id
    where d.tenant_id = ${actor.tenantId} and d.file_id = ${fileId}`);
  await tx.query(sql`
    delete from record_texts t using record_documents d
    where t.tenant_id = ${actor.tenantId} and d.tenant_id = t.tenant_id and d.id = t.document_id and d.file_id = ${fileId}`);
  const row = await maybeOne<{ file_number: string; archive_reference: string | null }>(tx, sql`
    update record_disposal_files x set content_deleted_at = now(), deleted_versions = ${versions.length}
    from record_files f
    where x.tenant_id = ${actor.tenantId} and x.disposal_id = ${disposalId} and x.file_id = ${fileId} and x.content_deleted_at is null
      and f.tenant_id = x.tenant_id and f.id = x.file_id
    returning f.file_number, x.archive_reference`);
  if (!row) return undefined;
  const sha256 = [...new Set(versions.map((v) => v.sha256))];
  // The proof of the disposal: which file, how, with which confirmation, and which content (by hash).
  await appendAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: outcome === 'uebergeben' ? 'records.file_handed_over' : 'records.file_destroyed',
    subjectType: 'record_file',
    subjectId: fileId,
    data: { disposalId, fileNumber: row.file_number, archiveReference: row.archive_reference, versions: versions.length, sha256 },
  });
  return sha256;
}

/** Removes blobs nobody needs any more (records_blob_in_use looks at every tenant); returns how many went. */
export async function removeUnusedBlobs(db: Database, scope: Scope, blobs: BlobStore, hashes: readonly string[]): Promise<number> {
  let removed = 0;
  for (const sha256 of new Set(hashes)) {
    const { used } = await db.transaction(scope, (tx) => one<{ used: boolean }>(tx, sql`select records_blob_in_use(${sha256}) as used`));
    if (used) continue;
    await blobs.delete(sha256);
    removed++;
  }
  return removed;
}

/** The 0503 package's parts: its XML and every primary document by name and hash (content still there). */
export async function handoverPackage(tx: Queryable, tenantId: string, disposalId: string): Promise<{ xml: string; documents: { name: string; sha256: string }[] } | undefined> {
  const xml = await messageXml(tx, tenantId, disposalId, '0503');
  if (!xml) return undefined;
  const rows = await tx.query<{ document_id: string; version: number; file_name: string; sha256: string }>(sql`
    select v.document_id, v.version, v.file_name, v.sha256
    from record_disposal_files x
    join record_documents d on d.tenant_id = x.tenant_id and d.file_id = x.file_id
    join record_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
    where x.tenant_id = ${tenantId} and x.disposal_id = ${disposalId} and x.appraisal = 'archivieren'
      and (x.outcome is null or x.outcome = 'uebergeben') and x.content_deleted_at is null
    order by d.id, v.version`);
  return { xml, documents: rows.map((row) => ({ name: packageFileName(row.document_id, row.version, row.file_name), sha256: row.sha256 })) };
}

/** Whether a file's content was disposed (handed over or destroyed) and how: downloads then answer 410. */
export async function disposedContent(tx: Queryable, tenantId: string, fileId: string): Promise<{ outcome: Outcome; at: Date; archiveReference: string | null } | undefined> {
  return maybeOne(tx, sql`
    select outcome, content_deleted_at as at, archive_reference as "archiveReference" from record_disposal_files
    where tenant_id = ${tenantId} and file_id = ${fileId} and content_deleted_at is not null`);
}
