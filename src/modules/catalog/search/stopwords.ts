import { foldText } from './normalise.ts';

/**
 * Words of a query that say nothing about which service is meant ("Ich möchte einen Ausweis"),
 * folded. Only words a citizen writes around the subject: the database's own German stop word
 * list still applies to the names.
 */
const written = `
  der die das den dem des ein eine einer eines einem einen und oder für von vom zum zur zu im in am an
  auf aus bei mit nach über ich mich mir mein meine meinen meinem meiner wir unser unsere sie ihr
  wie was wo wann wer welche welcher welches kann können muss müssen möchte möchten will wollen
  brauche benötige suche bitte ist sind wird werden habe hat haben gibt es man hier dort
`;

export const stopwords: ReadonlySet<string> = new Set(written.split(/\s+/).filter(Boolean).map(foldText));
