-- What a citizen may see of their own applications across municipalities, and resuming a draft
-- from a link sent by e-mail. Modules: src/modules/submissions, src/modules/forms/web.
--
-- "Meine Anträge" lists a signed-in citizen's drafts and submissions of every tenant at once. The
-- tenant policies of 0006 only open rows of the acting tenant; these SELECT-only policies add the
-- applicant's own rows in any scope (PostgreSQL ORs permissive policies per command). They never
-- allow a write: changing a draft still happens in the scope of the form's tenant.

create policy form_drafts_own_applicant on form_drafts for select
  using (user_id is not null and user_id = app_user_id());
create policy submissions_own_applicant on submissions for select
  using (user_id is not null and user_id = app_user_id());

-- "Speichern und später fortsetzen" (GOV.UK save-and-return): an anonymous applicant asks for a
-- link by e-mail; opening it moves the draft to the browser that opened it. Only the SHA-256 of
-- the link's secret is stored; the link works once and expires with its own, shorter lifetime.
alter table form_drafts add column resume_token_hash text check (resume_token_hash ~ '^[0-9a-f]{64}$');
alter table form_drafts add column resume_expires_at timestamptz;
alter table form_drafts add constraint form_drafts_resume_pair
  check ((resume_token_hash is null) = (resume_expires_at is null));
create unique index form_drafts_resume_token on form_drafts (tenant_id, resume_token_hash) where resume_token_hash is not null;
-- Meine Anträge: a user's drafts and submissions, newest first.
create index form_drafts_user on form_drafts (user_id, updated_at desc) where user_id is not null;
create index submissions_user on submissions (user_id, submitted_at desc) where user_id is not null;
