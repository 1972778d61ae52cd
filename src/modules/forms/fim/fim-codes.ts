/**
 * The FIM code lists the importer interprets. Feldart, Datentyp and Freigabestatus as in the FIM
 * portal API (code lists urn:xoev-de:fim:codeliste:xdatenfelder.feldart, .datentyp and
 * urn:xoev-de:xprozess:codeliste:status); Schemaelementart, Vorbefüllung, Gruppenart and the
 * relation predicates as in XDatenfelder 3.0.0.
 */

export const feldarten = {
  input: 'Eingabefeld',
  select: 'Auswahlfeld',
  label: 'Statisches, read-only Feld',
  hidden: 'Verstecktes Feld',
  locked: 'Gesperrtes Feld',
} as const;
export type Feldart = keyof typeof feldarten;

export const datentypen = {
  text: 'Text',
  text_latin: 'String.Latin+',
  date: 'Datum',
  time: 'Uhrzeit',
  datetime: 'Zeitpunkt (Datum und Uhrzeit)',
  bool: 'Wahrheitswert',
  num: 'Nummer (Fließkommazahl)',
  num_int: 'Ganzzahl',
  num_currency: 'Geldbetrag',
  file: 'Anlage (Datei)',
  obj: 'Statisches Objekt',
} as const;
export type Datentyp = keyof typeof datentypen;

export const freigabestatus = {
  '1': 'in Planung',
  '2': 'in Bearbeitung',
  '3': 'Entwurf',
  '4': 'methodisch freigegeben',
  '5': 'fachlich freigegeben (silber)',
  '6': 'fachlich freigegeben (gold)',
  '7': 'inaktiv',
  '8': 'vorgesehen zum Löschen',
} as const;

export const schemaelementarten = { ABS: 'abstrakt', HAR: 'harmonisiert', RNG: 'rechtsnormgebunden' } as const;
export const vorbefuellungen = { keine: 'keine', optional: 'optional', verpflichtend: 'verpflichtend' } as const;
export const gruppenarten = { X: 'Auswahlgruppe' } as const;
export const relationPraedikate = { ABL: 'ist abgeleitet von', ERS: 'ersetzt', EQU: 'ist äquivalent zu', VKN: 'ist verknüpft mit' } as const;

export function isCode<T extends object>(list: T, code: string | undefined): code is Extract<keyof T, string> {
  return code !== undefined && Object.hasOwn(list, code);
}

/** Datentypen that carry a number (Wertebereich allowed, FIM message 1016). */
export const numericDatentypen: readonly Datentyp[] = ['num', 'num_int', 'num_currency'];
/** Datentypen that carry a point in time (Wertebereich allowed, FIM message 1016). */
export const temporalDatentypen: readonly Datentyp[] = ['date', 'time', 'datetime'];
/** Datentypen that have a length (Feldlänge allowed, FIM message 1015). */
export const textualDatentypen: readonly Datentyp[] = ['text', 'text_latin'];
