-- E-Akte (electronic records): file plan, files, processes, documents with immutable versions,
-- extracted text for full-text search. Module: src/modules/records (docs/adr/0008).
--
-- The shape follows German records management: Aktenplan -> Akte -> Vorgang -> Dokument
-- (Registraturrichtlinie zur GGO des Bundes, §§ 2–6; DIN ISO 15489-1 "Records management",
-- clauses 5 and 9: records are authentic, reliable, complete and unaltered; xdomea 3.0.0 uses
-- the same levels and the disposal kinds A/B/V = archivieren/bewerten/vernichten).
--
-- Tenancy (docs/adr/0005): tenant_id leads every key and every foreign key, so one tenant's
-- records stay together under a Citus distribution; RLS shows a tenant its own rows only.
--
-- Revision safety is enforced here, not only in the application: document versions are
-- insert-only, a closed file (zdA, "zu den Akten") refuses new processes, documents and versions,
-- an Aktenzeichen never changes, and every change of the file plan leaves a history row.
-- Restore (src/platform/backup/restore.ts) switches these triggers off while loading.

-- Aktenplan: a tree of positions per tenant. Codes extend their parent's code ("3" -> "32" ->
-- "32.10"); files hang only at the lowest level. Retention (Aufbewahrungsfrist, in years,
-- counted from the end of the year a file was closed) and disposal kind (Aussonderungsart)
-- belong to every position; upper levels carry the default for new positions below them.
create table file_plan_positions (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  parent_id uuid,
  code text not null check (code ~ '^[0-9]+(\.[0-9]+)*$' and char_length(code) <= 40),
  title text not null check (char_length(title) between 1 and 300),
  retention_years integer not null check (retention_years between 0 and 200),
  -- xdomea code list "Aussonderungsart": A archivieren (hand to the archive), B bewerten (the
  -- archive appraises), V vernichten (destroy after the retention period).
  disposal text not null check (disposal in ('archivieren', 'bewerten', 'vernichten')),
  -- A position is never deleted (files and history name it); it is retired: no new files.
  retired_at timestamptz,
  version integer not null default 1,
  changed_at timestamptz not null default now(),
  changed_by uuid references users (id),
  primary key (tenant_id, id),
  constraint file_plan_positions_code_key unique (tenant_id, code),
  foreign key (tenant_id, parent_id) references file_plan_positions (tenant_id, id)
);
create index file_plan_positions_parent on file_plan_positions (tenant_id, parent_id);
alter table file_plan_positions enable row level security;
create policy file_plan_positions_own_tenant on file_plan_positions
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update on file_plan_positions to kreisportal_app;

-- Every state a position ever had, written by trigger on insert and on every update (the
-- Registraturrichtlinie asks changes of the file plan to be documented; DIN ISO 15489-1 9.3).
create table file_plan_history (
  tenant_id uuid not null,
  position_id uuid not null,
  version integer not null,
  code text not null,
  title text not null,
  retention_years integer not null,
  disposal text not null,
  retired_at timestamptz,
  changed_at timestamptz not null,
  changed_by uuid references users (id),
  primary key (tenant_id, position_id, version),
  foreign key (tenant_id, position_id) references file_plan_positions (tenant_id, id)
);
alter table file_plan_history enable row level security;
create policy file_plan_history_own_tenant on file_plan_history
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on file_plan_history to kreisportal_app;

create function records_forbid_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: rows are never changed or deleted', tg_table_name using errcode = 'insufficient_privilege';
end
$$;
create trigger file_plan_history_append_only before update or delete on file_plan_history
  for each row execute function records_forbid_change();

create function file_plan_positions_before_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'file plan positions are never deleted; retire them' using errcode = 'insufficient_privilege';
  end if;
  if tg_op = 'INSERT' then
    if new.parent_id is not null then
      if not exists (select 1 from file_plan_positions p
                     where p.tenant_id = new.tenant_id and p.id = new.parent_id
                       and new.code like p.code || '%' and new.code <> p.code) then
        raise exception 'position code % must extend its parent''s code', new.code using errcode = 'check_violation';
      end if;
      -- Files live at the lowest level only: a position with files gets no children.
      if exists (select 1 from record_files f where f.tenant_id = new.tenant_id and f.position_id = new.parent_id) then
        raise exception 'position % holds files and cannot get sub-positions', new.parent_id using errcode = 'check_violation';
      end if;
    end if;
    new.version := 1;
    return new;
  end if;
  -- The code is part of every Aktenzeichen filed under it: it never changes, nor does the tree.
  if new.code <> old.code or new.parent_id is distinct from old.parent_id or new.tenant_id <> old.tenant_id or new.id <> old.id then
    raise exception 'the code and place of a file plan position never change' using errcode = 'insufficient_privilege';
  end if;
  new.version := old.version + 1;
  new.changed_at := now();
  return new;
