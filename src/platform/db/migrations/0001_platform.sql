-- Platform foundation: tenants, accounts, sessions, audit log, outbox, and the row-level
-- security that keeps every tenant's rows to itself (docs/adr/0005-tenancy.md).

-- The non-owner role every request runs as. It owns nothing and cannot bypass RLS.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'kreisportal_app') then
    create role kreisportal_app nologin nobypassrls;
  end if;
end
$$;
grant kreisportal_app to current_user;
grant usage on schema public to kreisportal_app;

-- The acting tenant and user of the current transaction (set by enterScope), or null.
create function app_tenant_id() returns uuid language sql stable as $$
  select nullif(current_setting('app.tenant_id', true), '')::uuid
$$;
create function app_user_id() returns uuid language sql stable as $$
  select nullif(current_setting('app.user_id', true), '')::uuid
$$;

-- Reference data, shared by all tenants: the district and its municipalities.
create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9-]+$'),
  kind text not null check (kind in ('kreis', 'stadt', 'gemeinde')),
  name text not null,
  official_name text not null,
  ags text not null unique check (ags ~ '^[0-9]{5}([0-9]{3})?$'),
  ars text check (ars ~ '^[0-9]{5}([0-9]{7})?$'),
  parent_id uuid references tenants (id),
  street text,
  postcode text,
  city text,
  area_km2 numeric(10, 2),
  population integer,
  population_as_of date,
  created_at timestamptz not null default now()
);
comment on table tenants is 'reference: shared by every tenant';
grant select on tenants to kreisportal_app;

create table postcodes (
  postcode text not null check (postcode ~ '^[0-9]{5}$'),
  ags text not null,
  place text not null,
  primary key (postcode, ags, place)
);
comment on table postcodes is 'reference: shared by every tenant';
grant select on postcodes to kreisportal_app;

-- Accounts: citizens and staff share one identity table; staff belong to tenants by membership.
create table users (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('citizen', 'staff')),
  email text not null,
  email_verified_at timestamptz,
  password_hash text not null,
  display_name text not null,
  locale text not null default 'de' check (locale in ('de', 'en')),
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);
create unique index users_email_key on users (lower(email));
comment on table users is 'global: accounts are not owned by a tenant';
grant select, insert, update on users to kreisportal_app;

create table tenant_memberships (
  tenant_id uuid not null references tenants (id),
  user_id uuid not null references users (id),
  role text not null check (role in ('admin', 'caseworker', 'records_manager', 'coordinator', 'reader')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id, role)
);
create index tenant_memberships_user on tenant_memberships (user_id);
alter table tenant_memberships enable row level security;
-- Staff see their tenant's memberships, and everyone sees their own (to choose a tenant).
create policy tenant_memberships_visible on tenant_memberships
  using (tenant_id = app_tenant_id() or user_id = app_user_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, delete on tenant_memberships to kreisportal_app;

-- Server-side sessions: only the SHA-256 of the cookie's token is stored.
create table sessions (
  token_hash text primary key,
  user_id uuid not null references users (id),
  active_tenant_id uuid references tenants (id),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);
grant select, insert, update, delete on sessions to kreisportal_app;

-- One-time tokens for e-mail verification and password reset (hash only).
create table account_tokens (
  token_hash text primary key,
  user_id uuid not null references users (id),
  purpose text not null check (purpose in ('verify_email', 'reset_password')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index account_tokens_user on account_tokens (user_id, purpose);
grant select, insert, update on account_tokens to kreisportal_app;

-- Audit log: append-only, one hash chain per tenant (chain 'global' for platform events).
-- Each entry's hash covers the previous entry's hash, so an edited, inserted or deleted entry
-- breaks the chain (`kreisportal audit verify`).
create table audit_log (
  chain text not null,
  seq bigint not null,
  tenant_id uuid references tenants (id),
  occurred_at timestamptz not null,
  actor_id uuid,
  action text not null,
  subject_type text not null,
  subject_id text,
  data jsonb not null default '{}',
  prev_hash text not null,
  hash text not null,
  primary key (chain, seq),
  check (chain = coalesce(tenant_id::text, 'global'))
);
create index audit_log_subject on audit_log (tenant_id, subject_type, subject_id);
create table audit_heads (
  chain text primary key,
  tenant_id uuid references tenants (id),
  seq bigint not null,
  hash text not null,
  check (chain = coalesce(tenant_id::text, 'global'))
);
alter table audit_log enable row level security;
alter table audit_heads enable row level security;
create policy audit_log_own on audit_log
  using (tenant_id is null or tenant_id = app_tenant_id())
  with check (tenant_id is null or tenant_id = app_tenant_id());
create policy audit_heads_own on audit_heads
  using (tenant_id is null or tenant_id = app_tenant_id())
  with check (tenant_id is null or tenant_id = app_tenant_id());
grant select, insert on audit_log to kreisportal_app;
grant select, insert, update on audit_heads to kreisportal_app;

create function audit_log_forbid_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_forbid_change();

-- Transactional outbox: jobs written in the same transaction as the change that causes them.
create table outbox (
  id bigint generated always as identity primary key,
  tenant_id uuid references tenants (id),
  topic text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  locked_until timestamptz,
  done_at timestamptz,
  last_error text
);
create index outbox_due on outbox (run_at) where done_at is null;
alter table outbox enable row level security;
create policy outbox_own on outbox
  using (tenant_id is null or tenant_id = app_tenant_id())
  with check (tenant_id is null or tenant_id = app_tenant_id());
grant insert on outbox to kreisportal_app;
