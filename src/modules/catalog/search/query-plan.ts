import { foldText, spellingVariants, words } from './normalise.ts';
import { stopwords } from './stopwords.ts';
import { synonymEntries, type SynonymEntry } from './synonyms.ts';
import { actNouns, actWords, intentWords } from './verbs.ts';

/**
 * What a query asks for, before it meets the database: its concepts (a word, or a phrase a
 * synonym names), each with the spellings that may stand for it. A service's text score is the
 * weighted share of concepts it matches, each through its best alternative.
 */

/**
 * One way to write a concept: folded words, matched together; `weight` ≤ 1 for synonyms.
 * `typed` marks the citizen's own spellings, the only ones that may hold typos.
 */
export type Alternative = { term: string; weight: number; typed: boolean };

export type Concept = {
  /** The folded words the citizen typed for it. */
  typed: string;
  /** 1 for the subject, less for words that only say "I want it" ("beantragen"). */
  weight: number;
  /** Subjects find services; acts ("anmelden") only rank the services the subjects found. */
  finds: boolean;
  /** "beantragen", "Antrag": met by any service whose Verrichtung gives something (verbs.ts). */
  intent: boolean;
  alternatives: Alternative[];
};

export type QueryPlan = {
  concepts: Concept[];
  /**
   * The whole query in its likeliest readings (as typed, umlaut spellings, synonyms): compared
   * with a service's name as a whole, so "Personalausweis" prefers the services of that object.
   */
  readings: string[];
};

/** Longer input is cut: nobody names a service in more words, and each word costs work. */
export const maxQueryLength = 100;
const maxConcepts = 6;
const maxAlternatives = 8;
const maxReadings = 6;
/** "beantragen" counts less than the subject: it narrows, it does not decide. */
const intentWeight = 0.4;
/** A synonym is slightly weaker than the word itself (an entry may say otherwise). */
const defaultSynonymWeight = 0.9;
/** "hunde anmeldung" read from "hundeanmeldung" is a guess, like a synonym. */
const splitWeight = 0.9;
/** In a query of several words, shorter ones (a word being typed) do not find services. */
const minFindingLength = 3;
/** The object left of an act noun must be a word of its own, not a prefix like "ab" or "um". */
const minObjectLength = 3;

type Meaning = { means: string[]; weight: number };

function indexSynonyms(entries: readonly SynonymEntry[]): { byPhrase: Map<string, Meaning[]>; longest: number } {
  const byPhrase = new Map<string, Meaning[]>();
  let longest = 1;
  for (const entry of entries) {
    const meaning = { means: entry.means.map(foldText), weight: entry.weight ?? defaultSynonymWeight };
    for (const said of entry.say) {
      const phrase = foldText(said);
      byPhrase.set(phrase, [...(byPhrase.get(phrase) ?? []), meaning]);
      longest = Math.max(longest, phrase.split(' ').length);
    }
  }
  return { byPhrase, longest };
}

const synonyms = indexSynonyms(synonymEntries);

/** A phrase's words without stop words, as the database would match them. */
function contentWords(phrase: string): string {
  return phrase.split(' ').filter((word) => !stopwords.has(word)).join(' ');
}

function addAlternative(alternatives: Alternative[], term: string, weight: number, typed = false): void {
  const content = contentWords(term);
  if (content === '') return;
  const existing = alternatives.find((alternative) => alternative.term === content);
  if (existing) {
    existing.weight = Math.max(existing.weight, weight);
    existing.typed ||= typed;
  } else alternatives.push({ term: content, weight, typed });
}

/** Synonyms of a phrase in any of its spellings. */
function meaningsOf(phrase: string): Meaning[] {
  const found: Meaning[] = [];
  for (const spelling of new Set([phrase, ...spellingVariants(phrase)])) found.push(...(synonyms.byPhrase.get(spelling) ?? []));
  return found;
}

