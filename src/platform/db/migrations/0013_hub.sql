-- The cooperation hub of the digital officers (src/modules/hub) and the OZG dashboard's history.
-- Decision and reasoning: docs/adr/0009-cooperation-hub-tenancy.md.
--
-- Tenancy. Everywhere else a row is visible to its own tenant only (ADR 0005). The hub exists so
-- that the municipalities of one district see each other's work, so its rule is different:
--   * READ: a hub row is visible to every *hub member of the row's district*: a user who holds
--     the coordinator role in any tenant of that district (the Kreis or one of its
--     municipalities). The check reads tenant_memberships under its own policy, which shows a
--     user their own memberships in every tenant, so no elevated rights are needed.
--   * WRITE: every row has an owning tenant (tenant_id: the municipality of the member who wrote
--     it). Only the acting tenant may insert, change or delete its rows (tenant_id =
--     app_tenant_id()), and only a hub member may insert at all. So Lemgo reads Detmold's project
--     but cannot change it; each municipality's vote, comment, demand declaration or
--     registration is its own row and can be withdrawn only by that municipality.
-- Cross-tenant facts are therefore modelled as rows of the acting tenant (a vote, a completion
-- of an action item, a declaration), never as updates of another tenant's row.

-- The district (the Kreis) a tenant belongs to: itself for the Kreis, its parent otherwise.
create function hub_district_of(tenant uuid) returns uuid language sql stable as $$
  select coalesce(t.parent_id, t.id) from tenants t where t.id = tenant
$$;

-- Whether the acting user is a hub member of the district of `row_tenant`.
create function app_is_hub_member_for(row_tenant uuid) returns boolean language sql stable as $$
  select exists (
    select 1 from tenant_memberships m join tenants mt on mt.id = m.tenant_id
    where m.user_id = app_user_id() and m.role = 'coordinator'
      and coalesce(mt.parent_id, mt.id) = hub_district_of(row_tenant))
$$;

-- Profiles of the members: one per user, owned by the municipality they act for. The calendar
-- token (RFC 5545 feed for calendar apps that cannot sign in) is stored as SHA-256 only.
create table hub_profiles (
  user_id uuid primary key references users (id),
  tenant_id uuid not null references tenants (id),
  role_title text not null default '' check (length(role_title) <= 200),
  topics text[] not null default '{}',
  phone text not null default '' check (length(phone) <= 50),
  calendar_token_hash text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Ideas come before projects: a project may start from an idea (one project per idea).
create table hub_ideas (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id),
  author_id uuid not null references users (id),
  title text not null check (length(title) between 1 and 200),
  body text not null check (length(body) <= 5000),
  demo boolean not null default false,
  created_at timestamptz not null default now()
);
create index hub_ideas_created on hub_ideas (created_at desc);

create table hub_idea_comments (
  id uuid primary key default gen_random_uuid(),
  idea_id uuid not null references hub_ideas (id),
  tenant_id uuid not null references tenants (id),
  author_id uuid not null references users (id),
  body text not null check (length(body) between 1 and 2000),
  created_at timestamptz not null default now()
);
create index hub_idea_comments_idea on hub_idea_comments (idea_id, created_at);

-- One vote per municipality and idea: the primary key makes a second (also a concurrent) vote
-- of the same municipality a conflict, whoever of its members casts it.
create table hub_idea_votes (
  idea_id uuid not null references hub_ideas (id),
  tenant_id uuid not null references tenants (id),
  voter_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  primary key (idea_id, tenant_id)
);

