/**
 * Documents of a project: uploaded by the lead municipality and filed as records of the lead
 * tenant in its E-Akte (a file per project, src/modules/records); the hub names each one in
 * `hub_project_documents` (migration 0025), which every hub member of the district reads. The
 * download reads the blob by the content hash named there, after the membership check, and never
 * the lead tenant's record rows (tenant-only RLS). Decision: ADR 9, addendum.
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { fileHubProjectDocument } from '../records/index.ts';
import type { VersionInput } from '../records/index.ts';
import { HubAccessError, hubWrite, type HubScope } from './access.ts';

export type ProjectDocument = { id: string; title: string; fileName: string; mediaType: string; size: number; fileNumber: string; createdAt: Date };

export async function listProjectDocuments(tx: Queryable, projectId: string): Promise<ProjectDocument[]> {
  const rows = await tx.query<Omit<ProjectDocument, 'size'> & { size: string | number }>(sql`
    select d.id, d.title, d.file_name as "fileName", d.media_type as "mediaType", d.size, coalesce(f.file_number, '') as "fileNumber", d.created_at as "createdAt"
    from hub_project_documents d left join hub_project_files f on f.project_id = d.project_id and f.record_file_id = d.record_file_id
    where d.project_id = ${projectId} order by d.created_at, d.id`);
  return rows.map((row) => ({ ...row, size: Number(row.size) }));
}

export type DownloadableDocument = { id: string; tenantId: string; sha256: string; mediaType: string; fileName: string };

/** A document of the project as the member sees it (RLS: hub members of the district), or undefined. */
export async function findProjectDocument(tx: Queryable, projectId: string, documentId: string): Promise<DownloadableDocument | undefined> {
  return maybeOne<DownloadableDocument>(tx, sql`
    select id, tenant_id as "tenantId", sha256, media_type as "mediaType", file_name as "fileName"
    from hub_project_documents where project_id = ${projectId} and id = ${documentId}`);
}

/**
 * Files an uploaded (scanned, stored) document into the lead tenant's E-Akte and names it in the
 * hub, in one transaction with the audit entries. Only the lead municipality (HubAccessError).
 */
export async function attachProjectDocument(
  db: Database,
  scope: HubScope,
  projectId: string,
  input: { title: string; version: VersionInput },
): Promise<{ documentId: string } | 'not_found' | 'no_position'> {
  return hubWrite(db, scope, async (tx, audit) => {
    const project = await maybeOne<{ tenant_id: string; title: string }>(tx, sql`select tenant_id, title from hub_projects where id = ${projectId}`);
    if (!project) return 'not_found';
    if (project.tenant_id !== scope.tenantId) throw new HubAccessError(`Project ${projectId} is led by another tenant`);
    // The project row is locked: two first uploads at once open one file, not two.
    await tx.query(sql`select id from hub_projects where id = ${projectId} for update`);
    const current = await maybeOne<{ record_file_id: string }>(tx, sql`select record_file_id from hub_project_files where project_id = ${projectId}`);
    const filed = await fileHubProjectDocument(tx, scope, { fileId: current?.record_file_id ?? null, projectTitle: project.title, title: input.title, version: input.version });
    if (filed === 'no_position') return 'no_position';
    if (filed.fileId !== current?.record_file_id) {
      await tx.query(sql`
        insert into hub_project_files (project_id, tenant_id, record_file_id, file_number) values (${projectId}, ${scope.tenantId}, ${filed.fileId}, ${filed.fileNumber})
        on conflict (project_id) do update set record_file_id = excluded.record_file_id, file_number = excluded.file_number, updated_at = now()`);
    }
    const [row] = await tx.query<{ id: string }>(sql`
      insert into hub_project_documents (project_id, tenant_id, record_file_id, record_document_id, title, file_name, media_type, size, sha256, created_by)
      values (${projectId}, ${scope.tenantId}, ${filed.fileId}, ${filed.documentId}, ${input.title}, ${input.version.fileName}, ${input.version.mediaType},
              ${input.version.size}, ${input.version.sha256}, ${scope.userId})
      returning id`);
    await audit('hub.project_document_added', 'hub_project', projectId, { documentId: row!.id, recordDocumentId: filed.documentId, fileNumber: filed.fileNumber, sha256: input.version.sha256 });
    return { documentId: row!.id };
  });
}
