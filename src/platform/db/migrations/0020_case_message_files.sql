-- Case processing, second part (issue 5). Module: src/modules/cases.
--
-- 1. Files of messages: the applicant answers a Rückfrage with the missing document, a caseworker
--    attaches a letter. The bytes live in the blob store (docs/adr/0006), keyed by SHA-256; a row
--    is written only after the file was checked (size, type by content, ClamAV) and stored, in the
--    transaction of its message.
-- 2. Notification of the decision through the portal (§ 41 Abs. 2a VwVfG): the applicant's
--    one-time consent, and the cases whose Bescheid must go by post instead.
--
-- Tenancy (docs/adr/0005): tenant_id leads every key; visible to the own tenant, and (SELECT
-- only) to the signed-in applicant of the case, like the messages themselves (migration 0009).

-- An answer may consist of the document alone: the text becomes optional when files come with it
-- (src/modules/cases/case-actions.ts and applicant-access.ts require text or a file).
alter table case_messages drop constraint case_messages_body_check;
alter table case_messages add constraint case_messages_body_check check (length(body) <= 10000);

create table case_message_files (
  tenant_id uuid not null,
  case_id uuid not null,
  message_id uuid not null,
  id uuid not null default gen_random_uuid(),
  -- As the sender's computer named it, cleaned of paths and control characters: display only.
  file_name text not null check (char_length(file_name) between 1 and 255),
  -- Detected from the content (src/platform/scan/sniff.ts), never from the name.
  media_type text not null check (media_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
  size bigint not null check (size > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- 'not_scanned' only when no clamd is configured (CLAMAV_ADDRESS), so a later scan can find them.
  scan_result text not null check (scan_result in ('clean', 'not_scanned')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id, message_id) references case_messages (tenant_id, case_id, id)
);
create index case_message_files_case on case_message_files (tenant_id, case_id, created_at);
-- Which rows still need a blob: for removing blobs nobody references any more.
create index case_message_files_blob on case_message_files (sha256);
alter table case_message_files enable row level security;
create policy case_message_files_own_tenant on case_message_files
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
create policy case_message_files_own_applicant on case_message_files for select using (
  exists (
    select 1 from cases c
    where c.tenant_id = case_message_files.tenant_id and c.id = case_message_files.case_id
      and c.applicant_user_id is not null and c.applicant_user_id = app_user_id()));
-- Append-only like the thread: what was sent stays as it was sent.
grant select, insert on case_message_files to kreisportal_app;

-- § 41 Abs. 2a VwVfG: an electronic administrative act may be notified by making it available
-- for retrieval only with the applicant's consent. Asked once on the status page; null = not
-- answered yet. The choice itself is a timeline event and an audit entry.
alter table cases add column portal_consent boolean;
alter table cases add column portal_consent_at timestamptz;
alter table cases add constraint cases_portal_consent_pair check ((portal_consent is null) = (portal_consent_at is null));

-- How the issued Bescheid reaches the applicant:
--   portal         made available in the portal, the notice mail sent; waiting for retrieval
--   portal_done    consent given and retrieved within ten days: notified the day after retrieval
--   post_required  no consent, or not retrieved within ten days (§ 41 Abs. 2a Satz 4 und 5 VwVfG:
--                  the provision ends, notification has not taken effect): send it by post
--   post_sent      a caseworker sent it by post (§ 41 Abs. 2 VwVfG)
-- Set by src/modules/cases/decisions/postal-delivery.ts (a periodic task) and the back office.
alter table cases add column decision_delivery text
  check (decision_delivery in ('portal', 'portal_done', 'post_required', 'post_sent'));
alter table cases add column post_reason text
  check (post_reason in ('consent_declined', 'consent_missing', 'not_retrieved'));
alter table cases add column post_required_at timestamptz;
alter table cases add column post_sent_at timestamptz;
alter table cases add column post_sent_by uuid references users (id);
alter table cases add constraint cases_post_required check (
  (decision_delivery in ('post_required', 'post_sent')) = (post_reason is not null and post_required_at is not null));
alter table cases add constraint cases_post_sent check ((decision_delivery = 'post_sent') = (post_sent_at is not null));
-- The periodic task reads only what still waits, the back office's list only what must go by post:
-- both partial indexes stay small however many cases there are.
create index cases_delivery_waiting on cases (tenant_id, id) where decision_delivery = 'portal';
create index cases_post_required on cases (tenant_id, post_required_at, id) where decision_delivery = 'post_required';
-- Overdue badges of the inbox tabs: open cases past their due date, per status.
create index cases_overdue on cases (tenant_id, status, due_at) where closed_at is null;

-- Decisions issued before this migration wait like new ones.
update cases c set decision_delivery = 'portal'
where exists (select 1 from case_decisions d where d.tenant_id = c.tenant_id and d.case_id = c.id and d.status = 'issued');
