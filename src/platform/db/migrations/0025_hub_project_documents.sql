-- Documents of the hub's projects as records of the lead tenant (src/modules/hub/project-documents.ts,
-- src/modules/records/hub-filing.ts; decision: docs/adr/0009-cooperation-hub-tenancy.md, addendum).
--
-- The document itself is a record_document of the lead tenant in the file of the project, under
-- the records' tenant-only RLS (migration 0012). The hub names it in its own tables, readable by
-- every hub member of the district like every hub row; the download reads the blob by the content
-- hash named here, after the membership check, and never reads record_* rows of another tenant.
-- No foreign keys to record_files/record_documents: hub tables are shared across the district
-- (reference tables under Citus, citus-ready.test.ts) and must not refer to tenant-distributed
-- rows. Record files and documents are never deleted (migration 0012), so the ids cannot dangle.

-- The E-Akte file of a project (in the lead tenant), opened on the first upload; a closed file is
-- followed by a new one.
create table hub_project_files (
  project_id uuid primary key references hub_projects (id),
  tenant_id uuid not null references tenants (id),
  record_file_id uuid not null,
  file_number text not null,
  updated_at timestamptz not null default now()
);

create table hub_project_documents (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references hub_projects (id),
  tenant_id uuid not null references tenants (id),
  record_file_id uuid not null,
  record_document_id uuid not null,
  title text not null check (length(title) between 1 and 300),
  file_name text not null check (length(file_name) between 1 and 300),
  media_type text not null,
  size bigint not null check (size > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now()
);
create index hub_project_documents_project on hub_project_documents (project_id, created_at);

-- The hub's four policies (migration 0013), and only the lead tenant's own rows can be written.
do $$
declare
  hub_table text;
begin
  foreach hub_table in array array['hub_project_files', 'hub_project_documents']
  loop
    execute format('alter table %I enable row level security', hub_table);
    execute format('create policy %I on %I for select using (app_is_hub_member_for(tenant_id))', hub_table || '_read', hub_table);
    execute format('create policy %I on %I for insert with check (tenant_id = app_tenant_id() and app_is_hub_member_for(tenant_id))', hub_table || '_insert', hub_table);
    execute format('create policy %I on %I for update using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())', hub_table || '_update', hub_table);
    execute format('comment on table %I is %L', hub_table, 'hub: readable by the coordinators of every tenant of the district, writable by the lead tenant');
  end loop;
end
$$;
-- Documents of a project are the lead tenant's: the acting tenant must lead the project.
create policy hub_project_files_lead on hub_project_files as restrictive for insert
  with check (exists (select 1 from hub_projects p where p.id = project_id and p.tenant_id = hub_project_files.tenant_id));
create policy hub_project_documents_lead on hub_project_documents as restrictive for insert
  with check (exists (select 1 from hub_projects p where p.id = project_id and p.tenant_id = hub_project_documents.tenant_id));
-- A filed document stays: no update or delete of the hub's naming row either.
grant select, insert, update on hub_project_files to kreisportal_app;
grant select, insert on hub_project_documents to kreisportal_app;
