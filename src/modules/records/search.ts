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

/**
 * Bounds for queries too broad to rank every match. Candidates come from the GIN indexes through
 * records_search_candidates (migration 0022: under RLS the app role cannot use them), at most
 * `candidatesPerSource` from each of the three sources (document metadata, texts, files). While
 * no source reaches that bound, every match is ranked: the result is exact, the same as matching
 * every document of the tenant. A source that reaches it marks the query as broad ("Antrag"
 * matches a large part of a Kreis's documents). Ranking reads each candidate's latest text, a
 * random read in the largest table (0.1–0.3 ms each in the E-Akte benchmark, docs/benchmarks.md,
 * 400,000 documents in the tenant): ranking every match of a common word took seconds. So a
 * broad query ranks those candidates plus every match among the newest `newestOfBroad`
 * documents that pass the filters: the best of at most 2,500 matches, the newest always among
 * them, in a time that does not grow with the tenant. 500 keeps a rare word exact (in the
 * benchmark a rare word has about 400 documents in the Kreis).
 */
export const candidatesPerSource = 500;
export const newestOfBroad = 1000;

type Row = { id: string; file_id: string; file_number: string; file_title: string; status: FileStatus; title: string; kind: DocumentKind; document_date: string; excerpt: string | null };

/** The filters of a search as conditions on documents `d` and their files `f` (the text aside). */
export function filterConditions(tenantId: string, filter: SearchFilter): SqlFragment[] {
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
  return conditions;
}

export async function searchRecords(tx: Queryable, tenantId: string, filter: SearchFilter): Promise<SearchHit[]> {
  const filters = sql.join(filterConditions(tenantId, filter), sql` and `);
  const text = filter.text.trim();
  const rows = text === ''
    ? await tx.query<Row>(sql`
        select d.id, d.file_id, f.file_number, f.title as file_title, f.status, d.title, d.kind, to_char(d.document_date, 'YYYY-MM-DD') as document_date, null as excerpt
        from record_documents d
        join record_files f on f.tenant_id = d.tenant_id and f.id = d.file_id
        where ${filters}
        order by d.document_date desc, d.id
        limit ${searchLimit}`)
    : await tx.query<Row>(fullTextQuery(tenantId, text, filters));
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

/**
 * Candidates (see `candidatesPerSource`), then the documents among them that pass the filters
 * and match in their metadata, their latest text (the text row of the highest version) or their
 * file (title or exact Aktenzeichen), ranked; the excerpt only for the hits shown.
 */
function fullTextQuery(tenantId: string, text: string, filters: SqlFragment): SqlFragment {
  const query = sql`websearch_to_tsquery('german', ${text})`;
  return sql`
    with candidates as materialized (
      select c.document_id, c.source from records_search_candidates(${tenantId}, ${query}, ${text}, ${candidatesPerSource}) c),
    pool as (
      select document_id from candidates
      union
      (select d.id from record_documents d
       join record_files f on f.tenant_id = d.tenant_id and f.id = d.file_id
       where ${filters}
         and exists (select 1 from candidates group by source having count(*) >= ${candidatesPerSource})
       order by d.document_date desc, d.id desc
       limit ${newestOfBroad})),
    hits as (
      select d.id, d.file_id, f.file_number, f.title as file_title, f.status, d.title, d.kind, d.document_date, t.search as text_search, t.content,
             ts_rank(d.search || coalesce(t.search, ''::tsvector), ${query}) as rank
      from pool p
      join record_documents d on d.tenant_id = ${tenantId} and d.id = p.document_id
      join record_files f on f.tenant_id = d.tenant_id and f.id = d.file_id
      left join lateral (
        select t.search, t.content from record_texts t where t.tenant_id = d.tenant_id and t.document_id = d.id order by t.version desc limit 1) t on true
      where ${filters}
        and (d.search @@ ${query} or t.search @@ ${query} or f.search @@ ${query} or f.file_number = ${text})
      order by rank desc, d.document_date desc, d.id
      limit ${searchLimit})
    select id, file_id, file_number, file_title, status, title, kind, to_char(document_date, 'YYYY-MM-DD') as document_date,
           case when text_search @@ ${query} then ts_headline('german', content, ${query}, 'StartSel=«, StopSel=», MaxWords=25, MinWords=8') end as excerpt
    from hits
    order by rank desc, document_date desc, id`;
}
