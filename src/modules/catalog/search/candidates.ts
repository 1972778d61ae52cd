import { sql, type SqlFragment } from '../../../platform/db/sql.ts';
import type { Concept, QueryPlan } from './query-plan.ts';
import { minPartLength, minTypoLength, tsQueryText } from './search-terms.ts';

/**
 * The services one concept finds directly, each branch one condition an index answers: a
 * full-text query with all its alternatives (GIN on search_vector), its word parts (GIN trigram
 * on search_name: one `like` per pattern, OR-ed, which the planner answers with a BitmapOr of
 * trigram index scans; GIN cannot serve `like any (array)`, which scanned every service), and the
 * services of a matching
 * OZG-Leistung (index on ozg_id). Separate branches rather than one `or`, so the planner takes an
 * index for each even without table statistics (a fresh import has none until ANALYZE).
 */
function directCandidates(concept: Concept, index: number): SqlFragment {
  const alternatives = concept.alternatives;
  const anyPrefix = alternatives.map((alternative) => `(${tsQueryText(alternative.term, true)})`).join(' | ');
  const parts = alternatives.filter((alternative) => alternative.term.length >= minPartLength).map((alternative) => `%${alternative.term}%`);
  return sql.join(
    [
      sql`select key from services where search_vector @@ to_tsquery('german', ${anyPrefix})`,
      ...(parts.length > 0 ? [sql`select key from services where ${sql.join(parts.map((part) => sql`search_name like ${part}`), sql` or `)}`] : []),
      sql`select key from services where ozg_id = any(array(select ozg_id from aux where c = ${index} and strong))`,
    ],
    sql`
      union
      `,
  );
}

/**
 * Words similar to a typed spelling (trigram `<%`, catalog_search_similar), only when the concept
 * found nothing directly: a misspelt word rarely starts or is part of a real one, and the trigram
 * lookup is the most expensive branch, useless for a word still being typed.
 */
function typoCandidates(concept: Concept, index: number): SqlFragment | null {
  const typos = concept.alternatives.filter((alternative) => alternative.typed && !alternative.term.includes(' ') && alternative.term.length >= minTypoLength);
  if (typos.length === 0) return null;
  const found = sql`direct_${sql.unsafe(String(index))}`;
  return sql.join(
    typos.map((alternative) => sql`select key from catalog_search_similar(${alternative.term}) as typo(key) where not exists (select 1 from ${found})`),
    sql`
      union
      `,
  );
}

/**
 * The candidate CTEs of the search statement (which defines `aux`, the OZG matches, before them):
 * services that every subject of the query finds ("Halteverbot Umzug"), or, when no service has
 * them all, any subject finds. Acts ("anmelden") find nothing themselves.
 */
export function candidateCtes(plan: QueryPlan): SqlFragment {
  const finding = plan.concepts.flatMap((concept, index) => (concept.finds ? [{ concept, index }] : []));
  const sets = finding.map(({ concept, index }) => {
    const n = sql.unsafe(String(index));
    const typos = typoCandidates(concept, index);
    return sql`direct_${n} as materialized (
      ${directCandidates(concept, index)}
    ),
    found_${n} as materialized (
      select key from direct_${n}${typos ? sql`
      union
      ${typos}` : sql``}
    )`;
  });
  const names = finding.map(({ index }) => sql`select key from found_${sql.unsafe(String(index))}`);
  return sql`${sql.join(sets, sql`,
    `)},
    found_all as materialized (
      ${sql.join(names, sql` intersect `)}
    ),
    candidate as materialized (
      select key from found_all
      union
      select key from (${sql.join(names, sql` union `)}) found_any where not exists (select 1 from found_all)
    )`;
}
