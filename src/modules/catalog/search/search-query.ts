import { sql, type SqlFragment } from '../../../platform/db/sql.ts';
import type { Concept, QueryPlan } from './query-plan.ts';
import { verbWeights } from './verbs.ts';

/**
 * The one SQL statement of a search: candidates through the indexes, then a score for each.
 *
 * Text score — for each concept of the query its best alternative, by how it meets a name:
 *   whole word (stemmed)      1.0   "Hunde" → "Hund"
 *   end of a word             0.95  "Genehmigung" → "Baugenehmigung": the head of a German
 *                                   compound, so a Baugenehmigung is a Genehmigung
 *   start of a word           0.9   "Personala…", "Hund" → "Hundehaltung"
 *   inside a word             0.8   "ausweis" → "Schwerbehindertenausweise"
 *   its stem inside a word    0.75  "fällen" → "Baumfällgenehmigung"
 *   similar word (trigrams)   ≤ 0.7 "Persnalausweis", "Fuhrerschein"
 * times the alternative's weight (synonyms < 1). A match in the service's object (the name of its
 * Leistungsobjekt, "Personalausweis" for "Personalausweis Ausstellung") counts fully; one only in
 * the rest of the name (the Verrichtung and its detail) counts 0.8: "Genehmigung" is first of all
 * a Baugenehmigung, not "Fliegende Bauten Genehmigung". A phrase (a synonym such as "Wohnsitz
 * Anmeldung") names object and act together and counts fully. The OZG-Leistung (0.5) and the
 * Lebenslage (0.3) of a service stand in for a concept its own name lacks. The concepts' weighted
 * mean is the text score.
 *
 * Then nudges, each smaller than the step between two kinds of text match:
 *   fit       how similar the object's (or the service's) whole name is to the whole query
 *   general   the object with a Verrichtung but no detail ("Personalausweis Ausstellung") over
 *             its variants ("… Ausstellung vorläufig") and over the bare object
 *   verb      acts that give something over follow-ups and information (verbs.ts)
 *   local     executed by the district or a municipality (Typisierung other than 1)
 *   length    fewer words: general services have short names
 * Retired services are never candidates.
 */
const weights = {
  objectOnly: 0.8,
  ozgLeistung: 0.5,
  lebenslage: 0.3,
  fit: 0.3,
  general: 0.06,
  bareObject: 0.03,
  verb: 0.04,
  local: 0.01,
  length: 0.03,
  /** Below this text score a candidate is noise (one weak trigram hit out of several words). */
  minimumText: 0.3,
};

/** Word parts and trigram matching start here; shorter words are too ambiguous. */
const minPartLength = 4;
/**
 * Typos find services from here on: a word of five letters has six trigrams, and one typo spoils
 * three of them, so below this length trigram similarity finds every word with the same start.
 */
const minTypoLength = 6;

type Page = { limit: number; offset: number };

/** A ranking constant written into the statement (code, not input): the plan stays readable. */
function constant(value: number): SqlFragment {
  if (!Number.isFinite(value)) throw new Error(`Not a finite ranking constant: ${value}`);
  return sql.unsafe(`${value}::float8`);
}

const minPart = sql.unsafe(String(minPartLength));

/**
 * How well alternative `a` meets a text with tsvector `vector` and folded spelling `name`.
 * `fuzzy` adds the trigram comparison, the expensive part, only where typos matter: the names of
 * the candidates, not the OZG-Leistungen and Lebenslagen read whole.
 */
function match(vector: SqlFragment, name: SqlFragment, fuzzy: boolean): SqlFragment {
  return sql`(case
    when ${vector} @@ a.exact_q then 1.0
    when length(a.term) >= ${minPart} and strpos(${name} || ' ', a.term || ' ') > 0 then 0.95
    when ${vector} @@ a.prefix_q then 0.9
    when length(a.term) >= ${minPart} and strpos(${name}, a.term) > 0 then 0.8
    when length(a.stem) >= ${minPart} and strpos(${name}, a.stem) > 0 then 0.75
    ${fuzzy ? sql`when a.typed and length(a.term) >= ${minPart} then greatest(word_similarity(a.term, ${name}) - 0.3, 0)` : sql``}
    else 0 end)`;
}

