import type { Database } from '../../platform/db/database.ts';
import type { PeriodicTask } from '../../platform/jobs/periodic.ts';
import { recordMaturitySnapshots } from './dashboard.ts';
import { berlinToday } from './overview.ts';

/**
 * The daily snapshot of maturity counts for the OZG dashboard's history. Runs hourly: the first
 * run of a day writes the day's row, later runs refresh it (idempotent, so several processes may
 * each run it), and a day the server was down simply has no point.
 */
export function ozgSnapshotTask(db: Database): PeriodicTask {
  return { name: 'ozg.snapshot', intervalMs: 3600_000, run: () => recordMaturitySnapshots(db, berlinToday()) };
}
