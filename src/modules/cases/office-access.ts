import { sql, type SqlFragment } from '../../platform/db/sql.ts';

/** Which offices' cases a staff member sees; `all` for administrators and staff without office. */
export type OfficeAccess = 'all' | readonly string[];

/** The SQL condition on cases `c` for an office access (unrouted cases are everyone's). */
export function officeCondition(access: OfficeAccess): SqlFragment {
  return access === 'all' ? sql`true` : sql`(c.office_id is null or c.office_id = any(${[...access]}::uuid[]))`;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
