-- E-Akte, second part: legal holds with reasons, the disposal procedure (Aussonderung) with the
-- archive in xdomea 3.0.0 messages, and signed seals of the audit chains. Module:
-- src/modules/records (docs/records/xdomea.md) and src/platform/audit/seal*.ts.
--
-- Aussonderung: after the retention period a public body offers its files to the responsible
-- archive (ArchivG NRW § 4 Anbietungspflicht; for municipalities § 10 Abs. 1 with § 4); the archive
-- appraises them (archive / destroy), the archived ones are handed over, the others destroyed.
-- DIN ISO 15489-1 (9.9) asks that disposal is authorised and documented: the rows below are that
-- documentation and are never deleted; only the files' content (blobs, extracted text) goes.

-- Legal hold (Aufbewahrung wegen Rechtsstreit, Prüfung, Auskunftsersuchen): every hold with why
-- and by whom it was set and released. record_files.legal_hold mirrors "has an active hold".
create table record_legal_holds (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  file_id uuid not null,
  reason text not null check (char_length(reason) between 1 and 1000),
  set_at timestamptz not null default now(),
  set_by uuid references users (id),
  released_at timestamptz,
  released_by uuid references users (id),
  release_reason text check (char_length(release_reason) between 1 and 1000),
  primary key (tenant_id, id),
  foreign key (tenant_id, file_id) references record_files (tenant_id, id),
  check ((released_at is null) = (release_reason is null))
);
create unique index record_legal_holds_active on record_legal_holds (tenant_id, file_id) where released_at is null;
alter table record_legal_holds enable row level security;
create policy record_legal_holds_own_tenant on record_legal_holds
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on record_legal_holds to kreisportal_app;
grant update (released_at, released_by, release_reason) on record_legal_holds to kreisportal_app;

-- A hold is set once and released once; nothing else of it ever changes.
create function record_legal_holds_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'legal holds are never deleted' using errcode = 'insufficient_privilege';
  end if;
  if old.released_at is not null
     or (to_jsonb(new) - 'released_at' - 'released_by' - 'release_reason') is distinct from (to_jsonb(old) - 'released_at' - 'released_by' - 'release_reason') then
    raise exception 'a legal hold is only ever released, once' using errcode = 'insufficient_privilege';
  end if;
  return new;
end
$$;
create trigger record_legal_holds_guard before update or delete on record_legal_holds
  for each row execute function record_legal_holds_guard();

-- One disposal procedure: its id is the xdomea ProzessID of all its messages (0501–0506).
create table record_disposals (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  archive_name text not null check (char_length(archive_name) between 1 and 300),
  status text not null default 'angeboten' check (status in ('angeboten', 'bewertet', 'uebergeben', 'abgeschlossen')),
  created_at timestamptz not null default now(),
  created_by uuid references users (id),
  offer_received_at timestamptz,
  appraised_at timestamptz,
  handed_over_at timestamptz,
  completed_at timestamptz,
  primary key (tenant_id, id)
);
alter table record_disposals enable row level security;
create policy record_disposals_own_tenant on record_disposals
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update on record_disposals to kreisportal_app;

-- The files of a procedure and what became of each: the disposal record (Aussonderungsnachweis).
-- appraisal: the archive's decision from 0502; outcome: uebergeben (handed over, import confirmed
-- by 0506 with the archive's identifier), vernichtet (destroyed), zurueckgestellt (held back:
-- legal hold or failed import; the file keeps its content and may be offered again).
create table record_disposal_files (
  tenant_id uuid not null,
  disposal_id uuid not null,
  file_id uuid not null,
  offered_kind text not null check (offered_kind in ('archivieren', 'bewerten', 'vernichten')),
  appraisal text check (appraisal in ('archivieren', 'vernichten')),
  outcome text check (outcome in ('uebergeben', 'vernichtet', 'zurueckgestellt')),
  archive_reference text check (char_length(archive_reference) <= 300),
  note text check (char_length(note) <= 2000),
  decided_at timestamptz,
  decided_by uuid references users (id),
  content_deleted_at timestamptz,
  deleted_versions integer check (deleted_versions >= 0),
  primary key (tenant_id, disposal_id, file_id),
  foreign key (tenant_id, disposal_id) references record_disposals (tenant_id, id),
  foreign key (tenant_id, file_id) references record_files (tenant_id, id),
  check (content_deleted_at is null or outcome in ('uebergeben', 'vernichtet'))
);
-- A file is in at most one procedure unless it was held back there.
create unique index record_disposal_files_once on record_disposal_files (tenant_id, file_id) where outcome is distinct from 'zurueckgestellt';
create index record_disposal_files_file on record_disposal_files (tenant_id, file_id);
alter table record_disposal_files enable row level security;
create policy record_disposal_files_own_tenant on record_disposal_files
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update on record_disposal_files to kreisportal_app;