end
$$;

create function file_plan_positions_record_history() returns trigger language plpgsql as $$
begin
  insert into file_plan_history (tenant_id, position_id, version, code, title, retention_years, disposal, retired_at, changed_at, changed_by)
  values (new.tenant_id, new.id, new.version, new.code, new.title, new.retention_years, new.disposal, new.retired_at, new.changed_at, new.changed_by);
  return null;
end
$$;

-- Which plan position receives the cases of a service (LeiKa key); no foreign key to the
-- catalog, so a plan can be prepared before the catalog is imported.
create table record_service_mappings (
  tenant_id uuid not null references tenants (id),
  service_key text not null check (service_key ~ '^[0-9]{14}$' or service_key ~ '^[a-z0-9-]+$'),
  position_id uuid not null,
  changed_at timestamptz not null default now(),
  primary key (tenant_id, service_key),
  foreign key (tenant_id, position_id) references file_plan_positions (tenant_id, id)
);
alter table record_service_mappings enable row level security;
create policy record_service_mappings_own_tenant on record_service_mappings
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update on record_service_mappings to kreisportal_app;

-- The running numbers per position: one row, incremented with `update … returning` in the
-- creating transaction. A rolled-back creation rolls its number back too, so numbers have no
-- gaps and concurrent creations wait for each other on this row only.
create table file_number_counters (
  tenant_id uuid not null,
  position_id uuid not null,
  last_number integer not null default 0 check (last_number >= 0),
  primary key (tenant_id, position_id),
  foreign key (tenant_id, position_id) references file_plan_positions (tenant_id, id)
);
alter table file_number_counters enable row level security;
create policy file_number_counters_own_tenant on file_number_counters
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update on file_number_counters to kreisportal_app;

-- Akten. The Aktenzeichen "<plan code>/<running number>" (e.g. 32.10/0042) is set by trigger
-- from the position and the running number and never changes (Registraturrichtlinie § 5).
create table record_files (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  position_id uuid not null,
  running_number integer not null check (running_number > 0),
  file_number text not null,
  title text not null check (char_length(title) between 1 and 300),
  -- Files that cases file themselves into: one a service position and year ("Jahresakte").
  case_year integer check (case_year between 2000 and 2200),
  status text not null default 'offen' check (status in ('offen', 'abgeschlossen')),
  opened_on date not null default current_date,
  -- zdA: closed, read-only from then on. Retention and disposal kind are copied from the
  -- position at closing, so a later change of the plan does not move a closed file's dates;
  -- retain_until is the 31 December of the closing year plus the retention years.
  closed_on date,
  closed_at timestamptz,
  closed_by uuid references users (id),
  retention_years integer check (retention_years between 0 and 200),
  disposal text check (disposal in ('archivieren', 'bewerten', 'vernichten')),
  retain_until date,
  -- Legal hold (e.g. pending litigation, audit by the Rechnungsprüfung) blocks disposal; it may
  -- be set and lifted on closed files too.
  legal_hold boolean not null default false,
  last_process_number integer not null default 0,
  created_at timestamptz not null default now(),
  created_by uuid references users (id),
  -- Full-text search over the title (documents carry their own).
  search tsvector generated always as (to_tsvector('german', title)) stored,
  primary key (tenant_id, id),
  constraint record_files_number_key unique (tenant_id, file_number),
  constraint record_files_running_key unique (tenant_id, position_id, running_number),
  foreign key (tenant_id, position_id) references file_plan_positions (tenant_id, id),
  check ((status = 'offen') = (closed_at is null)),
  check (status = 'offen' or (closed_on is not null and retention_years is not null and disposal is not null and retain_until is not null))
);
-- Exact and prefix search of the Aktenzeichen (`like '32.10/%'`) uses this index.
create index record_files_number_prefix on record_files (tenant_id, file_number text_pattern_ops);
create index record_files_position on record_files (tenant_id, position_id, running_number);
create unique index record_files_case_year on record_files (tenant_id, position_id, case_year) where case_year is not null and status = 'offen';
create index record_files_search on record_files using gin (search);
create index record_files_retention on record_files (tenant_id, retain_until) where status = 'abgeschlossen';
alter table record_files enable row level security;
create policy record_files_own_tenant on record_files
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update on record_files to kreisportal_app;

