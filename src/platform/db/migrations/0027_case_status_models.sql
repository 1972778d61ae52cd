-- Status models per service (src/modules/cases/status-model/; decision: docs/adr/0012-status-model-per-service.md).
--
-- The phases of a case stay the fixed set of migration 0014 (everything else relies on them:
-- counts, due dates, withdrawal, decisions). What a tenant configures per service is the list of
-- work steps inside "in Prüfung" and three switches. Every change is a new version; versions are
-- never updated or deleted (no such grant), and a case names the version it was received with.

create table case_status_models (
  tenant_id uuid not null references tenants (id),
  service_key text not null references services (key),
  version integer not null check (version > 0),
  -- [{ "key": "ortstermin", "labelDe": "Ortstermin", "labelEn": "Site visit", "shownToApplicant": true }, …]
  steps jsonb not null default '[]' check (jsonb_typeof(steps) = 'array' and jsonb_array_length(steps) <= 12),
  queries boolean not null default true,
  direct_decision boolean not null default false,
  any_order boolean not null default false,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  primary key (tenant_id, service_key, version)
);
alter table case_status_models enable row level security;
create policy case_status_models_own_tenant on case_status_models
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on case_status_models to kreisportal_app;

-- The model version a case follows (null: the default model) and its current work step. Both
-- columns are null on every existing case, so adding them rewrites nothing.
alter table cases add column status_model_version integer;
alter table cases add column status_step text check (length(status_step) <= 40);
-- Not validated against existing rows: they are all null (MATCH SIMPLE never checks those).
alter table cases add constraint cases_status_model
  foreign key (tenant_id, service_key, status_model_version) references case_status_models (tenant_id, service_key, version) not valid;
