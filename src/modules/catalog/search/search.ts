import type { Queryable } from '../../../platform/db/database.ts';
import { planQuery } from './query-plan.ts';
import { searchStatement, type SearchRow } from './search-query.ts';

/** A service found, in the order the search ranks them. */
export type ServiceHit = {
  key: string;
  name: string;
  slug: string;
  /** The OZG-Leistung the service belongs to, shown as context; null when it has none. */
  ozgLeistung: string | null;
  score: number;
};

export type SearchResult = {
  /** Every matching service, not only this page's. */
  total: number;
  hits: ServiceHit[];
};

export type SearchOptions = { limit?: number; offset?: number };

export const maxPageSize = 50;

const empty: SearchResult = { total: 0, hits: [] };

/**
 * Searches the current services by what a citizen types: German words in any spelling, parts of
 * words while typing, typos, compounds and colloquial words (see search-query.ts for the ranking).
 * One SQL statement; an empty query (or only stop words) finds nothing without asking the database.
 * Results past `maxPageSize` come page by page (`offset`); `total` counts them all.
 */
export async function searchServices(tx: Queryable, query: string, options: SearchOptions = {}): Promise<SearchResult> {
  const plan = planQuery(query);
  if (!plan) return empty;
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20), 1), maxPageSize);
  const offset = Math.max(Math.trunc(options.offset ?? 0), 0);
  const rows = await tx.query<SearchRow>(searchStatement(plan, { limit, offset }));
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && offset > 0) {
    // A page past the end carries no count; only then does a second statement ask for it.
    const [first] = await tx.query<SearchRow>(searchStatement(plan, { limit: 1, offset: 0 }));
    total = first?.total ?? 0;
  }
  return {
    total,
    hits: rows.map((row) => ({ key: row.key, name: row.name, slug: row.slug, ozgLeistung: row.ozg_name, score: Number(row.score) })),
  };
}

/**
 * What decides a search's result: its plan (the same for "Hund", " hund" and "HUND") and the page.
 * Queries that plan to nothing share one key.
 */
export function searchCacheKey(query: string, options: SearchOptions = {}): string {
  return JSON.stringify([planQuery(query), options.limit ?? 20, options.offset ?? 0]);
}

export type Suggestion = { key: string; name: string; slug: string };

export const suggestionCount = 8;

/** The first few hits for the search field's suggestion list. */
export async function suggestServices(tx: Queryable, query: string): Promise<Suggestion[]> {
  const { hits } = await searchServices(tx, query, { limit: suggestionCount });
  return hits.map(({ key, name, slug }) => ({ key, name, slug }));
}