-- Joint projects; tenant_id is the lead municipality. Participants, responsible people and the
-- related services (LeiKa keys, checked against the catalog when written) are lists of the row.
create table hub_projects (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id),
  title text not null check (length(title) between 1 and 200),
  goal text not null check (length(goal) <= 5000),
  phase text not null check (phase in ('idee', 'vorbereitung', 'umsetzung', 'rollout', 'abgeschlossen')),
  status text not null check (status in ('im_plan', 'gefaehrdet', 'blockiert')),
  participant_ids uuid[] not null default '{}',
  responsible_people text[] not null default '{}',
  service_keys text[] not null default '{}',
  -- Documents are not stored here yet: they will be records of the lead tenant (src/modules/records).
  document_links text[] not null default '{}',
  idea_id uuid unique references hub_ideas (id),
  demo boolean not null default false,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table hub_milestones (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references hub_projects (id),
  tenant_id uuid not null references tenants (id),
  title text not null check (length(title) between 1 and 200),
  due_on date not null,
  done_on date,
  created_at timestamptz not null default now()
);
create index hub_milestones_project on hub_milestones (project_id, due_on);

-- Sachstand: dated short reports by the lead or a participating municipality (author's tenant).
create table hub_status_updates (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references hub_projects (id),
  tenant_id uuid not null references tenants (id),
  author_id uuid not null references users (id),
  reported_on date not null,
  status text not null check (status in ('im_plan', 'gefaehrdet', 'blockiert')),
  body text not null check (length(body) between 1 and 1000),
  created_at timestamptz not null default now()
);
create index hub_status_updates_project on hub_status_updates (project_id, reported_on desc);

-- Meetings (the regular online exchange, as a named series) and trainings/workshops.
create table hub_events (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id),
  kind text not null check (kind in ('meeting', 'training')),
  series text,
  title text not null check (length(title) between 1 and 200),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  location text not null default '' check (length(location) <= 500),
  agenda text not null default '' check (length(agenda) <= 10000),
  minutes text not null default '' check (length(minutes) <= 20000),
  capacity integer check (capacity > 0),
  demo boolean not null default false,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index hub_events_starts on hub_events (starts_at);

create table hub_decisions (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references hub_events (id),
  tenant_id uuid not null references tenants (id),
  body text not null check (length(body) between 1 and 2000),
  created_at timestamptz not null default now()
);

create table hub_action_items (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references hub_events (id),
  tenant_id uuid not null references tenants (id),
  body text not null check (length(body) between 1 and 1000),
  assignee_id uuid references users (id),
  due_on date,
  created_at timestamptz not null default now()
);

-- "Done" is a row of the municipality that completed the item (the assignee's or the organiser's),
-- so an assignee from another municipality can tick it off without changing the organiser's row.
create table hub_action_item_completions (
  action_item_id uuid primary key references hub_action_items (id),
  tenant_id uuid not null references tenants (id),
  done_by uuid not null references users (id),
  done_at timestamptz not null default now()
);

create table hub_registrations (
  event_id uuid not null references hub_events (id),
  user_id uuid not null references users (id),
  tenant_id uuid not null references tenants (id),
  registered_at timestamptz not null default now(),
  primary key (event_id, user_id)
);

-- Attendance is recorded by the organiser (its own rows), separate from the registrations.
create table hub_attendance (
  event_id uuid not null references hub_events (id),
  user_id uuid not null references users (id),
  tenant_id uuid not null references tenants (id),
  recorded_at timestamptz not null default now(),
  primary key (event_id, user_id)
);

-- Joint procurement (Bedarfsbündelung): a proposal and one declaration per municipality.
create table hub_procurements (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id),
  title text not null check (length(title) between 1 and 200),
  description text not null default '' check (length(description) <= 5000),
  unit text not null check (length(unit) between 1 and 50),
  unit_price_cents integer not null check (unit_price_cents between 0 and 100000000),
  deadline date not null,
  demo boolean not null default false,
  created_by uuid references users (id),
  created_at timestamptz not null default now()
);

create table hub_procurement_declarations (
  procurement_id uuid not null references hub_procurements (id),
  tenant_id uuid not null references tenants (id),
  decision text not null check (decision in ('bedarf', 'kein_bedarf')),
  quantity integer check (quantity between 1 and 1000000),
  budget_cents bigint check (budget_cents between 0 and 100000000000),
  contact text not null default '' check (length(contact) <= 200),
  declared_by uuid not null references users (id),
  updated_at timestamptz not null default now(),
  primary key (procurement_id, tenant_id),
  check ((decision = 'bedarf') = (quantity is not null))
);

