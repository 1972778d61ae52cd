/**
 * The inbox: a tenant's cases, filtered, newest (or oldest) first, one page at a time. Pages are
 * cut by keyset (received_at, id), not by offset, so page 2,000 costs what page 1 costs: the
 * indexes of migration 0009 lead with (tenant_id, [filter column,] received_at, id).
 *
 * A full-text search takes its candidates from cases_search_candidates (migration 0023): under
 * RLS the app role cannot use the GIN index on cases.search, and a rare word read every case of
 * the tenant. The candidates are case ids only; the page is selected, filtered (office access,
 * every filter, the search itself) and sorted here, as the app role, under RLS.
 */
import type { Queryable } from '../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import type { CaseStatus } from './workflow.ts';
import { officeCondition, type OfficeAccess } from './office-access.ts';

export type InboxSort = 'newest' | 'oldest';

export type InboxFilter = {
  status?: CaseStatus;
  serviceKey?: string;
  officeId?: string;
  /** A user id, or `none` for unassigned cases. */
  assignee?: string;
  overdue?: boolean;
  /** Received on or after this day / on or before this day (ISO dates, Europe/Berlin). */
  receivedFrom?: string;
  receivedTo?: string;
  /** Applicant name, reference number or words from the answers. */
  query?: string;
};

export type InboxRow = {
  id: string;
  reference: string;
  formTitle: string;
  applicantName: string;
  status: CaseStatus;
  officeId: string | null;
  assigneeId: string | null;
  receivedAt: Date;
  dueAt: Date | null;
};

export type InboxPage = { rows: InboxRow[]; next: string | undefined };

export const inboxPageSize = 50;

/**
 * Bounds of a full-text search (cases_search_candidates, migration 0023). The function applies
 * the office access and the status itself, so without other filters the next `inboxPageSize + 1`
 * matches after the cursor are exactly the page. With filters it cannot apply (service, assignee,
 * overdue, dates) it returns up to `searchWindow` matches in the inbox's order; when these hold
 * fewer than a page of cases that pass the filters, the page shows those and its "next" link
 * continues after the last match looked at (a case the caseworker may see): the pages together
 * list every match, in order, none twice; a page may just hold fewer than 50 cases (even none).
 */
export const searchWindow = 500;

/**
 * The tab counts of a search count at most `searchCountCap + 1` matches (the office access
 * applied): beyond that the counts are `capped` and the tabs say "99+", as the badges beside the
 * inbox do (inbox-extras.ts), instead of counting every case a common word matches ("Antrag"
 * matches all 400,000 cases of the Kreis; 1,000 matches of a street took up to 100 ms to count).
 */
export const searchCountCap = 99;
const referencePattern = /^[A-Z0-9]{2,10}(-[A-Z0-9]+){1,3}$/i;

