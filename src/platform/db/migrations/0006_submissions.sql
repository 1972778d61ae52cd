-- Drafts and submissions of citizens' applications (Anträge). Modules: src/modules/submissions,
-- src/modules/forms/web.
--
-- Tenancy (docs/adr/0005): tenant_id leads every key, so a Citus distribution by tenant_id keeps a
-- draft, its submission and the form version they refer to on one node. Both tables hold personal
-- data and are visible to their own tenant only (one policy, no public read).
--
-- A draft belongs to a browser, not to an account: the citizen's cookie holds a random token and
-- only its SHA-256 is stored (a database leak does not let anyone resume a draft). A signed-in
-- citizen's draft also names the user. A draft keeps the form version it was started on, even
-- when a newer version is published meanwhile: the answers were given to those questions.
--
-- No foreign key to form_versions: it would make `truncate form_versions` fail on the reference
-- instead of reaching the guard trigger of 0005, and it adds nothing, since (form_id, version)
-- always names a published version, which that trigger keeps from being changed or deleted.

create table form_drafts (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  form_id uuid not null,
  version integer not null,
  answers jsonb not null default '{}' check (jsonb_typeof(answers) = 'object'),
  token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null,
  -- Set when the draft became a submission; its answers are then emptied (they live on in the
  -- submission), the row stays so a repeated "absenden" finds the submission it already made.
  submitted_at timestamptz,
  primary key (tenant_id, id)
);
-- One open draft per browser and form: "Antrag starten" replaces it.
create unique index form_drafts_open on form_drafts (tenant_id, form_id, token_hash) where submitted_at is null;
create index form_drafts_expiry on form_drafts (expires_at);
alter table form_drafts enable row level security;
create policy form_drafts_own_tenant on form_drafts
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update, delete on form_drafts to kreisportal_app;

create table submissions (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  -- What the citizen quotes on the phone: readable, unique within the tenant.
  reference text not null check (reference ~ '^[A-Z0-9-]{6,40}$'),
  form_id uuid not null,
  version integer not null,
  -- Pruned answers only: what the form did not ask in this case is not kept (Art. 5 (1) c DSGVO).
  answers jsonb not null check (jsonb_typeof(answers) = 'object'),
  submitted_at timestamptz not null default now(),
  -- Unique: a double click or a retried request cannot turn one draft into two submissions.
  draft_id uuid not null,
  -- The browser that submitted (hash of its draft token), so only it can open the receipt.
  token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid references users (id),
  primary key (tenant_id, id),
  constraint submissions_reference_key unique (tenant_id, reference),
  constraint submissions_draft_key unique (tenant_id, draft_id)
);
alter table submissions enable row level security;
create policy submissions_own_tenant on submissions
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert on submissions to kreisportal_app;
