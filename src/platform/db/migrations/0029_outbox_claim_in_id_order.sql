-- The worker claims due jobs oldest first by id (src/platform/jobs/worker.ts), through a partial
-- index of open jobs in that order.
--
-- Why: a job that is done keeps its entry in the partial index of open jobs until VACUUM removes
-- it, and every claim visits those entries. With migration 0001's index on run_at, an empty claim
-- after a burst of 4,000 submissions took 6 ms on average (bitmap scan over ~7,400 entries and
-- ~2,000 table pages); with this index in the claim's own order it took 1.5 ms in the same run
-- (PostgreSQL statement log of `npm run bench -- --only submit`).
drop index outbox_due;
create index outbox_open on outbox (id) where done_at is null;
