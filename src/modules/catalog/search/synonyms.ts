/**
 * Colloquial words → the words the catalog uses. The LeiKa names services in administrative
 * language ("Kraftfahrzeug Zulassung", "Strafen und Bußgelder im Straßenverkehr"); citizens
 * write "Auto anmelden" and "Knöllchen". Each entry: the words citizens use (`say`, one word or a
 * phrase of consecutive words), and what the catalog calls it (`means`, one or more phrases; each
 * phrase matches when all its words do). Spelling does not matter here: both sides are folded
 * (normalise.ts) and umlaut spellings are tried anyway.
 *
 * A synonym is a weaker signal than the word itself (`weight`, default 0.9), so a service that
 * carries the citizen's own word is not pushed down by one that only carries its translation.
 * Verbs map to the Verrichtungen in the names ("anmelden" → "Zulassung" for vehicles).
 *
 * Data, edited like a dictionary: add a line when the search log shows a word that finds nothing.
 */
export type SynonymEntry = { say: readonly string[]; means: readonly string[]; weight?: number };

export const synonymEntries: readonly SynonymEntry[] = [
  // Identity documents
  { say: ['perso', 'persos', 'perso karte', 'id karte', 'idkarte'], means: ['personalausweis'] },
  { say: ['ausweis', 'ausweise'], means: ['personalausweis'] },
  { say: ['pass', 'paß', 'pässe'], means: ['reisepass'] },
  { say: ['kinderpass'], means: ['kinderreisepass'] },
  { say: ['führerschein', 'lappen', 'fleppe'], means: ['führerschein', 'fahrerlaubnis'] },
  { say: ['fahrerlaubnis'], means: ['führerschein'] },
  { say: ['eid', 'onlineausweis', 'online ausweis'], means: ['elektronischer identitätsnachweis'] },

  // Vehicles
  { say: ['auto', 'kfz', 'pkw', 'wagen', 'motorrad', 'fahrzeug', 'kraftrad'], means: ['kraftfahrzeug'] },
  { say: ['nummernschild', 'nummernschilder', 'autokennzeichen', 'kennzeichen'], means: ['kraftfahrzeugkennzeichen'] },
  { say: ['umweltplakette', 'plakette'], means: ['feinstaubplakette'] },
  { say: ['knöllchen', 'strafzettel', 'verwarnungsgeld', 'verwarngeld', 'blitzer', 'bußgeldbescheid', 'bussgeld'], means: ['bußgeld'] },
  { say: ['kfz steuer', 'kfzsteuer', 'autosteuer'], means: ['kraftfahrzeugsteuer'] },
  { say: ['anwohnerparkausweis', 'anwohnerparken', 'anwohnerparkplatz', 'parkausweis anwohner'], means: ['bewohnerparkausweis'] },
  { say: ['behindertenparkausweis', 'behindertenparkplatz', 'blauer parkausweis'], means: ['parkausweis für schwerbehinderte'] },
  { say: ['halteverbot', 'halteverbotszone'], means: ['halteverbotszone', 'parkplatzabsperrung'] },

  // Waste
  { say: ['sperrgut'], means: ['sperrmüll'] },
  { say: ['müll', 'abfälle'], means: ['abfall'] },
  { say: ['mülltonne', 'mülltonnen', 'restmülltonne', 'abfalltonne', 'tonne'], means: ['abfallbehälter'] },
  { say: ['restmüll'], means: ['hausmüll'] },
  { say: ['müllabfuhr', 'müllgebühr', 'müllgebühren'], means: ['abfallgebühr', 'hausmüll entsorgung'] },
  { say: ['biotonne', 'biomüll', 'grünschnitt', 'gartenabfall'], means: ['bioabfall'] },
  { say: ['papiertonne', 'blaue tonne', 'papiermüll'], means: ['altpapier'] },
  { say: ['elektromüll', 'elektrogeräte', 'e schrott'], means: ['elektroschrott'] },

  // Animals
  { say: ['hundemarke', 'hundesteuermarke'], means: ['hundesteuer'] },
  { say: ['hund', 'hunde'], means: ['hundehaltung'], weight: 0.8 },
  { say: ['kampfhund', 'listenhund'], means: ['kampfhund', 'hundehaltung'] },

  // Moving and registration
  { say: ['umzug', 'umziehen', 'zuzug', 'neuer wohnsitz', 'wohnung anmelden', 'wohnort anmelden'], means: ['wohnsitz anmeldung'] },
  { say: ['wegzug', 'wegziehen', 'auswandern'], means: ['wohnsitz abmeldung'] },
  { say: ['wohnung', 'wohnort', 'adresse'], means: ['wohnsitz'], weight: 0.8 },
  { say: ['meldebescheinigung', 'wohnsitzbescheinigung', 'aufenthaltsbescheinigung'], means: ['meldebestätigung'] },
  { say: ['auskunftssperre', 'adresse sperren'], means: ['auskunftssperre', 'adressbuchsperre'] },

  // Family
  { say: ['heiraten', 'hochzeit', 'trauung', 'standesamtliche trauung', 'ehe'], means: ['eheschließung'] },
  { say: ['heiratsurkunde', 'trauschein', 'hochzeitsurkunde'], means: ['eheurkunde'] },
  { say: ['namensänderung', 'nachname ändern', 'name ändern'], means: ['familienname änderung', 'vorname änderung'] },
  { say: ['vaterschaft', 'vaterschaftsanerkennung'], means: ['vaterschaftsanerkennung'] },
  { say: ['kita', 'kitaplatz', 'kindergarten', 'kindergartenplatz', 'krippe', 'kinderbetreuung'], means: ['kindertagesstätte', 'kindertagespflege'] },
  { say: ['tagesmutter', 'tagesvater'], means: ['kindertagespflege'] },
  { say: ['baby', 'geburt'], means: ['geburt', 'geburtsurkunde'], weight: 0.8 },
  { say: ['tod', 'todesfall', 'gestorben', 'verstorben'], means: ['sterbeurkunde', 'sterbefall'] },
  { say: ['unterhalt'], means: ['unterhaltsvorschuss'] },

  // Money and social benefits
  { say: ['bafög', 'bafoeg', 'studienförderung'], means: ['ausbildungsförderung'] },
  { say: ['bürgergeld', 'hartz 4', 'hartz iv', 'hartz vier', 'alg 2', 'alg ii', 'alg2', 'arbeitslosengeld 2'], means: ['arbeitslosengeld ii'] },
  { say: ['sozialhilfe'], means: ['hilfe zum lebensunterhalt', 'grundsicherung'] },
  { say: ['wbs'], means: ['wohnberechtigungsschein'] },
  { say: ['mietzuschuss', 'lastenzuschuss'], means: ['wohngeld'] },
  { say: ['rundfunkgebühr', 'gez'], means: ['rundfunkbeitrag'] },

  // Building and property
  { say: ['bauantrag', 'baugesuch', 'bauerlaubnis'], means: ['baugenehmigung'] },
  { say: ['haus bauen', 'bauen', 'anbau', 'umbau'], means: ['baugenehmigung'] },
  { say: ['abriss', 'abreißen'], means: ['abbruchgenehmigung'] },
  { say: ['baum fällen', 'bäume fällen', 'baumfällung'], means: ['baumfällgenehmigung'] },

  // Business
  { say: ['gewerbeschein'], means: ['gewerbe anmeldung'] },
  { say: ['kneipe', 'restaurant', 'gaststätte', 'imbiss', 'café', 'cafe'], means: ['gaststättengewerbe', 'gaststätte'] },
  { say: ['selbstständig', 'selbständig', 'firma gründen', 'existenzgründung'], means: ['gewerbe anmeldung'] },

  // Order and safety
  { say: ['waffenschein'], means: ['erlaubnis zum führen von waffen'] },
  { say: ['waffenbesitzkarte'], means: ['erlaubnis zum erwerb und besitz von waffen'] },
  { say: ['angelschein'], means: ['fischereischein'] },
  { say: ['fundbüro', 'gefunden', 'fundsache'], means: ['fundsachen'] },
  { say: ['feuerwerk', 'silvesterfeuerwerk'], means: ['pyrotechnische gegenstände'] },
  { say: ['polizeiliches führungszeugnis'], means: ['führungszeugnis'] },
  { say: ['wahl', 'wählen'], means: ['briefwahl', 'wahl'], weight: 0.8 },
  { say: ['kirche austreten', 'austritt kirche', 'aus der kirche austreten'], means: ['kirchenaustritt'] },
  { say: ['staatsbürgerschaft', 'deutscher werden', 'deutsche staatsangehörigkeit'], means: ['einbürgerung'] },
  { say: ['visum', 'aufenthaltstitel'], means: ['aufenthaltserlaubnis'] },
  { say: ['kopie', 'kopien', 'fotokopie', 'abschrift'], means: ['abschriften', 'ablichtungen'] },

  // Verbs: what a citizen does → the Verrichtung in the names
  { say: ['anmelden'], means: ['anmeldung', 'zulassung', 'anzeige'], weight: 0.8 },
  { say: ['abmelden'], means: ['abmeldung', 'außerbetriebsetzung'], weight: 0.8 },
  { say: ['ummelden'], means: ['ummeldung'], weight: 0.9 },
  // A loss is reported first ("Verlust melden"), then the document replaced.
  { say: ['verloren', 'verlieren', 'verlegt'], means: ['meldung verlust'], weight: 1 },
  { say: ['verloren', 'verlieren', 'verlegt'], means: ['verlust'] },
  { say: ['gestohlen', 'geklaut', 'diebstahl'], means: ['diebstahl'] },
  { say: ['verlängern'], means: ['verlängerung'] },
  { say: ['umtauschen', 'tauschen'], means: ['umtausch'] },
  { say: ['beantragen', 'antrag', 'bekommen', 'erhalten', 'neu'], means: ['ausstellung', 'erteilung', 'bewilligung', 'gewährung'], weight: 0.7 },
  { say: ['eröffnen', 'gründen', 'aufmachen'], means: ['erlaubnis', 'anmeldung'], weight: 0.7 },
  { say: ['beglaubigen', 'beglaubigt'], means: ['beglaubigung'] },
  { say: ['abholen', 'abholung'], means: ['abholung'] },
  { say: ['bezahlen', 'zahlen'], means: ['zahlung', 'festsetzung'], weight: 0.7 },
];
