-- Full-text search of the E-Akte at a million documents (issue 8, docs/benchmarks.md, "records
-- search": p50 12.4 s, p95 25.5 s at 400,000 documents in the tenant). Module:
-- src/modules/records/search.ts (searchRecords).
--
-- Cause: under row-level security the planner takes a condition into an index scan only when
-- its operator is leakproof (or when it is the policy's own condition), so that no function sees
-- a row the policy hides. `tsvector @@ tsquery` (ts_match_vq) is not leakproof, so for the app
-- role none of the GIN indexes record_documents_search, record_texts_search and
-- record_files_search was ever used: every search read all documents of the tenant, each with a
-- lookup of its latest text and its file, and matched them one by one. Marking the operator
-- leakproof would need a superuser and a promise PostgreSQL does not make for it; a btree_gin
-- index on (tenant_id, search) would not help either, for the same reason.
--
-- Fix: the lookup of candidates through the three GIN indexes (and the Aktenzeichen) runs as the
-- schema owner, which RLS does not restrict, confined to the caller's own tenant: p_tenant must
-- be the scope's tenant (app_tenant_id()), else it finds nothing. It returns document ids only,
-- at most p_limit per source; the module joins, filters and ranks them as the app role, under RLS,
-- and checks there that a text match is in the latest text of its document (the text row with
-- the highest version). The statement is planned for each call with its words and tenant
-- (EXECUTE): a generic plan cannot tell a rare word from a common one nor the Kreis from a small
-- town, and picked a bitmap of all the tenant's rows to AND with the GIN index.
create function records_search_candidates(p_tenant uuid, p_query tsquery, p_file_number text, p_limit integer)
returns table (document_id uuid, source text) language plpgsql stable security definer
set search_path = pg_catalog, public as $$
begin
  if p_tenant is distinct from app_tenant_id() then
    return;
  end if;
  return query execute $sql$
    (select d.id, 'document' from record_documents d
     where d.tenant_id = $1 and d.search @@ $2
     limit $4)
    union all
    (select t.document_id, 'text' from record_texts t
     where t.tenant_id = $1 and t.search @@ $2
     limit $4)
    union all
    (select d.id, 'file' from record_files f
     join record_documents d on d.tenant_id = f.tenant_id and d.file_id = f.id
     where f.tenant_id = $1 and (f.search @@ $2 or f.file_number = $3)
     limit $4)$sql$
    using p_tenant, p_query, p_file_number, p_limit;
end
$$;
revoke all on function records_search_candidates(uuid, tsquery, text, integer) from public;
grant execute on function records_search_candidates(uuid, tsquery, text, integer) to kreisportal_app;

-- A tenant's documents newest first: the list without search words, and the newest documents
-- that searchRecords ranks for a query too broad to rank every match.
create index record_documents_date on record_documents (tenant_id, document_date, id);
