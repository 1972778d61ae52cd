-- API clients of the case API (/api/v1/cases, src/modules/cases/api/): a municipality's
-- specialist software (Fachverfahren) reads and works on cases with a bearer token.
--
-- Each client is backed by a technical staff user (users.kind = 'staff', a password hash that
-- never verifies, so it cannot sign in through the login page) with a tenant membership of role
-- 'caseworker' (acting) or 'reader' (read-only) and optional office_members rows. The token maps
-- to that user, so the case code's access rules (roles, office access, RLS) apply to the client
-- exactly as to a person, and the timeline and audit log name the client as the actor.
--
-- Only the SHA-256 of the token is stored (shown once to the administrator who created it).
-- Revocation sets revoked_at; the lookup below ignores revoked clients, so it takes effect with
-- the next request. Rows are never deleted: the audit log and timelines refer to their users.

create table case_api_clients (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  user_id uuid not null references users (id),
  name text not null check (length(name) between 1 and 100),
  access text not null check (access in ('read', 'act')),
  token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by uuid references users (id),
  primary key (tenant_id, id),
  unique (tenant_id, token_hash),
  unique (tenant_id, user_id),
  check ((revoked_at is null) = (revoked_by is null))
);
-- The token arrives before any tenant is known: looked up by hash alone (the function below).
create index case_api_clients_token on case_api_clients (token_hash);
alter table case_api_clients enable row level security;
create policy case_api_clients_own_tenant on case_api_clients
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
-- No delete: a revoked client stays listed (who had access, until when).
grant select, insert, update on case_api_clients to kreisportal_app;

-- The client of a bearer token: its tenant and technical user, when neither is revoked nor
-- disabled. Security definer so it can look before a scope exists (like hub_calendar_owner in
-- migration 0013); it returns nothing but the ids, and only for the exact hash.
create function case_api_client_of(p_token_hash text) returns table (client_id uuid, tenant_id uuid, user_id uuid)
language sql stable security definer set search_path = public as $$
  select c.id, c.tenant_id, c.user_id
  from case_api_clients c join users u on u.id = c.user_id
  where c.token_hash = p_token_hash and c.revoked_at is null and u.disabled_at is null
$$;
revoke all on function case_api_client_of(text) from public;
grant execute on function case_api_client_of(text) to kreisportal_app;