/**
 * "hundeanmeldung" → "hunde anmeldung": a compound ending in an act noun also as object and act,
 * which the names write as two words ("Hundehaltung Anmeldung"). A linking "s" is dropped too
 * ("wohnsitzanmeldung" keeps "wohnsitz", "passverlangerung" keeps "pass").
 */
export function splitActCompound(word: string): string[] {
  const act = actNouns.find((noun) => word.endsWith(noun) && word.length - noun.length >= minObjectLength);
  if (!act) return [];
  const object = word.slice(0, -act.length);
  const objects = object.endsWith('s') && object.length > minObjectLength ? [object, object.slice(0, -1)] : [object];
  return objects.map((head) => `${head} ${act}`);
}

function conceptFor(typed: string, meanings: Meaning[]): Concept {
  const alternatives: Alternative[] = [];
  for (const spelling of spellingVariants(typed)) addAlternative(alternatives, spelling, 1, true);
  if (!typed.includes(' ')) {
    for (const spelling of spellingVariants(typed)) for (const split of splitActCompound(spelling)) addAlternative(alternatives, split, splitWeight);
  }
  for (const meaning of meanings) for (const phrase of meaning.means) addAlternative(alternatives, phrase, meaning.weight);
  const typedWords = typed.split(' ');
  const isIntent = typedWords.every((word) => intentWords.has(word));
  const isAct = typedWords.every((word) => actWords.has(word));
  return { typed, weight: isIntent ? intentWeight : 1, finds: !isAct, intent: isIntent, alternatives: alternatives.slice(0, maxAlternatives) };
}

function readingsOf(concepts: Concept[]): string[] {
  const readings = new Set<string>();
  const base = concepts.map((concept) => concept.alternatives[0]?.term ?? concept.typed);
  readings.add(base.join(' '));
  // Without "beantragen": "Kindergeld beantragen" is about Kindergeld.
  const subjects = concepts.filter((concept) => !concept.intent).map((concept) => concept.alternatives[0]?.term ?? concept.typed);
  if (subjects.length > 0) readings.add(subjects.join(' '));
  // One concept at a time replaced by each of its alternatives: bounded, and enough for the
  // short queries people type.
  concepts.forEach((concept, index) => {
    for (const alternative of concept.alternatives.slice(1)) {
      const reading = [...base];
      reading[index] = alternative.term;
      readings.add(reading.join(' '));
    }
  });
  return [...readings].slice(0, maxReadings);
}

/** The plan for a query, or null when nothing searchable is left (empty, only stop words). */
export function planQuery(query: string): QueryPlan | null {
  const all = words(query.slice(0, maxQueryLength));
  const concepts: Concept[] = [];
  let index = 0;
  while (index < all.length && concepts.length < maxConcepts) {
    let taken = 0;
    // Longest phrase first: "hartz 4" before "hartz", "haus bauen" before "haus".
    for (let length = Math.min(synonyms.longest, all.length - index); length >= 2 && taken === 0; length--) {
      const phrase = all.slice(index, index + length).join(' ');
      const meanings = meaningsOf(phrase);
      if (meanings.length > 0 && contentWords(phrase) !== '') {
        concepts.push(conceptFor(phrase, meanings));
        taken = length;
      }
    }
    if (taken === 0) {
      const word = all[index] ?? '';
      // Single letters match everything by prefix and nothing by meaning; a repeated word adds nothing.
      if (word.length >= 2 && !stopwords.has(word) && !concepts.some((concept) => concept.typed === word)) {
        concepts.push(conceptFor(word, meaningsOf(word)));
      }
      taken = 1;
    }
    index += taken;
  }
  if (concepts.length === 0) return null;
  // A word being typed ("Reisepass ve") ranks, but two letters would find half the catalog.
  if (concepts.length > 1) {
    for (const concept of concepts) if (concept.typed.length < minFindingLength && concept.alternatives.length === 1) concept.finds = false;
  }
  // A query of acts only ("Anmeldung") still has to find something.
  if (!concepts.some((concept) => concept.finds)) for (const concept of concepts) concept.finds = true;
  return { concepts, readings: readingsOf(concepts) };
}
