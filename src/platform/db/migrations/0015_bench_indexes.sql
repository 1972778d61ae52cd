-- Found by `npm run bench` (issue 8, docs/benchmarks.md): the tabs above the inbox counted every
-- case of the tenant on each page view (`count(*) ... group by status`). The two permissive
-- SELECT policies of cases (own tenant OR own applicant, migration 0009) turn that count into a
-- bitmap scan of the heap, never an index-only scan, so at 400,000 cases of one tenant each
-- inbox page read about 480 MB and took a second or more, whatever page of the list it showed.
-- Module: src/modules/cases/inbox-query.ts (statusCounts).
--
-- The counts now live in a small table, one row per tenant, office (or none) and status, kept by
-- triggers in the same transaction as every change of a case, so they are exact and never run
-- ahead of or behind the cases a caseworker can see. Filters that narrow beyond the office (search,
-- service, assignee, dates, overdue) still count the matching cases themselves.
--
-- Tenancy (docs/adr/0005): visible to its own tenant only. The application role only reads it;
-- the trigger function runs as the schema owner (security definer), because a case may change in
-- a scope whose RLS would not let the app role write the counter row (the applicant withdrawing).
-- Backup and restore copy it like any table (restore loads with triggers off).

create table case_status_counts (
  tenant_id uuid not null references tenants (id),
  office_id uuid,
  status text not null,
  cases bigint not null check (cases >= 0),
  constraint case_status_counts_key unique nulls not distinct (tenant_id, office_id, status)
);
alter table case_status_counts enable row level security;
create policy case_status_counts_own_tenant on case_status_counts
  using (tenant_id = app_tenant_id());
grant select on case_status_counts to kreisportal_app;

create function case_status_counts_add(tenant uuid, office uuid, state text, delta integer) returns void
  language sql security definer set search_path from current as $$
  insert into case_status_counts as c (tenant_id, office_id, status, cases) values (tenant, office, state, greatest(delta, 0))
  on conflict on constraint case_status_counts_key do update set cases = c.cases + delta;
$$;
revoke all on function case_status_counts_add(uuid, uuid, text, integer) from public;

create function case_status_counts_apply() returns trigger
  language plpgsql security definer set search_path from current as $$
begin
  if tg_op = 'INSERT' then
    perform case_status_counts_add(new.tenant_id, new.office_id, new.status, 1);
  elsif tg_op = 'DELETE' then
    perform case_status_counts_add(old.tenant_id, old.office_id, old.status, -1);
  -- Two changes in opposite directions lock the two rows in the same order: no deadlock.
  elsif (old.status, coalesce(old.office_id::text, '')) < (new.status, coalesce(new.office_id::text, '')) then
    perform case_status_counts_add(old.tenant_id, old.office_id, old.status, -1);
    perform case_status_counts_add(new.tenant_id, new.office_id, new.status, 1);
  else
    perform case_status_counts_add(new.tenant_id, new.office_id, new.status, 1);
    perform case_status_counts_add(old.tenant_id, old.office_id, old.status, -1);
  end if;
  return null;
end
$$;
revoke all on function case_status_counts_apply() from public;

create trigger cases_status_counts_insert_delete after insert or delete on cases
  for each row execute function case_status_counts_apply();
create trigger cases_status_counts_update after update of status, office_id, tenant_id on cases
  for each row when (old.status is distinct from new.status or old.office_id is distinct from new.office_id or old.tenant_id is distinct from new.tenant_id)
  execute function case_status_counts_apply();

insert into case_status_counts (tenant_id, office_id, status, cases)
select tenant_id, office_id, status, count(*) from cases group by tenant_id, office_id, status;