/** Shorter words match whole words only: "ii" in "Arbeitslosengeld II", but "ge" finds nothing. */
const minPrefixLength = 3;

/** `kraftfahrzeug zulassung` → `kraftfahrzeug & zulassung` (folded words are only [a-z0-9]). */
function tsQueryText(term: string, prefix: boolean): string {
  return term
    .split(' ')
    .map((word) => (prefix && word.length >= minPrefixLength ? `${word}:*` : word))
    .join(' & ');
}

/**
 * The services one concept finds, each branch one condition an index answers: a full-text query
 * with all its alternatives (GIN on search_vector), its word parts (GIN trigram on search_name;
 * `like any` runs one index scan per pattern), a similar word for each typed spelling (trigram
 * `<%` in catalog_search_similar), and the services of a matching OZG-Leistung (index on ozg_id). Separate
 * branches rather than one `or`, so the planner takes the index for each even without table
 * statistics (a fresh import has none until ANALYZE).
 */
function conceptCandidates(concept: Concept, index: number): SqlFragment {
  const alternatives = concept.alternatives;
  const anyPrefix = alternatives.map((alternative) => `(${tsQueryText(alternative.term, true)})`).join(' | ');
  const parts = alternatives.filter((alternative) => alternative.term.length >= minPartLength).map((alternative) => `%${alternative.term}%`);
  const typos = alternatives.filter((alternative) => alternative.typed && !alternative.term.includes(' ') && alternative.term.length >= minTypoLength);
  const branches = [
    sql`select key from services where search_vector @@ to_tsquery('german', ${anyPrefix})`,
    ...(parts.length > 0 ? [sql`select key from services where search_name like any(${parts}::text[])`] : []),
    ...typos.map((alternative) => sql`select key from catalog_search_similar(${alternative.term}) as typo(key)`),
    sql`select key from services where ozg_id = any(array(select ozg_id from aux where c = ${index} and strong))`,
  ];
  return sql.join(branches, sql`
      union
      `);
}

/**
 * The candidates: services that every subject of the query finds ("Halteverbot Umzug"), or, when
 * no service has them all, any subject finds. Acts ("anmelden") find nothing themselves.
 */
