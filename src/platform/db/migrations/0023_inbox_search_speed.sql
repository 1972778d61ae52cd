-- Full-text search of the inbox at a million cases (issue 5; docs/benchmarks.md, "inbox search").
-- Module: src/modules/cases/inbox-query.ts (inboxPage, statusCounts with a search).
--
-- Cause, as for the records search (migration 0022): under row-level security the planner takes a
-- condition into an index scan only when its operator is leakproof, and `tsvector @@ tsquery` is
-- not. For the app role the GIN index cases_search was never used: a search walked the tenant's
-- cases newest first and matched them one by one, so a rare name read all 400,000 cases of the
-- Kreis (1.4 s in the bench DB), and the tab counts beside it read them all on every search.
--
-- Fix: the lookup of matching cases runs as the schema owner, which RLS does not restrict,
-- confined to the caller's own tenant: p_tenant must be the scope's tenant (app_tenant_id()),
-- else it finds nothing. It returns case ids (and their keyset key) only; the module selects,
-- filters (office access and every inbox filter, the search again) and sorts them as the app
-- role, under RLS. Planned for each call with its words, tenant and cursor (EXECUTE): the planner
-- then picks the GIN index for a rare word and the inbox index, newest first, for a common one.
--
-- Bound: at most p_limit ids, in the inbox's order after the cursor (p_newest true: received_at
-- desc, id desc; false: ascending; null: no order, for counting). The office access
-- (p_offices: null for all offices; p_unrouted: cases without office too) and the status are
-- applied here as well, exactly as the module applies them, so the ids are cases the caller may
-- see: a page whose other filters need more than p_limit candidates continues from the last
-- candidate (inboxPage), never from a case of an office the caller does not see.
create function cases_search_candidates(
  p_tenant uuid, p_query tsquery, p_offices uuid[], p_unrouted boolean, p_status text,
  p_newest boolean, p_after_at timestamptz, p_after_id uuid, p_limit integer)
returns table (id uuid, received_at timestamptz) language plpgsql stable security definer
set search_path = pg_catalog, public as $$
begin
  if p_tenant is distinct from app_tenant_id() or p_limit is null or p_limit < 1 then
    return;
  end if;
  return query execute format($sql$
    select c.id, c.received_at from cases c
    where c.tenant_id = $1 and c.search @@ $2 %s %s %s
    %s
    limit $9$sql$,
    case
      when p_offices is null then ''
      when p_unrouted then 'and (c.office_id is null or c.office_id = any($3))'
      else 'and c.office_id = any($3)'
    end,
    case when p_status is null then '' else 'and c.status = $5' end,
    case
      when p_newest is null or p_after_at is null or p_after_id is null then ''
      when p_newest then 'and (c.received_at, c.id) < ($7, $8)'
      else 'and (c.received_at, c.id) > ($7, $8)'
    end,
    case
      when p_newest is null then ''
      when p_newest then 'order by c.received_at desc, c.id desc'
      else 'order by c.received_at, c.id'
    end)
    using p_tenant, p_query, p_offices, p_unrouted, p_status, p_newest, p_after_at, p_after_id, p_limit;
end
$$;
revoke all on function cases_search_candidates(uuid, tsquery, uuid[], boolean, text, boolean, timestamptz, uuid, integer) from public;
grant execute on function cases_search_candidates(uuid, tsquery, uuid[], boolean, text, boolean, timestamptz, uuid, integer) to kreisportal_app;
