-- The weekly digest of the cooperation hub (src/modules/hub/digest.ts): one e-mail a week per hub
-- member with the past week's project status updates, ideas and meeting decisions and the
-- member's due action items. Tenancy as for the other hub tables (migration 0013, ADR 9).
--
-- One row per member, district and ISO week, written in the transaction that queues the mail in
-- the outbox: the primary key makes a second digest of the same week (another process, a restart,
-- the next hourly run) a conflict, so a member gets at most one digest a week. tenant_id is the
-- tenant the member acts for (the first of their coordinator tenants in the district by name);
-- the insert also looks for a row of the same week under any tenant of the district, so a
-- member whose roles changed during the week is not written to twice.
create table hub_digests (
  tenant_id uuid not null references tenants (id),
  user_id uuid not null references users (id),
  -- The ISO 8601 week in which the digest was sent, in German time: '2026-W49'.
  iso_week text not null check (iso_week ~ '^[0-9]{4}-W[0-9]{2}$'),
  -- What it listed (counts only: the items themselves are the hub's rows).
  status_updates integer not null check (status_updates >= 0),
  ideas integer not null check (ideas >= 0),
  decisions integer not null check (decisions >= 0),
  action_items integer not null check (action_items >= 0),
  sent_at timestamptz not null default now(),
  primary key (tenant_id, user_id, iso_week)
);
create index hub_digests_user_week on hub_digests (user_id, iso_week);

alter table hub_digests enable row level security;
create policy hub_digests_read on hub_digests for select using (app_is_hub_member_for(tenant_id));
create policy hub_digests_insert on hub_digests for insert
  with check (tenant_id = app_tenant_id() and app_is_hub_member_for(tenant_id));
-- A digest record is the member's own: not even their colleagues in the tenant see or write it.
create policy hub_digests_self on hub_digests as restrictive for all
  using (user_id = app_user_id()) with check (user_id = app_user_id());
-- Insert-only through the app role: a sent digest is not undone.
grant select, insert on hub_digests to kreisportal_app;
comment on table hub_digests is 'hub: the weekly digest sent to a member (one per member and ISO week), the member''s own';
