/**
 * The folded spelling the search compares: the same rules as the SQL function
 * `catalog_search_fold` (migration 0003), so a query and a name meet in one form. Lower case,
 * ä/ö/ü → a/o/u (what the German stemmer does too), ß → ss, the accents of the table below
 * dropped, and every run of other characters → one space.
 */

// Character for character the table of the SQL function; an accent missing here and there
// would split a word differently on each side.
const from = 'ÄÖÜäöüÀÁÂÃÅÇÈÉÊËÌÍÎÏÑÒÓÔÕØÙÚÛÝàáâãåçèéêëìíîïñòóôõøùúûýÿ';
const to = 'aouaouaaaaaceeeeiiiinooooouuuyaaaaaceeeeiiiinooooouuuyy';
const table = new Map([...from].map((char, index) => [char, to[index] ?? char]));

export function foldText(text: string): string {
  return [...text.toLowerCase()]
    .map((char) => table.get(char) ?? char)
    .join('')
    .replace(/ß|ẞ/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The words of a folded text. */
export function words(text: string): string[] {
  const folded = foldText(text.normalize('NFC'));
  return folded === '' ? [] : folded.split(' ');
}

/**
 * A word typed without umlauts ("fuehrerschein") also as the umlaut word folded ("fuhrerschein"):
 * which "ae", "oe" and "ue" stand for an umlaut cannot be known, so both are tried. A wrong guess
 * ("steuer" → "steur") only adds a spelling that matches nothing.
 */
export function spellingVariants(word: string): string[] {
  const umlauts = word.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
  return umlauts === word ? [word] : [word, umlauts];
}
