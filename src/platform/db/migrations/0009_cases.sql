-- Case processing (Sachbearbeitung): every submission becomes one case (Vorgang) of the tenant
-- that received it. Module: src/modules/cases.
--
-- Tenancy (docs/adr/0005): tenant_id leads every key; cases, their timeline and their messages
-- of one tenant stay on one node under a Citus distribution by tenant_id. Cases hold personal
-- data: visible to their own tenant only, and to the applicant (SELECT only, policies below).

create table cases (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  -- The applicant's reference from the receipt; the case keeps it, so phone calls and letters
  -- name one number.
  reference text not null,
  submission_id uuid not null,
  form_id uuid not null,
  form_version integer not null,
  form_title text not null,
  -- The LeiKa service the form applies for (first of the form's service keys), and the office
  -- that offers it in this tenant: the case lands in that office's inbox.
  service_key text references services (key),
  office_id uuid,
  -- Default status model (src/modules/cases/workflow.ts enforces the transitions).
  status text not null default 'eingegangen'
    check (status in ('eingegangen', 'in_pruefung', 'rueckfrage', 'entschieden', 'abgeschlossen', 'zurueckgezogen')),
  assignee_id uuid references users (id),
  applicant_user_id uuid references users (id),
  applicant_name text not null default '',
  applicant_email text,
  received_at timestamptz not null,
  -- Received + the offer's processing days (§ 42a VwVfG: deadlines count from the complete application).
  due_at timestamptz,
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  -- Full-text search over the applicant's name, the reference and the answers' text values.
  search tsvector not null,
  primary key (tenant_id, id),
  -- One submission, one case: a redelivered outbox event inserts nothing.
  constraint cases_submission_key unique (tenant_id, submission_id),
  constraint cases_reference_key unique (tenant_id, reference),
  foreign key (tenant_id, submission_id) references submissions (tenant_id, id),
  foreign key (tenant_id, office_id) references offices (tenant_id, id)
);
-- Inbox: keyset pagination by (received_at, id), newest first, per filter that narrows most.
create index cases_inbox on cases (tenant_id, received_at desc, id desc);
create index cases_inbox_status on cases (tenant_id, status, received_at desc, id desc);
create index cases_inbox_office on cases (tenant_id, office_id, received_at desc, id desc);
create index cases_inbox_assignee on cases (tenant_id, assignee_id, received_at desc, id desc);
create index cases_due on cases (tenant_id, due_at) where closed_at is null;
create index cases_search on cases using gin (search);
create index cases_applicant on cases (applicant_user_id) where applicant_user_id is not null;
alter table cases enable row level security;
create policy cases_own_tenant on cases
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
create policy cases_own_applicant on cases for select
  using (applicant_user_id is not null and applicant_user_id = app_user_id());
grant select, insert, update on cases to kreisportal_app;

-- The timeline: everything that happened to a case, append-only. `visible` marks what the
-- applicant may see on their status page (status changes, messages), never internal notes.
create table case_events (
  tenant_id uuid not null,
  case_id uuid not null,
  seq integer not null,
  occurred_at timestamptz not null default now(),
  actor_id uuid references users (id),
  kind text not null check (kind ~ '^[a-z_.]+$'),
  visible boolean not null default false,
  data jsonb not null default '{}' check (jsonb_typeof(data) = 'object'),
  primary key (tenant_id, case_id, seq),
  foreign key (tenant_id, case_id) references cases (tenant_id, id)
);
alter table case_events enable row level security;
create policy case_events_own_tenant on case_events
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on case_events to kreisportal_app;

create function case_events_forbid_change() returns trigger language plpgsql as $$
begin
  raise exception 'case_events is append-only' using errcode = 'insufficient_privilege';
end
$$;
create trigger case_events_append_only before update or delete on case_events
  for each row execute function case_events_forbid_change();

-- One message thread per case between the authority and the applicant.
create table case_messages (
  tenant_id uuid not null,
  case_id uuid not null,
  id uuid not null default gen_random_uuid(),
  direction text not null check (direction in ('to_applicant', 'from_applicant')),
  author_id uuid references users (id),
  body text not null check (length(body) between 1 and 10000),
  -- A message to the applicant may ask for an answer (Rückfrage); the answer closes the request.
  requests_reply boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (tenant_id, case_id, id),
  foreign key (tenant_id, case_id) references cases (tenant_id, id)
);
create index case_messages_thread on case_messages (tenant_id, case_id, created_at);
alter table case_messages enable row level security;
create policy case_messages_own_tenant on case_messages
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on case_messages to kreisportal_app;

-- The applicant's status page reads in no tenant's scope: these SELECT policies show a signed-in
-- applicant their own case's visible timeline and its messages, nothing else (migration 0008
-- does the same for drafts and submissions).
create policy case_events_own_applicant on case_events for select using (
  visible and exists (
    select 1 from cases c
    where c.tenant_id = case_events.tenant_id and c.id = case_events.case_id
      and c.applicant_user_id is not null and c.applicant_user_id = app_user_id()));
create policy case_messages_own_applicant on case_messages for select using (
  exists (
    select 1 from cases c
    where c.tenant_id = case_messages.tenant_id and c.id = case_messages.case_id
      and c.applicant_user_id is not null and c.applicant_user_id = app_user_id()));

-- Which offices a staff member works in. A caseworker with office memberships sees the cases of
-- those offices and the tenant's unrouted ones; one without any (a small municipality with one
-- team) and administrators see the whole tenant.
create table office_members (
  tenant_id uuid not null,
  office_id uuid not null,
  user_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  primary key (tenant_id, office_id, user_id),
  foreign key (tenant_id, office_id) references offices (tenant_id, id)
);
create index office_members_user on office_members (user_id);
alter table office_members enable row level security;
create policy office_members_visible on office_members
  using (tenant_id = app_tenant_id() or user_id = app_user_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, delete on office_members to kreisportal_app;

-- The applicant's link to the status page, sent with every notice: the SHA-256 of a random secret
-- (the mail carries the secret, the database cannot rebuild the link). A new notice makes a new
-- link; older ones stop working.
alter table cases add column applicant_access_hash text check (applicant_access_hash ~ '^[0-9a-f]{64}$');
create unique index cases_applicant_access on cases (tenant_id, applicant_access_hash) where applicant_access_hash is not null;
