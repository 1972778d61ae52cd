-- Service catalog: the OZG taxonomy (Themenfeld > Lebenslage > OZG-Leistung) and the LeiKa
-- services (Leistungskatalog der öffentlichen Verwaltung) below it. Reference data shared by
-- every tenant: no tenant_id, no RLS, read-only for the application role (docs/adr/0005).
-- Written by `kreisportal catalog import` (src/modules/catalog/import-catalog.ts) as the owner.
--
-- Every catalog table keeps a row that disappears from the source (retired_at is set instead of
-- deleting it), so later tenant data can reference services without a re-import breaking it.
-- source_hash is the SHA-256 of the row's imported content: an import rewrites only rows whose
-- hash (or slug) changed.

create table themenfelder (
  id integer primary key,
  name text not null,
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  source_hash text not null,
  imported_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz,
  -- Deferred: one import may move a slug from one row to another (see src/modules/catalog/slug.ts).
  constraint themenfelder_slug_key unique (slug) deferrable initially deferred
);
comment on table themenfelder is 'reference: shared by every tenant';
grant select on themenfelder to kreisportal_app;

create table lebenslagen (
  id integer primary key,
  name text not null,
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  themenfeld_id integer not null references themenfelder (id),
  source_hash text not null,
  imported_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz,
  constraint lebenslagen_slug_key unique (slug) deferrable initially deferred
);
create index lebenslagen_themenfeld on lebenslagen (themenfeld_id);
comment on table lebenslagen is 'reference: shared by every tenant';
grant select on lebenslagen to kreisportal_app;

-- OZG-Leistungen as numbered by the OZG-Umsetzungskatalog (ozg_id 10000–10601 in 2019).
create table ozg_leistungen (
  ozg_id integer primary key check (ozg_id > 0),
  name text not null,
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  lebenslage_id integer not null references lebenslagen (id),
  source_hash text not null,
  imported_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz,
  constraint ozg_leistungen_slug_key unique (slug) deferrable initially deferred
);
create index ozg_leistungen_lebenslage on ozg_leistungen (lebenslage_id);
comment on table ozg_leistungen is 'reference: shared by every tenant';
grant select on ozg_leistungen to kreisportal_app;

-- LeiKa services. `key` is the 14-digit Leistungsschlüssel (99 + Leistungsgruppierung (3) +
-- Leistungskennung (3) + Verrichtungskennung (3) + Verrichtungsdetail (3)), or for a service the
-- source lists as "nicht im LeiKa" a local key 'L' + 13 hex digits derived from its content.
create table services (
  key text primary key check (key ~ '^(99[0-9]{12}|L[0-9a-f]{13})$'),
  name text not null check (name <> ''),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  -- LeiKa Typisierung as the source writes it ('1', '2/3', '4', '1, 2/3' ...): who regulates and who executes.
  typisierung text,
  ozg_id integer references ozg_leistungen (ozg_id),
  -- Digits 9–11 of a LeiKa key; null for local keys. '000' is the Leistungsobjekt without a Verrichtung.
  verrichtung_code text generated always as (case when left(key, 2) = '99' then substr(key, 9, 3) end) stored,
  verrichtung text,
  -- The legal basis as written, and parsed: [{"citation": "§ 882g ZPO", "url": "http://..."}].
  legal_basis text,
  legal_references jsonb not null default '[]' check (jsonb_typeof(legal_references) = 'array'),
  -- The laws named: [{"name": "Zivilprozessordnung", "abbreviation": "ZPO"}].
  laws jsonb not null default '[]' check (jsonb_typeof(laws) = 'array'),
  -- German full-text search over the name (snowball stemming: "Abdrucke" finds "Abdruck").
  search_vector tsvector generated always as (to_tsvector('german'::regconfig, name)) stored,
  source_hash text not null,
  imported_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retired_at timestamptz,
  constraint services_slug_key unique (slug) deferrable initially deferred
);
create index services_ozg on services (ozg_id);
create index services_search on services using gin (search_vector);
comment on table services is 'reference: shared by every tenant';
grant select on services to kreisportal_app;

-- One row per import run: which source files (by SHA-256) and what changed. Operations data,
-- not visible to the application role.
create table catalog_imports (
  id bigint generated always as identity primary key,
  started_at timestamptz not null,
  finished_at timestamptz not null default now(),
  source_hashes jsonb not null,
  created integer not null,
  updated integer not null,
  unchanged integer not null,
  retired integer not null,
  skipped_rows integer not null,
  duplicate_rows integer not null,
  -- Counts per table and the skipped and duplicate source rows with their row numbers.
  details jsonb not null
);
comment on table catalog_imports is 'global: the import runs of the shared service catalog';
