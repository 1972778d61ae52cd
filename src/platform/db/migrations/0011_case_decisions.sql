-- The decision (Bescheid) of a case, its four-eyes approval, and per-service case settings.
-- Module: src/modules/cases/decisions.
--
-- A Bescheid is a written administrative act (Verwaltungsakt, § 35 VwVfG). It must name the
-- issuing authority and carry a signature or name rendering (§ 37 Abs. 3 VwVfG), a statement of
-- reasons (§ 39 VwVfG) and, being open to challenge, instructions on legal remedies
-- (Rechtsbehelfsbelehrung, § 37 Abs. 6 VwVfG; without it the deadline for an action grows from
-- one month to one year, § 58 Abs. 2 VwGO). It takes effect by notification (§ 41, § 43 VwVfG).
--
-- Tenancy (docs/adr/0005): tenant_id leads every key; visible to the own tenant only, issued
-- decisions also to their applicant (SELECT only).

-- How a tenant decides one service: whether decisions need a second person's approval, the
-- template of the decision text, and the processing days when they differ from the offer's.
create table case_settings (
  tenant_id uuid not null references tenants (id),
  service_key text not null references services (key),
  -- Vier-Augen-Prinzip: an organisational rule of the authority (Dienstanweisung), per service.
  four_eyes boolean not null default false,
  -- Templates with placeholders ({name}, {aktenzeichen}, {antwort:feldId}, …; see
  -- src/modules/cases/decisions/placeholders.ts). German is the official language (§ 23 VwVfG);
  -- the English template is optional.
  tenor_de text check (length(tenor_de) <= 20000),
  reasons_de text check (length(reasons_de) <= 50000),
  tenor_en text check (length(tenor_en) <= 20000),
  reasons_en text check (length(reasons_en) <= 50000),
  -- A service-specific Rechtsbehelfsbelehrung (e.g. where a Widerspruch is still open); else the tenant's.
  legal_remedy_de text check (length(legal_remedy_de) <= 10000),
  -- Overrides offers.processing_days for the due date of new cases (§ 42a VwVfG).
  processing_days integer check (processing_days between 0 and 3650),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id),
  primary key (tenant_id, service_key)
);
alter table case_settings enable row level security;
create policy case_settings_own_tenant on case_settings
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update on case_settings to kreisportal_app;

-- The tenant's default Rechtsbehelfsbelehrung. Without a row the code offers a default for the
-- competent administrative court (Kreis Lippe: Verwaltungsgericht Minden).
create table case_tenant_settings (
  tenant_id uuid not null references tenants (id),
  legal_remedy_de text not null check (length(btrim(legal_remedy_de)) between 1 and 10000),
  legal_remedy_en text check (length(legal_remedy_en) <= 10000),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id),
  primary key (tenant_id)
);
alter table case_tenant_settings enable row level security;
create policy case_tenant_settings_own_tenant on case_tenant_settings
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
grant select, insert, update on case_tenant_settings to kreisportal_app;

create table case_decisions (
  tenant_id uuid not null,
  case_id uuid not null,
  id uuid not null default gen_random_uuid(),
  language text not null default 'de' check (language in ('de', 'en')),
  outcome text not null check (outcome in ('bewilligt', 'teilweise_bewilligt', 'abgelehnt')),
  -- Tenor (the operative part) and Begründung (reasons).
  tenor text not null check (length(btrim(tenor)) between 1 and 20000),
  reasons text not null default '' check (length(reasons) <= 50000),
  legal_remedy text not null check (length(btrim(legal_remedy)) between 1 and 10000),
  status text not null default 'draft' check (status in ('draft', 'awaiting_approval', 'issued')),
  -- Whether this decision needs a second person: copied from case_settings when it is drafted and
  -- submitted; the guard below refuses a decision without it while the service requires it.
  four_eyes boolean not null,
  -- Who wrote the text last: the approver must be someone else.
  drafted_by uuid not null references users (id),
  drafted_at timestamptz not null default now(),
  submitted_at timestamptz,
  -- The last return to the drafter, with the approver's comment.
  returned_by uuid references users (id),
  returned_at timestamptz,
  return_comment text check (length(return_comment) <= 5000),
  approved_by uuid references users (id),
  approved_at timestamptz,
  issued_at timestamptz,
  -- The issued PDF in the blob store (content address).
  pdf_sha256 text check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, case_id, id),
  -- One decision per case for now; amending or revoking decisions (§§ 48, 49 VwVfG) would add more.
  constraint case_decisions_case_key unique (tenant_id, case_id),
  foreign key (tenant_id, case_id) references cases (tenant_id, id),
  -- § 39 Abs. 2 Nr. 1 VwVfG: reasons may be left out only where the application is granted in
  -- full. A draft may still lack them.
  constraint case_decisions_reasons check (outcome = 'bewilligt' or status = 'draft' or length(btrim(reasons)) > 0),
  -- Four eyes: nobody approves their own text, and a four-eyes decision is issued only approved.
  constraint case_decisions_not_own_approval check (approved_by is null or approved_by <> drafted_by),
  constraint case_decisions_approval_pair check ((approved_by is null) = (approved_at is null)),
  constraint case_decisions_four_eyes check (not four_eyes or status <> 'issued' or approved_by is not null),
  constraint case_decisions_issued check ((status = 'issued') = (issued_at is not null and pdf_sha256 is not null))
);
alter table case_decisions enable row level security;
create policy case_decisions_own_tenant on case_decisions
  using (tenant_id = app_tenant_id())
  with check (tenant_id = app_tenant_id());
-- The applicant reads their own issued decision (drafts stay internal), like migration 0009.
create policy case_decisions_own_applicant on case_decisions for select using (
  status = 'issued' and exists (
    select 1 from cases c
    where c.tenant_id = case_decisions.tenant_id and c.id = case_decisions.case_id
      and c.applicant_user_id is not null and c.applicant_user_id = app_user_id()));
grant select, insert, update on case_decisions to kreisportal_app;

-- Issued decisions are immutable, for the owner too (row triggers fire for every role): what was
-- notified is what stays on file. Changing an issued Bescheid is a new administrative act. The
-- guard also refuses to issue without approval while the service's settings require four eyes,
-- whatever the row's own flag says.
create function case_decisions_guard() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = 'issued' then
    raise exception 'issued decision % of case % is immutable', old.id, old.case_id
      using errcode = 'integrity_constraint_violation';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'UPDATE' and (new.tenant_id <> old.tenant_id or new.case_id <> old.case_id or new.id <> old.id) then
    raise exception 'a decision keeps its tenant, case and id' using errcode = 'integrity_constraint_violation';
  end if;
  if new.status = 'issued' and new.approved_by is null and exists (
    select 1 from cases c join case_settings s on s.tenant_id = c.tenant_id and s.service_key = c.service_key
    where c.tenant_id = new.tenant_id and c.id = new.case_id and s.four_eyes) then
    raise exception 'decision % needs the approval of a second person (four eyes)', new.id
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger case_decisions_guarded before insert or update or delete on case_decisions
  for each row execute function case_decisions_guard();

create function case_decisions_forbid_truncate() returns trigger language plpgsql as $$
begin
  raise exception 'case_decisions cannot be truncated (issued decisions are immutable)'
    using errcode = 'integrity_constraint_violation';
end
$$;
create trigger case_decisions_no_truncate before truncate on case_decisions
  for each statement execute function case_decisions_forbid_truncate();