function candidateCtes(plan: QueryPlan): SqlFragment {
  const finding = plan.concepts.flatMap((concept, index) => (concept.finds ? [{ concept, index }] : []));
  const sets = finding.map(({ concept, index }) => sql`found_${sql.unsafe(String(index))} as materialized (
      ${conceptCandidates(concept, index)}
    )`);
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

/**
 * The alternatives as a VALUES list (bind parameters), not a JSON document: the planner then knows
 * how many rows there are. With JSON it assumes 100, estimates the statement far costlier than it
 * is, and a server would spend 100 ms compiling it with JIT.
 */
function alternativeRows(plan: QueryPlan): SqlFragment {
  const rows = plan.concepts.flatMap((concept, index) =>
    concept.alternatives.map(
      (alternative) => sql`(${index}::int, ${concept.weight}::float8, ${concept.finds}::boolean, ${alternative.weight}::float8,
        ${alternative.term}::text, ${alternative.typed}::boolean, ${tsQueryText(alternative.term, false)}::text,
        ${tsQueryText(alternative.term, true)}::text, ${!alternative.term.includes(' ')}::boolean)`,
    ),
  );
  return sql`(values ${sql.join(rows)}) as a(c, cw, finds, w, term, typed, exact, prefix, single)`;
}

export type SearchRow = { key: string; name: string; slug: string; ozg_name: string | null; score: number; total: number };

/**
 * CTEs are `materialized` and services are looked up per candidate, so the work grows with the
 * candidates, never with the catalog, whatever the planner estimates.
 */
export function searchStatement(plan: QueryPlan, page: Page): SqlFragment {
  const totalWeight = plan.concepts.reduce((sum, concept) => sum + concept.weight, 0);
  const verbCodes = [...verbWeights.keys()];
  const verbValues = verbCodes.map((code) => verbWeights.get(code) ?? 0);
  return sql`
    with alt as materialized (
      select a.c, a.cw, a.finds, a.w, a.term, a.typed, a.single,
             to_tsquery('german', a.exact) as exact_q,
             to_tsquery('german', a.prefix) as prefix_q,
             case when a.single then (ts_lexize('german_stem', a.term))[1] end as stem
      from ${alternativeRows(plan)}
    ),
    lebenslage_match as materialized (
      select l.id, a.c, max(${constant(weights.lebenslage)} * ${match(sql`l.search_vector`, sql`l.search_name`, false)} * a.w) as m
      from lebenslagen l cross join alt a
      where l.retired_at is null and a.finds
      group by l.id, a.c
    ),
    ozg_alt as materialized (
      select o.ozg_id, o.lebenslage_id, a.c, ${constant(weights.ozgLeistung)} * ${match(sql`o.search_vector`, sql`o.search_name`, false)} * a.w as m
      from ozg_leistungen o cross join alt a
      where o.retired_at is null and a.finds
    ),
    -- Per OZG-Leistung and subject: the best of its own name and its Lebenslage's. Only a word
    -- of the OZG-Leistung's own name ('strong') brings its services in as candidates: a whole
    -- Lebenslage ("Unternehmensstart & Gewerbezulassung") would bring hundreds.
    aux as materialized (
      select oa.ozg_id, oa.c, greatest(max(oa.m), max(lm.m)) as m, max(oa.m) >= ${constant(weights.ozgLeistung * 0.9)} as strong
      from ozg_alt oa left join lebenslage_match lm on lm.id = oa.lebenslage_id and lm.c = oa.c
      group by oa.ozg_id, oa.c
      having greatest(max(oa.m), max(lm.m)) > 0
    ),
    ${candidateCtes(plan)},
    -- The candidates' rows and their objects' names. "offset 0" keeps each lateral lookup a
    -- primary-key probe per candidate: the planner may not turn it into a scan of the catalog.
    cand as materialized (
      select s.key, s.name, s.slug, s.ozg_id, s.verrichtung_code, s.typisierung, s.search_vector, s.search_name,
             coalesce(obj.search_vector, s.search_vector) as object_vector,
             coalesce(obj.search_name, s.search_name) as object_name
      from candidate k
      cross join lateral (select * from services where key = k.key and retired_at is null offset 0) s
      left join lateral (select search_vector, search_name from services where key = left(s.key, 8) || '000000' offset 0) obj on true
    ),
    per_concept as (
      select s.key, a.c, max(a.cw) as cw,
             max(greatest(
               ${match(sql`s.object_vector`, sql`s.object_name`, true)} * a.w,
               case when a.single then ${constant(weights.objectOnly)} else 1 end * ${match(sql`s.search_vector`, sql`s.search_name`, true)} * a.w,
               coalesce(x.m, 0))) as m
      from cand s
      cross join alt a
      left join aux x on x.ozg_id = s.ozg_id and x.c = a.c
      group by s.key, a.c
    ),
    text_score as (
      select key, sum(cw * m) / ${constant(totalWeight)} as text from per_concept group by key
    ),
    ranked as (
      select s.key, s.name, s.slug, s.ozg_id,
             t.text
             + ${constant(weights.fit)} * (select max(greatest(similarity(s.object_name, r), similarity(s.search_name, r)))
                                          from unnest(${plan.readings}::text[]) r)
             + case when s.key like '99%' then case when right(s.key, 6) = '000000' then ${constant(weights.bareObject)}
                                                    when right(s.key, 3) = '000' then ${constant(weights.general)} else 0 end
                    else 0 end
             + ${constant(weights.verb)} * coalesce((${verbValues}::float8[])[array_position(${verbCodes}::text[], s.verrichtung_code)], 0)
             + case when s.typisierung is distinct from '1' then ${constant(weights.local)} else 0 end
             - ${constant(weights.length)} * ln(1 + length(s.search_vector))
             as score
      from text_score t
      join cand s on s.key = t.key
      where t.text >= ${constant(weights.minimumText)}
    )
    select r.key, r.name, r.slug, o.name as ozg_name, r.score, count(*) over ()::int as total
    from ranked r left join ozg_leistungen o on o.ozg_id = r.ozg_id
    order by r.score desc, r.name, r.key
    limit ${page.limit} offset ${page.offset}`;
}
