import { sql, type SqlFragment } from '../../../platform/db/sql.ts';
import { candidateCtes } from './candidates.ts';
import type { QueryPlan } from './query-plan.ts';
import { minPartLength, tsQueryText } from './search-terms.ts';
import { verbWeights } from './verbs.ts';

/**
 * The one SQL statement of a search: candidates through the indexes (candidates.ts), then a score
 * for each.
 *
 * Text score — for each concept of the query its best alternative, by how it meets a name:
 *   whole word (stemmed)      1.0   "Hunde" → "Hund"
 *   end of a word             0.95  "Genehmigung" → "Baugenehmigung": the head of a German
 *                                   compound, so a Baugenehmigung is a Genehmigung
 *   start of a word           0.9   "Personala…", "Hund" → "Hundehaltung"
 *   inside a word             0.8   "fahrzeug" → "Kraftfahrzeugkennzeichen"
 *   its stem inside a word    0.75  "fällen" → "Baumfällgenehmigung"
 *   similar word (trigrams)   ≤ 0.7 "Persnalausweis", "Baugenemigung"
 * times the alternative's weight (synonyms < 1). A match in the service's object (the name of its
 * Leistungsobjekt, "Personalausweis" for "Personalausweis Ausstellung") counts fully; one only in
 * the rest of the name (the Verrichtung and its detail) counts 0.8: "Genehmigung" is first of all
 * a Baugenehmigung, not "Fliegende Bauten Genehmigung". A phrase (a synonym such as "Wohnsitz
 * Anmeldung") names object and act together and counts fully. A word that only says "I want it"
 * ("beantragen") is met by every service whose Verrichtung gives something. The OZG-Leistung
 * (0.5) and the Lebenslage (0.3) of a service stand in for a concept its own name lacks. The
 * concepts' weighted mean is the text score.
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

/**
 * The alternatives as a VALUES list (bind parameters), not a JSON document: the planner then knows
 * how many rows there are. With JSON it assumes 100, estimates the statement far costlier than it
 * is, and a server would spend 100 ms compiling it with JIT.
 */
function alternativeRows(plan: QueryPlan): SqlFragment {
  const rows = plan.concepts.flatMap((concept, index) =>
    concept.alternatives.map(
      (alternative) => sql`(${index}::int, ${concept.weight}::float8, ${concept.finds}::boolean, ${concept.intent}::boolean,
        ${alternative.weight}::float8, ${alternative.term}::text, ${alternative.typed}::boolean,
        ${tsQueryText(alternative.term, false)}::text, ${tsQueryText(alternative.term, true)}::text, ${!alternative.term.includes(' ')}::boolean)`,
    ),
  );
  return sql`(values ${sql.join(rows)}) as a(c, cw, finds, intent, w, term, typed, exact, prefix, single)`;
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
  const verbWeight = sql`coalesce((${verbValues}::float8[])[array_position(${verbCodes}::text[], s.verrichtung_code)], 0)`;
  return sql`
    with alt as materialized (
      select a.c, a.cw, a.finds, a.intent, a.w, a.term, a.typed, a.single,
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
               case when a.intent then ${constant(weights.objectOnly)} * ${verbWeight} else 0 end,
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
             + ${constant(weights.verb)} * ${verbWeight}
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