-- Knowledge base ("So haben wir es gemacht"), searched with German full text.
create table hub_articles (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id),
  author_id uuid references users (id),
  title text not null check (length(title) between 1 and 200),
  body text not null check (length(body) between 1 and 20000),
  project_id uuid references hub_projects (id),
  service_keys text[] not null default '{}',
  search_vector tsvector generated always as (
    setweight(to_tsvector('german'::regconfig, title), 'A') || setweight(to_tsvector('german'::regconfig, body), 'B')) stored,
  demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index hub_articles_search on hub_articles using gin (search_vector);

-- The same four policies on every hub table (see the top of this file).
do $$
declare
  hub_table text;
begin
  foreach hub_table in array array[
    'hub_profiles', 'hub_ideas', 'hub_idea_comments', 'hub_idea_votes', 'hub_projects', 'hub_milestones',
    'hub_status_updates', 'hub_events', 'hub_decisions', 'hub_action_items', 'hub_action_item_completions',
    'hub_registrations', 'hub_attendance', 'hub_procurements', 'hub_procurement_declarations', 'hub_articles']
  loop
    execute format('alter table %I enable row level security', hub_table);
    execute format('create policy %I on %I for select using (app_is_hub_member_for(tenant_id))', hub_table || '_read', hub_table);
    execute format('create policy %I on %I for insert with check (tenant_id = app_tenant_id() and app_is_hub_member_for(tenant_id))', hub_table || '_insert', hub_table);
    execute format('create policy %I on %I for update using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())', hub_table || '_update', hub_table);
    execute format('create policy %I on %I for delete using (tenant_id = app_tenant_id())', hub_table || '_delete', hub_table);
    execute format('grant select, insert, update, delete on %I to kreisportal_app', hub_table);
    execute format('comment on table %I is %L', hub_table, 'hub: readable by the coordinators of every tenant of the district, writable by the owning tenant');
  end loop;
end
$$;

-- A profile is the member's own: even within the tenant only the user writes it.
create policy hub_profiles_self on hub_profiles as restrictive for all
  using (true) with check (user_id = app_user_id());

-- The calendar feed is fetched by calendar apps without a session: the token's hash names the
-- member (and the tenant they act for). Security definer so it can look before a scope exists;
-- it returns nothing but the member's ids.
create function hub_calendar_owner(token_hash text) returns table (user_id uuid, tenant_id uuid)
language sql stable security definer set search_path = public as $$
  select p.user_id, p.tenant_id from hub_profiles p where p.calendar_token_hash = token_hash
$$;
revoke all on function hub_calendar_owner(text) from public;
grant execute on function hub_calendar_owner(text) to kreisportal_app;

-- OZG dashboard history: one snapshot per tenant and day of its published offers by maturity
-- level (written by the periodic task `ozg.snapshot` as the owner). Published offers are public,
-- so their counts are too: readable by everyone, writable by nobody through the app role.
create table ozg_maturity_snapshots (
  tenant_id uuid not null references tenants (id),
  taken_on date not null,
  offers integer not null check (offers >= 0),
  online integer not null check (online >= 0),
  conform integer not null check (conform >= 0),
  -- Offers per level of the classic model: {"0": 2, "1": 9, ...}; "none" for offers without a level.
  by_level jsonb not null default '{}' check (jsonb_typeof(by_level) = 'object'),
  demo boolean not null default false,
  primary key (tenant_id, taken_on)
);
alter table ozg_maturity_snapshots enable row level security;
create policy ozg_maturity_snapshots_public_read on ozg_maturity_snapshots for select using (true);
grant select on ozg_maturity_snapshots to kreisportal_app;
comment on table ozg_maturity_snapshots is 'public: counts of published offers per tenant and day';