create function record_files_before_change() returns trigger language plpgsql as $$
declare
  position record;
begin
  if tg_op = 'DELETE' then
    -- Disposal (Aussonderung) will be a recorded procedure of its own, never a plain delete.
    raise exception 'files are never deleted; disposal is a recorded procedure' using errcode = 'insufficient_privilege';
  end if;
  if tg_op = 'INSERT' then
    select p.code, p.retired_at into position from file_plan_positions p where p.tenant_id = new.tenant_id and p.id = new.position_id;
    if not found then
      raise exception 'no file plan position %', new.position_id using errcode = 'foreign_key_violation';
    end if;
    if position.retired_at is not null then
      raise exception 'position % is retired: no new files', position.code using errcode = 'check_violation';
    end if;
    if exists (select 1 from file_plan_positions c where c.tenant_id = new.tenant_id and c.parent_id = new.position_id) then
      raise exception 'files belong to the lowest plan level; % has sub-positions', position.code using errcode = 'check_violation';
    end if;
    new.file_number := position.code || '/' || lpad(new.running_number::text, 4, '0');
    new.status := 'offen';
    new.closed_on := null;
    new.closed_at := null;
    return new;
  end if;
  if new.file_number <> old.file_number or new.running_number <> old.running_number or new.position_id <> old.position_id
     or new.tenant_id <> old.tenant_id or new.id <> old.id or new.opened_on <> old.opened_on or new.created_at <> old.created_at then
    raise exception 'the Aktenzeichen and origin of a file never change' using errcode = 'insufficient_privilege';
  end if;
  if old.status = 'abgeschlossen' then
    -- zdA: read-only. Only the legal hold may still be set or lifted.
    if (to_jsonb(new) - 'legal_hold' - 'search') is distinct from (to_jsonb(old) - 'legal_hold' - 'search') then
      raise exception 'file % is closed (zdA) and read-only', old.file_number using errcode = 'insufficient_privilege';
    end if;
  end if;
  return new;
end
$$;
create trigger record_files_guard before insert or update or delete on record_files
  for each row execute function record_files_before_change();

create trigger file_plan_positions_guard before insert or update or delete on file_plan_positions
  for each row execute function file_plan_positions_before_change();
-- After the row is stored (and only when it was: `on conflict do nothing` writes no history).
create trigger file_plan_positions_history after insert or update on file_plan_positions
  for each row execute function file_plan_positions_record_history();

-- Refuses writes into a closed file. `for share` waits for a concurrent closing to commit and
-- then sees the closed state, so nothing slips in while a file is being closed.
create function records_assert_file_open(p_tenant uuid, p_file uuid) returns void language plpgsql as $$
declare
  file record;
begin
  select f.status, f.file_number into file from record_files f where f.tenant_id = p_tenant and f.id = p_file for share;
  if not found then
    raise exception 'no file %', p_file using errcode = 'foreign_key_violation';
  end if;
  if file.status <> 'offen' then
    raise exception 'file % is closed (zdA) and read-only', file.file_number using errcode = 'insufficient_privilege';
  end if;
end
$$;

-- Vorgänge: numbered within their file. A case (cases table) files itself into one process.
create table record_processes (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  file_id uuid not null,
  number integer not null check (number > 0),
  title text not null check (char_length(title) between 1 and 300),
  case_id uuid,
  created_at timestamptz not null default now(),
  created_by uuid references users (id),
  primary key (tenant_id, id),
  constraint record_processes_number_key unique (tenant_id, file_id, number),
  constraint record_processes_file_key unique (tenant_id, file_id, id),
  foreign key (tenant_id, file_id) references record_files (tenant_id, id),
  foreign key (tenant_id, case_id) references cases (tenant_id, id)
);
-- One case, one process: a redelivered filing job finds the process it created.
create unique index record_processes_case on record_processes (tenant_id, case_id) where case_id is not null;
alter table record_processes enable row level security;
create policy record_processes_own_tenant on record_processes
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on record_processes to kreisportal_app;

create function record_processes_before_insert() returns trigger language plpgsql as $$
begin
  perform records_assert_file_open(new.tenant_id, new.file_id);
  return new;
end
$$;
create trigger record_processes_open_file before insert on record_processes
  for each row execute function record_processes_before_insert();
