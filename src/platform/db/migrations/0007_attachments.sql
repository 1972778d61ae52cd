-- Files citizens upload to an application (Nachweise, Fotos). Modules: src/modules/submissions
-- (attachments.ts), src/modules/forms/web (the upload on the step pages); the bytes themselves
-- live in the blob store (src/platform/blobs, docs/adr/0006), keyed by their SHA-256.
--
-- Tenancy (docs/adr/0005): tenant_id leads every key, and the draft reference includes it, so an
-- attachment cannot point at another tenant's draft and stays on its draft's node under Citus.
-- Attachments hold personal data: visible to their own tenant only.
--
-- An attachment belongs to the draft it was uploaded to. When the draft becomes a submission the
-- rows stay (the submission names its draft_id, its answers name the attachment ids through
-- FileRef); when an open draft is replaced by "Antrag starten" or expires and is deleted, its
-- attachments go with it (on delete cascade). The blob is not deleted with a row: the same
-- bytes may belong to another attachment, which the acting tenant cannot see (RLS).
--
-- Rows are written only after the file was checked (size, content type, virus scan) and its blob
-- was stored, so a row never names a blob that does not exist. Infected files never get a row.

create table attachments (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  draft_id uuid not null,
  -- The form field the file answers (a top-level file field of a step).
  field_id text not null check (char_length(field_id) between 1 and 200),
  -- As the citizen's computer named it, cleaned of paths and control characters: for display
  -- only, never used as a path or to decide the type.
  file_name text not null check (char_length(file_name) between 1 and 255),
  -- Detected from the content (src/platform/scan/sniff.ts), not from the name or the browser.
  media_type text not null check (media_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- 'not_scanned' only when no clamd is configured (CLAMAV_ADDRESS), so a later scan can find them.
  scan_result text not null check (scan_result in ('clean', 'not_scanned')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, draft_id) references form_drafts (tenant_id, id) on delete cascade
);
create index attachments_draft on attachments (tenant_id, draft_id, created_at);
-- Which rows still need a blob: for removing blobs nobody references any more.
create index attachments_blob on attachments (sha256);
alter table attachments enable row level security;
create policy attachments_own_tenant on attachments
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
-- No update: an attachment is replaced by removing it and uploading another file.
grant select, insert, delete on attachments to kreisportal_app;
