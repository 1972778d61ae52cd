/**
 * The inbox's query string, read strictly: an unknown status, a malformed date or cursor is
 * reported or ignored, never passed to SQL. Also writes the query back for links (tabs, next page).
 */
import { parseDate } from '../../forms/runtime/dates.ts';
import type { InboxFilter, InboxSort } from '../inbox-query.ts';
import { uuidPattern } from '../office-access.ts';
import { isCaseStatus } from '../workflow.ts';

export type InboxQuery = Record<string, string | string[] | undefined>;

export type InboxParams = {
  filter: InboxFilter;
  sort: InboxSort;
  cursor: string | undefined;
  /** The raw texts as typed, to show them again. */
  raw: Record<string, string>;
  errors: { field: string; code: 'invalid_date' }[];
};

const names = ['q', 'status', 'zustaendig', 'dienststelle', 'leistung', 'ueberfaellig', 'von', 'bis', 'sortierung'] as const;

function single(value: string | string[] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.slice(0, 200) : '';
}

export function readInboxParams(query: InboxQuery, userId: string): InboxParams {
  const raw: Record<string, string> = {};
  for (const name of names) raw[name] = single(query[name]).trim();
  const filter: InboxFilter = {};
  const errors: InboxParams['errors'] = [];
  if (raw.q) filter.query = raw.q;
  if (isCaseStatus(raw.status)) filter.status = raw.status;
  if (raw.zustaendig === 'ich') filter.assignee = userId;
  else if (raw.zustaendig === 'niemand') filter.assignee = 'none';
  if (raw.dienststelle && uuidPattern.test(raw.dienststelle)) filter.officeId = raw.dienststelle;
  if (raw.leistung && /^\d{14}$/.test(raw.leistung)) filter.serviceKey = raw.leistung;
  if (raw.ueberfaellig === 'ja') filter.overdue = true;
  for (const [name, key] of [['von', 'receivedFrom'], ['bis', 'receivedTo']] as const) {
    const text = raw[name];
    if (!text) continue;
    const day = parseDate(text);
    if (day) filter[key] = day;
    else errors.push({ field: name, code: 'invalid_date' });
  }
  return { filter, sort: raw.sortierung === 'aelteste' ? 'oldest' : 'newest', cursor: single(query.nach) || undefined, raw, errors };
}

/** The inbox address with these parameters (empty ones left out), optionally overriding some. */
export function inboxHref(raw: Record<string, string>, overrides: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...raw, ...overrides })) if (value) params.set(name, value);
  const text = params.toString();
  return `/verwaltung/vorgaenge${text ? `?${text}` : ''}`;
}
