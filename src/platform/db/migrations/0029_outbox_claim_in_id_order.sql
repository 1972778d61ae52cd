-- The worker claims due jobs in the order they were written (src/platform/jobs/worker.ts).
--
-- Why: a job that is done keeps its entry in the partial index of open jobs until VACUUM removes
-- it, and the claim of migration 0001's index (run_at) was answered by a bitmap scan plus a sort,
-- which visits every such entry on every claim and never marks one as dead: after a burst of
-- 4,000 submissions an empty claim took 6-12 ms (docs/benchmarks.md notes). An index in the
-- claim's own order is read as an ordered index scan that stops at the batch size, and a plain
-- index scan marks the entries of dead rows it meets, so the next claim skips them.
drop index outbox_due;
create index outbox_open on outbox (id) where done_at is null;