-- The rules of disposal, held by the database for every code path: only closed files past their
-- retention and without legal hold are offered; content is deleted only for files handed over
-- (with the archive's confirmation) or destroyed, never under legal hold; a finished entry never
-- changes again; nothing is deleted.
create function record_disposal_files_guard() returns trigger language plpgsql as $$
declare
  file record;
begin
  if tg_op = 'DELETE' then
    raise exception 'disposal records are never deleted' using errcode = 'insufficient_privilege';
  end if;
  if new.tenant_id <> coalesce(old.tenant_id, new.tenant_id) or new.file_id <> coalesce(old.file_id, new.file_id)
     or new.disposal_id <> coalesce(old.disposal_id, new.disposal_id) then
    raise exception 'a disposal record keeps its file and procedure' using errcode = 'insufficient_privilege';
  end if;
  select f.status, f.retain_until, f.legal_hold, f.file_number into file
  from record_files f where f.tenant_id = new.tenant_id and f.id = new.file_id for share;
  if tg_op = 'INSERT' then
    if file.status <> 'abgeschlossen' or file.retain_until >= current_date then
      raise exception 'file % is not due for disposal', file.file_number using errcode = 'check_violation';
    end if;
    if file.legal_hold then
      raise exception 'file % is under legal hold and cannot be disposed', file.file_number using errcode = 'check_violation';
    end if;
    return new;
  end if;
  if old.content_deleted_at is not null then
    raise exception 'the disposal of file % is complete and recorded', file.file_number using errcode = 'insufficient_privilege';
  end if;
  if new.content_deleted_at is not null then
    if file.legal_hold then
      raise exception 'file % is under legal hold and cannot be disposed', file.file_number using errcode = 'check_violation';
    end if;
    if new.outcome = 'uebergeben' and new.archive_reference is null then
      raise exception 'file % was not confirmed by the archive', file.file_number using errcode = 'check_violation';
    end if;
  end if;
  return new;
end
$$;
create trigger record_disposal_files_guard before insert or update or delete on record_disposal_files
  for each row execute function record_disposal_files_guard();

-- The xdomea messages of a procedure as sent or received (the XML; 0503's documents are the
-- versions named in it). Append-only: they are the evidence of the exchange with the archive.
create table record_disposal_messages (
  tenant_id uuid not null,
  disposal_id uuid not null,
  id uuid not null default gen_random_uuid(),
  code text not null check (code in ('0501', '0502', '0503', '0504', '0505', '0506', '0507')),
  direction text not null check (direction in ('gesendet', 'empfangen')),
  xml text not null,
  created_at timestamptz not null default now(),
  created_by uuid references users (id),
  primary key (tenant_id, id),
  foreign key (tenant_id, disposal_id) references record_disposals (tenant_id, id)
);
create index record_disposal_messages_disposal on record_disposal_messages (tenant_id, disposal_id, created_at);
alter table record_disposal_messages enable row level security;
create policy record_disposal_messages_own_tenant on record_disposal_messages
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on record_disposal_messages to kreisportal_app;
create trigger record_disposal_messages_append_only before update or delete on record_disposal_messages
  for each row execute function records_forbid_change();
create trigger record_disposals_no_delete before delete on record_disposals
  for each row execute function records_forbid_change();

-- Extracted text is derived data; after disposal it goes with the content.
grant delete on record_texts to kreisportal_app;

-- Whether any row of any tenant still needs a blob. Blobs are shared by content address (a
-- citizen's attachment is the same blob as its filed document), so only a blob nobody needs is
-- removed. Every text column named `sha256` or `…_sha256` of the schema counts as a reference
-- (attachments, issued decisions, message files, and tables added later), except the hash of a
-- form definition (not a blob) and the disposal's own records; a record version counts while its
-- file's content was not disposed. SECURITY DEFINER: answers yes/no across tenants without
-- showing the app role any row.
create function records_blob_in_use(p_sha256 text) returns boolean language plpgsql stable security definer
set search_path = pg_catalog, public as $$
declare
  col record;
  found_it boolean;
begin
  if exists (
    select 1 from record_document_versions v
    join record_documents d on d.tenant_id = v.tenant_id and d.id = v.document_id
    where v.sha256 = p_sha256
      and not exists (select 1 from record_disposal_files x
                      where x.tenant_id = d.tenant_id and x.file_id = d.file_id and x.content_deleted_at is not null)) then
    return true;
  end if;
  for col in
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.data_type = 'text' and (c.column_name = 'sha256' or c.column_name like '%\_sha256')
      and c.table_name not in ('record_document_versions', 'record_disposal_messages')
      and (c.table_name, c.column_name) <> ('form_versions', 'definition_sha256')
  loop
    execute format('select exists (select 1 from %I where %I = $1)', col.table_name, col.column_name) into found_it using p_sha256;
    if found_it then
      return true;
    end if;
  end loop;
  return false;
end
$$;
revoke all on function records_blob_in_use(text) from public;
grant execute on function records_blob_in_use(text) to kreisportal_app;

-- Retention: from the end of the year the file was closed (31 December of that year plus the
-- retention years); the file is due for disposal on the day after. One definition for SQL and app.
create function records_retain_until(p_closed_on date, p_years integer) returns date language sql immutable as $$
  select make_date(extract(year from p_closed_on)::integer + p_years, 12, 31)
$$;

-- Seals of the audit log (src/platform/audit/seal.ts): every chain head at one moment, signed
-- with Ed25519. A later change before a sealed head is detected by `kreisportal audit verify`
-- even when the attacker recomputed the whole chain. Owner only; append-only.
create table audit_seals (
  id bigint generated always as identity primary key,
  sealed_at timestamptz not null,
  -- [{ "chain": …, "seq": …, "hash": … }] ordered by chain: exactly the signed content.
  heads jsonb not null,
  key_id text not null check (key_id ~ '^[0-9a-f]{16}$'),
  public_key text not null,
  signature text not null
);
create function audit_seals_forbid_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_seals is append-only' using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_seals_append_only before update or delete on audit_seals
  for each row execute function audit_seals_forbid_change();