create trigger record_processes_immutable before update or delete on record_processes
  for each row execute function records_forbid_change();

-- Dokumente: metadata as registered (Registraturrichtlinie § 4: what, from whom, to whom,
-- when); immutable once registered. A document sits in a process or directly in its file
-- (xdomea allows both). Its content lives in versions.
create table record_documents (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  file_id uuid not null,
  process_id uuid,
  title text not null check (char_length(title) between 1 and 300),
  kind text not null check (kind in ('antrag', 'bescheid', 'schreiben', 'vermerk', 'nachweis', 'vertrag', 'rechnung', 'sonstiges')),
  document_date date not null,
  direction text not null check (direction in ('eingang', 'ausgang', 'intern')),
  sender text check (char_length(sender) <= 300),
  recipient text check (char_length(recipient) <= 300),
  created_at timestamptz not null default now(),
  created_by uuid references users (id),
  search tsvector generated always as (
    setweight(to_tsvector('german', title), 'A')
    || setweight(to_tsvector('simple', coalesce(sender, '') || ' ' || coalesce(recipient, '')), 'B')) stored,
  primary key (tenant_id, id),
  foreign key (tenant_id, file_id) references record_files (tenant_id, id),
  -- The process must be one of the same file.
  foreign key (tenant_id, file_id, process_id) references record_processes (tenant_id, file_id, id)
);
create index record_documents_file on record_documents (tenant_id, file_id, created_at);
create index record_documents_filter on record_documents (tenant_id, kind, document_date);
create index record_documents_search on record_documents using gin (search);
alter table record_documents enable row level security;
create policy record_documents_own_tenant on record_documents
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on record_documents to kreisportal_app;

create function record_documents_before_insert() returns trigger language plpgsql as $$
begin
  perform records_assert_file_open(new.tenant_id, new.file_id);
  return new;
end
$$;
create trigger record_documents_open_file before insert on record_documents
  for each row execute function record_documents_before_insert();
create trigger record_documents_immutable before update or delete on record_documents
  for each row execute function records_forbid_change();

-- Versions: each one a content-addressed blob (SHA-256, checked on every read by the blob
-- store). A version is never updated or deleted; a correction is a new version.
create table record_document_versions (
  tenant_id uuid not null,
  document_id uuid not null,
  version integer not null check (version > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  media_type text not null check (media_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
  size bigint not null check (size >= 0),
  -- As the uploader's computer named it, cleaned: for display and download only.
  file_name text not null check (char_length(file_name) between 1 and 255),
  scan_result text not null check (scan_result in ('clean', 'not_scanned')),
  created_at timestamptz not null default now(),
  created_by uuid references users (id),
  primary key (tenant_id, document_id, version),
  foreign key (tenant_id, document_id) references record_documents (tenant_id, id)
);
create index record_document_versions_blob on record_document_versions (sha256);
alter table record_document_versions enable row level security;
create policy record_document_versions_own_tenant on record_document_versions
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on record_document_versions to kreisportal_app;

create function record_document_versions_before_insert() returns trigger language plpgsql as $$
declare
  file uuid;
begin
  select d.file_id into file from record_documents d where d.tenant_id = new.tenant_id and d.id = new.document_id;
  if not found then
    raise exception 'no document %', new.document_id using errcode = 'foreign_key_violation';
  end if;
  perform records_assert_file_open(new.tenant_id, file);
  return new;
end
$$;
create trigger record_document_versions_open_file before insert on record_document_versions
  for each row execute function record_document_versions_before_insert();
create trigger record_document_versions_immutable before update or delete on record_document_versions
  for each row execute function records_forbid_change();

-- Text extracted from a version (pdftotext, OCR with tesseract, plain text) for full-text
-- search. Derived data, not part of the record: written by the outbox worker after upload
-- (also into closed files) and replaceable by a better extraction.
create table record_texts (
  tenant_id uuid not null,
  document_id uuid not null,
  version integer not null,
  method text not null check (method in ('text', 'pdftotext', 'ocr', 'none', 'failed')),
  content text not null default '',
  extracted_at timestamptz not null default now(),
  search tsvector generated always as (to_tsvector('german', content)) stored,
  primary key (tenant_id, document_id, version),
  foreign key (tenant_id, document_id, version) references record_document_versions (tenant_id, document_id, version)
);
create index record_texts_search on record_texts using gin (search);
alter table record_texts enable row level security;
create policy record_texts_own_tenant on record_texts
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update on record_texts to kreisportal_app;
