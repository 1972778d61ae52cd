-- Versioned form definitions per tenant. Module: src/modules/forms/store.
--
-- A form (`forms`) is a tenant's stable handle on one definition id (slug); its content lives in
-- numbered versions (`form_versions`). At most one version per form is a draft (being edited);
-- published versions are immutable, because submitted applications refer to the exact version
-- the citizen filled in and must stay interpretable for as long as the records are kept.
--
-- Tenancy (docs/adr/0005): tenant_id is part of every primary key, unique constraint and foreign
-- key between the two tables, so a Citus distribution by tenant_id keeps a form and its versions
-- on one node (references to `tenants` and `users` go to reference/global tables).
--
-- Reads across tenants ("Einer für Alle"): a municipality may adopt a form another tenant has
-- published instead of building its own. Two permissive policies per table do this:
--   * `…_own_tenant` (ALL commands): the acting tenant sees its forms and drafts and is the only
--     one that can insert, update or delete, and only rows with its own tenant_id.
--   * `…_published_read` (SELECT only): published versions, and the forms that have one, are
--     visible in every scope. A published definition is what citizens see on the portal anyway
--     and holds no personal data (questions, not answers); drafts stay private, they may be
--     unfinished or not yet legally checked.
-- PostgreSQL ORs permissive policies per command: SELECT = published OR own; UPDATE/DELETE only
-- reach own rows; INSERT/UPDATE with a foreign tenant_id fails the WITH CHECK. Store code still
-- filters on tenant_id so a tenant's own lists never show adopted-from candidates by accident.

create table forms (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  -- The definition's `id`: stable across versions (the store refuses a draft that changes it).
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  -- The title of the latest published version (or of the first draft until one is published),
  -- so a listing needs no join; not updated by drafts, which other tenants must not see.
  title text not null check (length(title) between 1 and 300),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint forms_slug_key unique (tenant_id, slug)
);

create table form_versions (
  tenant_id uuid not null,
  form_id uuid not null,
  version integer not null check (version >= 1),
  status text not null check (status in ('draft', 'published')),
  definition jsonb not null check (jsonb_typeof(definition) = 'object'),
  -- SHA-256 (hex) over the canonical JSON of the definition, computed by the store: lets an
  -- adopting tenant or an auditor name exactly which content was published.
  definition_sha256 text not null check (definition_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  created_by uuid not null references users (id),
  published_at timestamptz,
  published_by uuid references users (id),
  primary key (tenant_id, form_id, version),
  foreign key (tenant_id, form_id) references forms (tenant_id, id),
  check (
    (status = 'draft' and published_at is null and published_by is null)
    or (status = 'published' and published_at is not null and published_by is not null)
  )
);
-- One draft per form: two editors saving "their" draft would otherwise silently fork the form.
create unique index form_versions_one_draft on form_versions (tenant_id, form_id) where status = 'draft';
create index form_versions_published on form_versions (status, tenant_id, form_id);

alter table forms enable row level security;
alter table form_versions enable row level security;
create policy forms_own_tenant on forms
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
-- The subquery runs under form_versions' own policies; it only needs the published rows, which
-- `form_versions_published_read` shows to everyone (no policy cycle: form_versions never looks
-- back at forms).
create policy forms_published_read on forms for select using (
  exists (
    select 1 from form_versions v
    where v.tenant_id = forms.tenant_id and v.form_id = forms.id and v.status = 'published'
  )
);
create policy form_versions_own_tenant on form_versions
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
create policy form_versions_published_read on form_versions for select using (status = 'published');
grant select, insert, update, delete on forms to kreisportal_app;
grant select, insert, update, delete on form_versions to kreisportal_app;

-- Published versions are immutable, for the owner too: row triggers fire for every role, so a
-- migration, a CLI command or a raw query cannot rewrite what citizens have applied with. The
-- only update allowed is the one-way step draft -> published, and it must not change content.
create function form_versions_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status = 'published' then
      raise exception 'published form version % of form % cannot be deleted', old.version, old.form_id
        using errcode = 'integrity_constraint_violation';
    end if;
    return old;
  end if;
  if old.status = 'published' then
    raise exception 'published form version % of form % is immutable', old.version, old.form_id
      using errcode = 'integrity_constraint_violation';
  end if;
  if new.tenant_id <> old.tenant_id or new.form_id <> old.form_id or new.version <> old.version then
    raise exception 'a form version keeps its tenant, form and number' using errcode = 'integrity_constraint_violation';
  end if;
  if new.status = 'published'
     and (new.definition is distinct from old.definition or new.definition_sha256 is distinct from old.definition_sha256) then
    raise exception 'publishing must not change the definition (save the draft first)'
      using errcode = 'integrity_constraint_violation';
  end if;
  return new;
end
$$;
create trigger form_versions_immutable before update or delete on form_versions
  for each row execute function form_versions_guard();

-- TRUNCATE skips row triggers; refuse it outright rather than leave a hole in the guarantee.
create function form_versions_forbid_truncate() returns trigger language plpgsql as $$
begin
  raise exception 'form_versions cannot be truncated (published versions are immutable)'
    using errcode = 'integrity_constraint_violation';
end
$$;
create trigger form_versions_no_truncate before truncate on form_versions
  for each statement execute function form_versions_forbid_truncate();
