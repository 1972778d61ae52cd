/**
 * Full-text search across a tenant's records: the documents' metadata (title, sender,
 * recipient), the text of their latest version (extracted or OCR'd) and the title and
 * Aktenzeichen of their file, in German (stemming) with websearch syntax ("…", -word, or).
 * Filters: plan position (with everything below it), file status, document kind, date range.
 */
import type { Queryable } from '../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import type { DocumentKind } from './documents.ts';
import type { FileStatus } from './record-files.ts';

export type SearchFilter = {
  text: string;
  positionId?: string | undefined;
  status?: FileStatus | undefined;
  kind?: DocumentKind | undefined;
  /** ISO dates, inclusive, on the document's date. */
  from?: string | undefined;
  to?: string | undefined;
};

export type SearchHit = {
  documentId: string;
  fileId: string;
  fileNumber: string;
  fileTitle: string;
  fileStatus: FileStatus;
  title: string;
  kind: DocumentKind;
  documentDate: string;
  /** A few words around the match, with the matches between « and ». */
  excerpt: string;
};

export const searchLimit = 50;

export async function searchRecords(tx: Queryable, tenantId: string, filter: SearchFilter): Promise<SearchHit[]> {
  const conditions: SqlFragment[] = [sql`d.tenant_id = ${tenantId}`];
  if (filter.positionId) {
    conditions.push(sql`f.position_id in (
      with recursive below as (
        select id from file_plan_positions where tenant_id = ${tenantId} and id = ${filter.positionId}
        union all
        select c.id from file_plan_positions c join below on c.parent_id = below.id where c.tenant_id = ${tenantId})
      select id from below)`);
  }
  if (filter.status) conditions.push(sql`f.status = ${filter.status}`);
  if (filter.kind) conditions.push(sql`d.kind = ${filter.kind}`);
  if (filter.from) conditions.push(sql`d.document_date >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`d.document_date <= ${filter.to}::date`);
  const text = filter.text.trim();
  const query = sql`websearch_to_tsquery('german', ${text})`;
  if (text !== '') conditions.push(sql`(d.search @@ ${query} or t.search @@ ${query} or f.search @@ ${query} or f.file_number = ${text})`);
  const rows = await tx.query<{ id: string; file_id: string; file_number: string; file_title: string; status: FileStatus; title: string; kind: DocumentKind; document_date: string; excerpt: string | null }>(sql`
    select d.id, d.file_id, f.file_number, f.title as file_title, f.status, d.title, d.kind, to_char(d.document_date, 'YYYY-MM-DD') as document_date,
           ${text === '' ? sql`null` : sql`case when t.search @@ ${query} then ts_headline('german', t.content, ${query}, 'StartSel=«, StopSel=», MaxWords=25, MinWords=8') end`} as excerpt
    from record_documents d
    join record_files f on f.tenant_id = d.tenant_id and f.id = d.file_id
    left join lateral (
      select t.search, t.content from record_texts t where t.tenant_id = d.tenant_id and t.document_id = d.id order by t.version desc limit 1) t on true
    where ${sql.join(conditions, sql` and `)}
    order by ${text === '' ? sql`d.document_date desc` : sql`ts_rank(d.search || coalesce(t.search, ''::tsvector), ${query}) desc, d.document_date desc`}, d.id
    limit ${searchLimit}`);
  return rows.map((row) => ({
    documentId: row.id,
    fileId: row.file_id,
    fileNumber: row.file_number,
    fileTitle: row.file_title,
    fileStatus: row.status,
    title: row.title,
    kind: row.kind,
    documentDate: row.document_date,
    excerpt: row.excerpt ?? '',
  }));
}