/** Cursor: the last row's exact timestamp (microseconds, as text) and id, base64url-encoded. */
function encodeCursor(receivedAt: string, id: string): string {
  return Buffer.from(`${receivedAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { receivedAt: string; id: string } | undefined {
  if (!cursor || cursor.length > 200) return undefined;
  const [receivedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!receivedAt || !id) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(receivedAt)) return undefined;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return undefined;
  return { receivedAt, id };
}

/**
 * The conditions every inbox query shares (all but the status filter, which the counts leave out).
 * With a search, they alone are the query the inbox ran before migration 0023 (the search as a
 * plain filter); inbox-search.test.ts compares the candidate path with it.
 */
export function conditions(tenantId: string, filter: InboxFilter, access: OfficeAccess): SqlFragment[] {
  const where: SqlFragment[] = [sql`c.tenant_id = ${tenantId}`, officeCondition(access)];
  if (filter.serviceKey) where.push(sql`c.service_key = ${filter.serviceKey}`);
  if (filter.officeId) where.push(sql`c.office_id = ${filter.officeId}::uuid`);
  if (filter.assignee === 'none') where.push(sql`c.assignee_id is null`);
  else if (filter.assignee) where.push(sql`c.assignee_id = ${filter.assignee}::uuid`);
  if (filter.overdue) where.push(sql`c.closed_at is null and c.status in ('eingegangen', 'in_pruefung', 'rueckfrage') and c.due_at < now()`);
  if (filter.receivedFrom) where.push(sql`c.received_at >= (${filter.receivedFrom}::date::timestamp at time zone 'Europe/Berlin')`);
  if (filter.receivedTo) where.push(sql`c.received_at < ((${filter.receivedTo}::date + 1)::timestamp at time zone 'Europe/Berlin')`);
  const query = filter.query?.trim();
  if (query) {
    if (referencePattern.test(query)) where.push(sql`c.reference = ${query.toUpperCase()}`);
    else where.push(sql`c.search @@ ${textQuery(query)}`);
  }
  return where;
}

/** Names were indexed unstemmed (simple), answers stemmed (german): either reading may match. */
function textQuery(query: string): SqlFragment {
  return sql`(websearch_to_tsquery('simple', ${query}) || websearch_to_tsquery('german', ${query}))`;
}

/** The words of a full-text search; undefined without one or for a reference number (an exact btree lookup). */
function fullTextOf(filter: InboxFilter): string | undefined {
  const query = filter.query?.trim();
  return query && !referencePattern.test(query) ? query : undefined;
}

/**
 * The office access of cases_search_candidates: the same cases as officeCondition(access) and the
 * office filter, never a case of an office the caseworker does not see.
 */
function candidateOffices(filter: InboxFilter, access: OfficeAccess): SqlFragment {
  if (filter.officeId) {
    const offices = access === 'all' || access.includes(filter.officeId) ? [filter.officeId] : [];
    return sql`${offices}::uuid[], false`;
  }
  return access === 'all' ? sql`null::uuid[], true` : sql`${[...access]}::uuid[], true`;
}

/** Filters cases_search_candidates does not apply (it applies the office access and the status). */
function narrowsBeyondCandidates(filter: InboxFilter): boolean {
  return Boolean(filter.serviceKey || filter.assignee || filter.overdue || filter.receivedFrom || filter.receivedTo);
}

type Row = {
  id: string;
  reference: string;
  form_title: string;
  applicant_name: string;
  status: CaseStatus;
  office_id: string | null;
  assignee_id: string | null;
  received_at: Date;
  received_key: string;
  due_at: Date | null;
};

/** `size`: rows per page, at most `inboxPageSize` (the case API lets its clients ask for fewer). */
export async function inboxPage(tx: Queryable, tenantId: string, filter: InboxFilter, access: OfficeAccess, sort: InboxSort, cursor?: string, size = inboxPageSize): Promise<InboxPage> {
  const pageSize = Math.max(1, Math.min(size, inboxPageSize));
  const where = conditions(tenantId, filter, access);
  if (filter.status) where.push(sql`c.status = ${filter.status}`);
  const after = decodeCursor(cursor);
  const newest = sort === 'newest';
  if (after) {
    where.push(newest
      ? sql`(c.received_at, c.id) < (${after.receivedAt}::timestamptz, ${after.id}::uuid)`
      : sql`(c.received_at, c.id) > (${after.receivedAt}::timestamptz, ${after.id}::uuid)`);
  }
  const order = newest ? sql`c.received_at desc, c.id desc` : sql`c.received_at asc, c.id asc`;
  const columns = sql`c.id, c.reference, c.form_title, c.applicant_name, c.status, c.office_id, c.assignee_id, c.received_at, c.due_at,
           to_char(c.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as received_key`;
  const text = fullTextOf(filter);
  let rows: Row[];
  let continueAfter: string | undefined;
  if (text === undefined) {
    rows = await tx.query<Row>(sql`
      select ${columns}
      from cases c
      where ${sql.join(where, sql` and `)}
      order by ${order}
      limit ${pageSize + 1}`);
  } else {
    // The next matches after the cursor, in the inbox's order (see `searchWindow`); `window_full`:
    // the bound was reached, so matches may follow the last one looked at (`last_key`, `last_id`).
    const window = narrowsBeyondCandidates(filter) ? searchWindow : pageSize + 1;
    const found = await tx.query<Partial<Row> & { window_full: boolean; last_key: string | null; last_id: string | null }>(sql`
      with candidates as materialized (
        select s.id, s.received_at, s.n
        from cases_search_candidates(${tenantId}, ${textQuery(text)}, ${candidateOffices(filter, access)}, ${filter.status ?? null}::text,
                                     ${newest}, ${after?.receivedAt ?? null}::timestamptz, ${after?.id ?? null}::uuid, ${window}::int)
             with ordinality as s (id, received_at, n)),
      last as (
        select count(*) = ${window} as window_full,
               (select to_char(l.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') from candidates l order by l.n desc limit 1) as last_key,
               (select l.id from candidates l order by l.n desc limit 1) as last_id
        from candidates),
      page as (
        select ${columns}
        from cases c
        where ${sql.join(where, sql` and `)} and c.id in (select id from candidates)
        order by ${order}
        limit ${pageSize + 1})
      select c.*, last.window_full, last.last_key, last.last_id
      from last left join page c on true
      order by ${order}`);
    rows = found.filter((row): row is Row & typeof row => typeof row.id === 'string');
    const meta = found[0];
    if (meta?.window_full && rows.length <= pageSize && meta.last_key && meta.last_id) continueAfter = encodeCursor(meta.last_key, meta.last_id);
  }
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({
      id: row.id,
      reference: row.reference,
      formTitle: row.form_title,
      applicantName: row.applicant_name,
      status: row.status,
      officeId: row.office_id,
      assigneeId: row.assignee_id,
      receivedAt: row.received_at,
      dueAt: row.due_at,
    })),
    next: rows.length > pageSize && last ? encodeCursor(last.received_key, last.id) : continueAfter,
  };
}

/** Filters the counter table of migration 0015 cannot answer: they need the cases themselves. */
function narrowsBeyondOffice(filter: InboxFilter): boolean {
  return Boolean(filter.serviceKey || filter.assignee || filter.overdue || filter.receivedFrom || filter.receivedTo || filter.query?.trim());
}

/** The tab counts; `capped`: a search matched more than `searchCountCap` cases, the counts are partial. */
export type StatusCounts = { counts: Map<CaseStatus, number>; capped: boolean };

/**
 * How many cases per status match the other filters (the tabs above the list). Without filters
 * beyond the office, from the counts kept per tenant, office and status (migration 0015): counting
 * a large tenant's cases on every page view read the whole table. With a full-text search, among
 * the first `searchCountCap + 1` matches (cases_search_candidates, migration 0023).
 */
export async function statusCounts(tx: Queryable, tenantId: string, filter: InboxFilter, access: OfficeAccess): Promise<StatusCounts> {
  const text = fullTextOf(filter);
  if (text !== undefined) {
    const rows = await tx.query<{ status: CaseStatus | null; count: number | null; capped: boolean }>(sql`
      with candidates as materialized (
        select s.id from cases_search_candidates(${tenantId}, ${textQuery(text)}, ${candidateOffices(filter, access)}, null::text,
                                                 null::boolean, null::timestamptz, null::uuid, ${searchCountCap + 1}::int) s),
      counts as (
        select c.status, count(*)::int as count from cases c
        where ${sql.join(conditions(tenantId, filter, access), sql` and `)} and c.id in (select id from candidates)
        group by c.status)
      select counts.status, counts.count, (select count(*) > ${searchCountCap} from candidates) as capped
      from (select 1) as one left join counts on true`);
    return {
      counts: new Map(rows.flatMap((row) => (row.status && row.count ? [[row.status, row.count] as const] : []))),
      capped: rows[0]?.capped ?? false,
    };
  }
  const rows = narrowsBeyondOffice(filter)
    ? await tx.query<{ status: CaseStatus; count: number }>(sql`
        select c.status, count(*)::int as count from cases c
        where ${sql.join(conditions(tenantId, filter, access), sql` and `)}
        group by c.status`)
    : await tx.query<{ status: CaseStatus; count: number }>(sql`
        select c.status, sum(c.cases)::int as count from case_status_counts c
        where c.tenant_id = ${tenantId} and ${officeCondition(access)}
          ${filter.officeId ? sql`and c.office_id = ${filter.officeId}::uuid` : sql``}
        group by c.status having sum(c.cases) > 0`);
  return { counts: new Map(rows.map((row) => [row.status, row.count])), capped: false };
}
