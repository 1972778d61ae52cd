import { foldText } from './normalise.ts';

/**
 * What the last digits of a LeiKa key say about a service, for ranking. Digits 9–11 are the
 * Verrichtungskennung (seeds/catalog/leika_verrichtungskennungen_abgeleitet.csv): a citizen who
 * names only the object ("Personalausweis") usually wants to obtain or register it, rarely its
 * status or a change. So the acts that give something rank first, follow-up acts next, the rest
 * (Statusabfrage, Informationserteilung, Sperrung …) after them. These are small nudges: a better
 * text match always wins.
 */
const primary = [
  '001', // Erteilung
  '002', // Festsetzung
  '004', // Entsorgung
  '005', // Erlaubnis
  '006', // Genehmigung
  '007', // Zulassung
  '012', // Ausstellung
  '017', // Bewilligung
  '022', // Bescheinigung
  '026', // Beurkundung
  '034', // Aufnahme
  '035', // Beglaubigung
  '058', // Durchführung
  '072', // Reservierung
  '079', // Auszahlung
  '080', // Gewährung
  '104', // Anmeldung
  '120', // Zusendung
  '148', // Erbringung
  '153', // Einrichtung
  '169', // Anzeige
];
const followUp = [
  '010', // Befreiung
  '011', // Änderung
  '014', // Meldung
  '016', // Anerkennung
  '020', // Verlängerung
  '023', // Auskunft
  '036', // Ersatz
  '040', // Ausgabe
  '050', // Umschreibung
  '051', // Umtausch
  '060', // Eintragung
  '069', // Zuteilung
  '070', // Abmeldung
  '071', // Ummeldung
  '131', // Zahlung
  '152', // Herausgabe
];

export const verbWeights: ReadonlyMap<string, number> = new Map([
  ...primary.map((code) => [code, 1] as const),
  ...followUp.map((code) => [code, 0.5] as const),
]);

/**
 * Query words that only say "I want this" ("Personalausweis beantragen"): they count less than
 * the subject, and stand for the acts that give something.
 */
export const intentWords: ReadonlySet<string> = new Set(
  ['beantragen', 'antrag', 'antragen', 'stellen', 'einreichen', 'anfordern', 'bestellen', 'bekommen', 'erhalten', 'holen', 'online', 'formular', 'neu', 'machen'].map(
    foldText,
  ),
);

/**
 * Query words naming what to do rather than what about ("Hund anmelden", "Ausweis verloren"). They
 * rank the services of the subject, but do not find services on their own: "anmelden" alone
 * would bring every "Anmeldung" of the catalog into the race.
 */
const actVerbs = [
  'anmelden', 'abmelden', 'ummelden', 'melden', 'verloren', 'verlieren', 'verlegt', 'gestohlen', 'geklaut', 'verlängern',
  'umtauschen', 'tauschen', 'ändern', 'eröffnen', 'gründen', 'aufmachen', 'beglaubigen', 'beglaubigt', 'abholen',
  'bezahlen', 'zahlen', 'fällen', 'ausstellen', 'zulassen', 'erneuern', 'verlust', 'diebstahl', 'anerkennen',
  'beurkunden', 'erteilen', 'genehmigen', 'bescheinigen', 'abgeben', 'entsorgen', 'reservieren', 'befreien', 'ersetzen',
  'registrieren', 'eintragen', 'löschen', 'sperren', 'kündigen', 'erstatten',
];

/**
 * Nouns of the acts (Verrichtungen) as they end compounds citizens write: "Gewerbeanmeldung",
 * "Hundeanmeldung", "Passverlängerung". The query planner splits such a word into object and act.
 */
export const actNouns: readonly string[] = [
  'anmeldung', 'abmeldung', 'ummeldung', 'zulassung', 'genehmigung', 'erteilung', 'ausstellung', 'verlängerung',
  'änderung', 'erlaubnis', 'bescheinigung', 'beglaubigung', 'beurkundung', 'bewilligung', 'befreiung', 'anzeige',
  'meldung', 'entsorgung', 'abholung', 'umschreibung', 'umtausch', 'ersatz', 'erstattung', 'reservierung', 'auskunft',
  'eintragung', 'löschung', 'anerkennung', 'festsetzung', 'förderung', 'beratung', 'prüfung', 'antrag',
]
  .map(foldText)
  .sort((a, b) => b.length - a.length);

export const actWords: ReadonlySet<string> = new Set([...actVerbs.map(foldText), ...actNouns, ...intentWords]);
