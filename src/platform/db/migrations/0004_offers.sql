-- Offers (Angebote), offices (Dienststellen) and responsibility (Zuständigkeit): how each tenant
-- provides a service of the catalog, where, and which tenant serves which municipality's residents.
-- Module: src/modules/offers.
--
-- Tenancy (docs/adr/0005): every table below is owned by a tenant and carries `tenant_id` in its
-- primary key, every unique constraint and every foreign key between tenant-owned tables, so a
-- later Citus distribution by tenant_id keeps each tenant's rows and their references on one node
-- (references to `tenants`, `services` and `ozg_maturity_models` go to reference tables).
--
-- Public reads across tenants. Citizens are anonymous and look at every tenant's offers (the Kreis
-- serves Augustdorf's residents for a building permit, Detmold serves its own), so the pages read
-- offers and offices with no tenant in scope. Two permissive policies per table do this:
--   * `…_public_read` (SELECT only): published rows are visible to everyone, in any scope. What is
--     published is public information by nature (office addresses, opening hours, fees) and holds
--     no personal data: offices are organisational units, never named employees.
--   * `…_own_tenant` (ALL commands): the acting tenant sees its drafts and is the only one that
--     can insert, update or delete, and only rows with its own tenant_id (USING + WITH CHECK).
-- PostgreSQL ORs permissive policies per command: SELECT = published OR own; UPDATE/DELETE only
-- reach own rows (a foreign row is silently not matched); INSERT/UPDATE of a row with another
-- tenant's id fails the WITH CHECK. The back office additionally filters on its own tenant_id so
-- an edit page never opens a foreign published offer.

-- Maturity models of the OZG (Reifegradmodell). Reference data: the level of an offer is only
-- meaningful together with the model that defines it, and the classic model (0–4, OZG-conform
-- from level 3) was revised in 2025 with more levels; a later migration adds that model by name.
create table ozg_maturity_models (
  name text primary key check (name <> ''),
  min_level smallint not null,
  max_level smallint not null,
  -- The first level at which a service counts as implemented in the sense of the OZG.
  conform_from smallint,
  check (min_level <= max_level),
  check (conform_from between min_level and max_level)
);
comment on table ozg_maturity_models is 'reference: shared by every tenant';
grant select on ozg_maturity_models to kreisportal_app;
insert into ozg_maturity_models (name, min_level, max_level, conform_from)
values ('OZG-Reifegradmodell (klassisch)', 0, 4, 3);

-- Offices (Dienststellen): where citizens go, write or call.
create table offices (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  street text not null check (length(street) between 1 and 200),
  postcode text not null check (postcode ~ '^[0-9]{5}$'),
  city text not null check (length(city) between 1 and 100),
  -- Opening hours per ISO weekday (1 = Monday): [{"day": 1, "opens": "08:00", "closes": "12:00"}, …]
  -- (src/modules/offers/opening-hours.ts checks the shape; the note holds what a table cannot say).
  opening_hours jsonb not null default '[]' check (jsonb_typeof(opening_hours) = 'array'),
  opening_hours_note text,
  phone text,
  email text check (email ~ '^[^\s@]+@[^\s@]+\.[^\s@]+$'),
  website text check (website ~ '^https?://'),
  published boolean not null default true,
  demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  -- Names are unique within a tenant: staff pick offices by name, the demo seed finds them by name.
  constraint offices_name_key unique (tenant_id, name)
);
alter table offices enable row level security;
create policy offices_public_read on offices for select using (published);
create policy offices_own_tenant on offices
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update, delete on offices to kreisportal_app;

-- Offers (Angebote): a catalog service as one tenant provides it. One offer per tenant and service.
create table offers (
  tenant_id uuid not null references tenants (id),
  service_key text not null references services (key),
  office_id uuid,
  -- Fee in cents: null = no amount stated (see fee_text), 0 = free of charge.
  fee_cents integer check (fee_cents between 0 and 100000000),
  fee_text text,
  processing_time_text text,
  processing_days integer check (processing_days between 0 and 3650),
  required_documents jsonb not null default '[]' check (jsonb_typeof(required_documents) = 'array'),
  online_available boolean not null default false,
  online_url text check (online_url ~ '^https?://'),
  maturity_level smallint,
  maturity_model text references ozg_maturity_models (name),
  published boolean not null default true,
  demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, service_key),
  -- With tenant_id in the key an offer can only name an office of its own tenant.
  foreign key (tenant_id, office_id) references offices (tenant_id, id),
  check (not online_available or online_url is not null),
  check ((maturity_level is null) = (maturity_model is null))
);
create index offers_service on offers (service_key);
alter table offers enable row level security;
create policy offers_public_read on offers for select using (published);
create policy offers_own_tenant on offers
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update, delete on offers to kreisportal_app;

-- A level means nothing outside its model's range; a check constraint cannot look it up.
create function offers_check_maturity() returns trigger language plpgsql as $$
begin
  if new.maturity_model is not null and not exists (
    select 1 from ozg_maturity_models m
    where m.name = new.maturity_model and new.maturity_level between m.min_level and m.max_level
  ) then
    raise exception 'maturity level % is outside the range of %', new.maturity_level, new.maturity_model
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger offers_maturity before insert or update on offers
  for each row execute function offers_check_maturity();

-- Responsibility rules (Zuständigkeit) as data: for a service, which tenant serves the residents
-- of a municipality. Owned by the district (Kreis) that keeps the register for its municipalities:
-- who is competent follows from state law (e.g. BauO NRW § 57 for building permits), not from a
-- municipality's own choice. Without a rule the residents' own municipality is responsible.
-- A rule on a Leistungsobjekt key (the 8-digit object + '000000') covers all its Verrichtungen;
-- a rule on a full key overrides it for that one service.
create table responsibility_rules (
  tenant_id uuid not null references tenants (id),
  service_key text not null references services (key),
  municipality_id uuid not null references tenants (id),
  responsible_tenant_id uuid not null references tenants (id),
  -- Why: the norm that assigns the competence, as a citation.
  legal_basis text,
  demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, service_key, municipality_id)
);
create index responsibility_rules_lookup on responsibility_rules (municipality_id, service_key);
alter table responsibility_rules enable row level security;
-- Who is responsible for whom is public law; everyone may read every rule.
create policy responsibility_rules_public_read on responsibility_rules for select using (true);
create policy responsibility_rules_own_tenant on responsibility_rules
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update, delete on responsibility_rules to kreisportal_app;

-- Only a district keeps rules, only for its own municipalities, and only names itself or one of
-- them as responsible (a municipality serving a neighbour's residents by agreement is allowed).
create function responsibility_rules_check() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from tenants where id = new.tenant_id and kind = 'kreis') then
    raise exception 'responsibility rules are kept by a district (Kreis)' using errcode = 'check_violation';
  end if;
  if not exists (select 1 from tenants where id = new.municipality_id and parent_id = new.tenant_id) then
    raise exception 'municipality % does not belong to district %', new.municipality_id, new.tenant_id
      using errcode = 'check_violation';
  end if;
  if new.responsible_tenant_id <> new.tenant_id
     and not exists (select 1 from tenants where id = new.responsible_tenant_id and parent_id = new.tenant_id) then
    raise exception 'responsible tenant % is neither district % nor one of its municipalities', new.responsible_tenant_id, new.tenant_id
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger responsibility_rules_valid before insert or update on responsibility_rules
  for each row execute function responsibility_rules_check();
