-- A browser's drafts of a form, open or sent: the lookup of every application step and of
-- "absenden" (src/modules/submissions/drafts.ts, latestDraft) asks for the latest draft of
-- (tenant, form, browser token) whether or not it was sent, so a repeated "absenden" finds the
-- receipt. The partial unique index of migration 0006 covers open drafts only and cannot answer
-- that; without this index the lookup read all of a tenant's unexpired drafts (sent drafts are kept),
-- about 6 ms at 1,500 of them and growing with every application.
create index form_drafts_browser on form_drafts (tenant_id, form_id, token_hash, created_at desc);
