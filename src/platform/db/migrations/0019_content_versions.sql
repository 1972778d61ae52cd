-- Validators for cacheable public pages (issue 10, src/platform/http/caching.ts).
--
-- Anonymous catalog, offer and municipality pages are served with an ETag and Last-Modified so a
-- reverse proxy or CDN can keep them and revalidate with If-None-Match. The validator must change
-- whenever anything such a page shows changes, and must be cheap enough to read on every request:
-- one counter row per tenant, raised by triggers in the same transaction as every insert, update
-- or delete of an offer, office or responsibility rule (and of the tenant row itself). Deletes and
-- unpublishing are seen too, which max(updated_at) would miss. The shared catalog changes only by
-- `kreisportal catalog import`, which records each run in catalog_imports.
--
-- One row per tenant, not one for all: back-office edits of different municipalities never wait
-- for each other's counter row. Citus: tenant_id is the primary key, like every tenant-owned table.
-- Backup and restore copy the table like any other (restore loads with triggers off), so a
-- restored database keeps the validators its pages had.

create table content_versions (
  tenant_id uuid primary key,
  version bigint not null default 0,
  changed_at timestamptz not null default now()
);
-- Read only through content_version() below; the app role has no grant on the table itself.
alter table content_versions enable row level security;

create function content_versions_bump() returns trigger
  language plpgsql security definer set search_path from current as $$
declare
  changed uuid;
begin
  if tg_table_name = 'tenants' then
    changed := case when tg_op = 'DELETE' then old.id else new.id end;
  else
    changed := case when tg_op = 'DELETE' then old.tenant_id else new.tenant_id end;
  end if;
  insert into content_versions as v (tenant_id, version, changed_at) values (changed, 1, now())
  on conflict (tenant_id) do update set version = v.version + 1, changed_at = now();
  return null;
end
$$;
revoke all on function content_versions_bump() from public;

create trigger offers_content_version after insert or update or delete on offers
  for each row execute function content_versions_bump();
create trigger offices_content_version after insert or update or delete on offices
  for each row execute function content_versions_bump();
create trigger responsibility_rules_content_version after insert or update or delete on responsibility_rules
  for each row execute function content_versions_bump();
create trigger tenants_content_version after insert or update or delete on tenants
  for each row execute function content_versions_bump();

-- The validator of all public pages together: the sum of the counters (changes with every change)
-- and the latest change time (for Last-Modified), including the latest catalog import.
create function content_version() returns table (version text, changed_at timestamptz)
  language sql stable security definer set search_path from current as $$
  select concat_ws('.', coalesce(sum(v.version), 0), (select count(*) from catalog_imports)),
         greatest(max(v.changed_at), (select max(finished_at) from catalog_imports), '2000-01-01'::timestamptz)
  from content_versions v
$$;
revoke all on function content_version() from public;
grant execute on function content_version() to kreisportal_app;

-- Existing data: every tenant starts at version 1.
insert into content_versions (tenant_id, version) select id, 1 from tenants on conflict do nothing;
