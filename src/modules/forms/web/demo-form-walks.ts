/**
 * Test support: a valid answer set for every demo form of seeds/forms, step by step as a browser
 * posts it, each taking at least one conditional branch. Used by the walk-through tests and, as
 * the way to reach each step, by the property tests of the HTTP routes.
 */
import type { DemoFormName } from '../runtime/test-fixtures.ts';
import { formatDate } from '../runtime/dates.ts';
import { todayInGermany } from './published.ts';

/** A day relative to today, as a citizen types it ("24.12.2026"). */
function inDays(days: number): string {
  const day = new Date(`${todayInGermany()}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return formatDate(day.toISOString().slice(0, 10));
}

const address = (name: string, street = 'Lange Straße 12', postcode = '32756', place = 'Detmold') => ({
  [`${name}.street`]: street,
  [`${name}.postcode`]: postcode,
  [`${name}.place`]: place,
});

export type Walk = {
  name: string;
  form: DemoFormName;
  /** Each step as posted, in the order the journey must lead through them. */
  steps: [stepId: string, fields: Record<string, string>][];
  /** Shown on the check page. */
  shown: string[];
  /** Answers that must be in the submission, and answers that must not. */
  kept: string[];
  pruned: string[];
};

export const walks: Walk[] = [
  {
    name: 'Hundeanmeldung, paying by direct debit (IBAN and mandate only on that branch)',
    form: 'hundeanmeldung',
    steps: [
      ['antragsteller', { vorname: 'Erika', nachname: 'Mustermann', geburtsdatum: '12.03.1980', email: 'erika@example.test' }],
      ['wohnort', address('anschrift')],
      ['hundeAngaben', { 'hunde[0].hundName': 'Bello', 'hunde[0].rasse': 'Labrador-Mischling', 'hunde[0].hundGeburtsdatum': '01.05.2022', 'hunde[0].haltungsbeginn': inDays(-10), 'hunde[0].gefaehrlich': 'nein' }],
      ['bezahlung', { zahlungsweise: 'lastschrift', kontoinhaber: 'Erika Mustermann', iban: 'DE89 3704 0044 0532 0130 00', sepaMandat: 'erteilt' }],
    ],
    shown: ['Bello', 'DE89 3704 0044 0532 0130 00'],
    kept: ['iban', 'kontoinhaber', 'sepaMandat', 'hunde'],
    pruned: ['telefon'],
  },
  {
    name: 'Sperrmüll, "something else" with its description',
    form: 'sperrmuell',
    steps: [
      ['kontakt', { vorname: 'Max', nachname: 'Muster', telefon: '05231 12345' }],
      ['abholort', address('abholanschrift')],
      ['sperrmuellArt', { gegenstaende: 'sonstiges', sonstigesBeschreibung: 'Ein altes Klavier', menge: '2,5' }],
      ['termin', { wunschtermin: inDays(10), ausweichtermin: inDays(12) }],
    ],
    shown: ['Ein altes Klavier', '2,5'],
    kept: ['sonstigesBeschreibung', 'ausweichtermin'],
    pruned: ['email'],
  },
  {
    name: 'Gewerbeanmeldung of a GmbH taking over a branch, craft trade with Handwerkskarte, one more managing director',
    form: 'gewerbeanmeldung',
    steps: [
      ['anlass', { grund: 'uebernahme', fruehererInhaber: 'Tischlerei Alt e. K.' }],
      ['rechtsformStep', { rechtsform: 'gmbh', registerstatus: 'eingetragen', firma: 'Holzwerk Lippe GmbH', registergericht: 'Amtsgericht Lemgo', registernummer: 'HRB 1234', anzahlVertreter: '2' }],
      ['betriebsinhaber', { nachname: 'Meier', vornamen: 'Anna Lena', geschlecht: 'weiblich', geburtsdatum: '02.02.1985', geburtsort: 'Detmold', geburtsland: 'Deutschland', staatsangehoerigkeit: 'deutsch', ...address('wohnanschrift'), email: 'anna.meier@example.test' }],
      ['weiterePersonen', { 'vertreter[0].vertNachname': 'Schulz', 'vertreter[0].vertVornamen': 'Jonas', 'vertreter[0].vertGeburtsdatum': '03.04.1979', 'vertreter[0].vertGeburtsort': 'Bielefeld', 'vertreter[0].vertStaatsangehoerigkeit': 'deutsch', ...address('vertreter[0].vertAnschrift', 'Bahnhofstraße 1', '32657', 'Lemgo'), 'vertreter[0].vertFunktion': 'geschaeftsfuehrung' }],
      ['betrieb', { ...address('betriebsanschrift', 'Industriestraße 7'), niederlassung: 'zweigniederlassung', ...address('hauptniederlassungAnschrift', 'Hauptstraße 3', '32657', 'Lemgo') }],
      ['taetigkeitStep', { taetigkeit: 'Tischlerei: Herstellung und Montage von Möbeln und Innenausbau', betriebsart: 'handwerk', nebenerwerb: 'nein', beginn: inDays(14), beschaeftigteVollzeit: '3', beschaeftigteTeilzeit: '1' }],
      ['erlaubnisse', { erlaubnispflichtig: 'nein', handwerkskarte: 'ja', handwerkskammer: 'Handwerkskammer Ostwestfalen-Lippe zu Bielefeld', handwerkskarteDatum: '01.02.2015' }],
    ],
    shown: ['Holzwerk Lippe GmbH', 'HRB 1234', 'Schulz', 'Tischlerei Alt e. K.'],
    kept: ['fruehererInhaber', 'registernummer', 'vertreter', 'hauptniederlassungAnschrift', 'handwerkskammer'],
    pruned: ['registerFreiwillig', 'gesellschafter', 'staatsangehoerigkeitName', 'aufenthaltstitel', 'erlaubnisDatum', 'fruehereBetriebsanschrift'],
  },
  {
    name: 'Gewerbeanmeldung of a sole trader: the step for further partners is skipped',
    form: 'gewerbeanmeldung',
    steps: [
      ['anlass', { grund: 'neuerrichtung', fruehererInhaber: 'wird verworfen' }],
      ['rechtsformStep', { rechtsform: 'einzelunternehmen', registerFreiwillig: 'nein' }],
      ['betriebsinhaber', { nachname: 'Yılmaz', vornamen: 'Deniz', geschlecht: 'divers', geburtsdatum: '24.12.1990', geburtsort: 'İzmir', geburtsland: 'Türkei', staatsangehoerigkeit: 'andere', staatsangehoerigkeitName: 'türkisch', ...address('wohnanschrift'), email: 'deniz@example.test' }],
      ['betrieb', { ...address('betriebsanschrift'), niederlassung: 'hauptniederlassung' }],
      ['taetigkeitStep', { taetigkeit: 'Online-Handel mit Keramik und Wohnaccessoires', betriebsart: 'handel', nebenerwerb: 'ja', beginn: inDays(0), beschaeftigteVollzeit: '0', beschaeftigteTeilzeit: '0' }],
      ['erlaubnisse', { erlaubnispflichtig: 'nein', aufenthaltstitel: 'ja', aufenthaltstitelBehoerde: 'Kreis Lippe, Ausländerbehörde', aufenthaltstitelDatum: '15.06.2023' }],
    ],
    shown: ['Yılmaz', 'türkisch', 'Kreis Lippe, Ausländerbehörde'],
    kept: ['staatsangehoerigkeitName', 'aufenthaltstitel', 'aufenthaltstitelDatum'],
    pruned: ['fruehererInhaber', 'registerstatus', 'firma', 'vertreter', 'gesellschafter', 'handwerkskarte', 'anzahlVertreter'],
  },
  {
    name: 'Meldebescheinigung, extended and free for a social benefit, for an own minor child, collected in person',
    form: 'meldebescheinigung',
    steps: [
      ['art', { bescheinigungsart: 'erweitert', zusatzdaten: 'geburt', sozialleistung: 'ja', sozialleistungStelle: 'Familienkasse, Kindergeld', zweck: 'wird verworfen' }],
      ['antragsteller', { vorname: 'Erika', nachname: 'Mustermann', geburtsdatum: '12.03.1980', ...address('anschrift'), email: 'erika@example.test' }],
      ['person', { fuerWen: 'kind', personVorname: 'Lina', personNachname: 'Mustermann', kindGeburtsdatum: inDays(-8 * 365) }],
      ['zustellung', { zustellweg: 'abholen' }],
    ],
    shown: ['Lina', 'Familienkasse, Kindergeld'],
    kept: ['zusatzdaten', 'sozialleistungStelle', 'kindGeburtsdatum'],
    pruned: ['zweck', 'personGeburtsdatum', 'personAnschrift', 'vollmachtNachweis'],
  },
  {
    name: 'Bewohnerparkausweis, renewal of an own car (no proof of use needed)',
    form: 'bewohnerparkausweis',
    steps: [
      ['antragsteller', { vorname: 'Jan', nachname: 'Becker', geburtsdatum: '07.07.1977', telefon: '+49 5231 98765' }],
      ['wohnung', { ...address('anschrift', 'Krumme Straße 4'), wohnungsstatus: 'hauptwohnung', parkzone: 'A', zweitausweis: 'nein' }],
      ['fahrzeug', { kennzeichen: 'LIP-AB 123', fahrzeugart: 'pkw', halter: 'selbst', halterName: 'wird verworfen' }],
      ['geltung', { antragsart: 'verlaengerung', bisherigeAusweisnummer: 'A-0815', gueltigAb: inDays(7), laufzeit: '12' }],
    ],
    shown: ['LIP-AB 123', 'A-0815'],
    kept: ['kennzeichen', 'bisherigeAusweisnummer'],
    pruned: ['halterName', 'nutzungsnachweis', 'email'],
  },
];
