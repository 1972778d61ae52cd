-- Handing a case to the authority that is really responsible (Abgabe, § 3 VwVfG: the competent
-- authority decides; an application received by the wrong one is passed on, not refused).
-- Module: src/modules/cases (transfer.ts).
--
-- The receiving tenant gets its own copy of the submission (and of its files' rows; the blobs are
-- shared by content address), so that its staff read it under their own RLS scope and the sending
-- tenant's records stay complete and unchanged. The copy names the tenant whose published form
-- version the answers were given to (`form_tenant_id`): published versions are readable by every
-- tenant (migration 0005), so the receiving case still shows the exact questions.

alter table submissions add column form_tenant_id uuid references tenants (id);
alter table submissions add column transferred_from_tenant_id uuid references tenants (id);
alter table submissions add column transferred_from_submission_id uuid;
create unique index submissions_transfer_once on submissions (tenant_id, transferred_from_tenant_id, transferred_from_submission_id)
  where transferred_from_submission_id is not null;

alter table cases drop constraint cases_status_check;
alter table cases add constraint cases_status_check
  check (status in ('eingegangen', 'in_pruefung', 'rueckfrage', 'entschieden', 'abgeschlossen', 'zurueckgezogen', 'abgegeben'));
alter table cases add column transferred_to_tenant_id uuid references tenants (id);
alter table cases add column transferred_from_tenant_id uuid references tenants (id);
