/**
 * The FIM quality messages this importer checks, with code, type (severity) and text exactly as in
 * the code list "Meldungen XDF-Qualität" (urn:xoev-de:fim-datenfelder:codeliste:xdfm, version 1.8,
 * FIM-Baustein Datenfelder), taken from Meldungen_xdfm.xml of the FIM-XSLT project by Volker
 * Schmitz (github.com/vs5000/FIM-XSLT, commit e9e356ed), licensed under the Apache License 2.0
 * (http://www.apache.org/licenses/LICENSE-2.0). Only the subset checked here is copied; a test
 * compares it with the original file in ../shared/data/fim/fim-xslt-xdfm/.
 */

export type QualitySeverity = 'FehlerKritisch' | 'FehlerMethodisch' | 'Warnung' | 'Hinweis';

export const qualityMessages = {
  '1002': { severity: 'FehlerKritisch', text: "Der Name eines Elements ist nicht gesetzt." },
  '1003': { severity: 'Warnung', text: "In einem Datenschema sollte ein Baukastenelement i. d. R. nicht mehrfach in unterschiedlichen Versionen enthalten sein." },
  '1004': { severity: 'Warnung', text: "In einer Datenfeldgruppe darf ein Baukastenelement nicht mehrfach in derselben Version enthalten sein." },
  '1009': { severity: 'FehlerKritisch', text: "Die 'Bezeichnung Eingabe' muss befüllt werden." },
  '1011': { severity: 'FehlerKritisch', text: "Bei Datenfeldern mit der Feldart 'Auswahl' muss der Datentyp 'Text' sein." },
  '1012': { severity: 'FehlerMethodisch', text: "Bei Datenfeldern mit der Feldart 'Auswahlfeld' oder 'Statisches, read-only Feld' dürfen weder die minimale noch die maximale Feldlänge angegeben werden." },
  '1013': { severity: 'FehlerMethodisch', text: "Innerhalb von Datenschemata und Datenfeldgruppen dürfen nur Elemente mit der Strukturelementart 'harmonisiert' oder 'rechtsnormgebunden' verwendet werden." },
  '1014': { severity: 'FehlerKritisch', text: "Datenfelder dürfen nicht die Strukturelementart 'abstrakt' haben." },
  '1015': { severity: 'FehlerKritisch', text: "Eine Feldlänge darf nur bei einem Datenfeld mit dem Datentyp 'Text' oder 'String.Latin+' angegeben werden." },
  '1016': { severity: 'FehlerKritisch', text: "Ein Wertebereich darf nur bei einem Datenfeld mit einem nummerischen Datentyp (Nummer, Ganzzahl, Geldbetrag) oder einem Zeitdatentyp (Uhrzeit, Datum, Zeitpunkt) angegeben werden." },
  '1017': { severity: 'FehlerKritisch', text: "Ist eine Code- oder Werteliste zugeordnet, muss die Feldart 'Auswahl' sein." },
  '1018': { severity: 'Warnung', text: "Wenn ein Datenfeld die Feldart 'Auswahl' hat, muss entweder eine Code- oder eine Werteliste zugeordnet sein." },
  '1021': { severity: 'FehlerKritisch', text: "Es ist keine Multiplizität angegeben." },
  '1023': { severity: 'FehlerKritisch', text: "Eine Datenfeldgruppe muss mindestens ein Unterelement enthalten." },
  '1024': { severity: 'FehlerMethodisch', text: "Die Freitextregel muss befüllt sein." },
  '1025': { severity: 'FehlerMethodisch', text: "In einem Datenschema dürfen Baukastenelement auf oberster Ebene nicht mehrfach in derselben Version enthalten sein." },
  '1027': { severity: 'FehlerKritisch', text: "Es ist keine oder eine unbekannte Feldart angegeben." },
  '1028': { severity: 'FehlerKritisch', text: "Es ist kein oder ein unbekannter Datentyp angegeben." },
  '1030': { severity: 'FehlerKritisch', text: "Es ist keine oder eine unbekannte Vorbefüllungsart angegeben." },
  '1031': { severity: 'FehlerKritisch', text: "Es ist keine oder eine unbekannte Strukturelementart angegeben." },
  '1042': { severity: 'FehlerKritisch', text: "Es ist keine oder eine unbekannte Gruppenart angegeben." },
  '1043': { severity: 'FehlerMethodisch', text: "Eine Auswahlgruppe muss mindestens zwei Unterelemente haben." },
  '1044': { severity: 'FehlerMethodisch', text: "Eine Code- oder Werteliste muss mindestens zwei Einträge haben." },
  '1045': { severity: 'FehlerKritisch', text: "Innerhalb einer Code- oder Werteliste dürfen Codes (Schlüssel) nicht doppelt verwendet werden." },
  '1046': { severity: 'FehlerKritisch', text: "Die Multiplizität entspricht nicht den Formatvorgaben." },
  '1047': { severity: 'FehlerKritisch', text: "In der Multiplizität muss die minimale Anzahl kleiner oder gleich der maximalen Anzahl sein." },
  '1050': { severity: 'FehlerKritisch', text: "Die Bezeichnung muss befüllt sein." },
  '1056': { severity: 'FehlerKritisch', text: "Die Dateigröße darf nur befüllt sein, wenn der Datentyp des Feldes den Wert 'Anlage (Datei)' hat." },
  '1057': { severity: 'FehlerKritisch', text: "Erlaubte Datentypen dürfen nur angegeben werden, wenn der Datentyp des Feldes den Wert 'Anlage (Datei)' hat." },
  '1059': { severity: 'FehlerKritisch', text: "Die minimale Feldlänge muss eine ganze Zahl größer oder gleich Null sein." },
  '1060': { severity: 'FehlerKritisch', text: "Die maximale Feldlänge muss eine ganze Zahl größer Null sein." },
  '1061': { severity: 'FehlerKritisch', text: "Die minimale Feldlänge darf nicht größer sein als die maximale Feldlänge." },
  '1062': { severity: 'FehlerKritisch', text: "Die untere Wertgrenze muss eine Zahl sein." },
  '1063': { severity: 'FehlerKritisch', text: "Die obere Wertgrenze muss eine Zahl sein." },
  '1064': { severity: 'FehlerKritisch', text: "Die untere Wertgrenze darf nicht größer sein als die obere Wertgrenze." },
  '1065': { severity: 'FehlerKritisch', text: "Die untere Wertgrenze muss eine ganze Zahl sein." },
  '1066': { severity: 'FehlerKritisch', text: "Die obere Wertgrenze muss eine ganze Zahl sein." },
  '1067': { severity: 'FehlerKritisch', text: "Die untere Wertgrenze muss ein Datum sein." },
  '1068': { severity: 'FehlerKritisch', text: "Die obere Wertgrenze muss ein Datum sein." },
  '1069': { severity: 'FehlerKritisch', text: "Der Inhalt muss eine Zahl sein." },
  '1070': { severity: 'FehlerKritisch', text: "Der Inhalt muss eine ganze Zahl sein." },
  '1071': { severity: 'FehlerKritisch', text: "Der Inhalt muss ein Datum sein." },
  '1077': { severity: 'FehlerKritisch', text: "Der Inhalt muss ein Wahrheitswert sein (true oder false)." },
  '1078': { severity: 'FehlerKritisch', text: "Ein Datenschema muss mindestens ein Unterelement enthalten." },
  '1090': { severity: 'FehlerKritisch', text: "Bei Datenfeldern mit der Feldart 'Statisch' darf der Datentyp nur 'Statisches Objekt', 'Text' oder 'Text (String Latin)' sein." },
  '1093': { severity: 'Warnung', text: "Innerhalb einer Code- oder Werteliste sollten Namen (Bezeichnungen) nicht doppelt verwendet werden." },
  '1098': { severity: 'FehlerMethodisch', text: "Bezeichnung und Hilfetext dürfen nicht gleich sein." },
  '1099': { severity: 'FehlerMethodisch', text: "Name und Hilfetext dürfen nicht gleich sein." },
  '1100': { severity: 'FehlerKritisch', text: "Bei Datenfeldern mit den Datentypen 'Anlage (Datei)' oder 'Statisches Objekt' darf der Inhalt nicht gefüllt sein." },
  '1102': { severity: 'Warnung', text: "Bei Eingabedatenfeldern mit dem Datentyp 'Text' oder 'String.Latin+' sollten, wenn möglich, die minimale und maximale Feldlänge angegeben werden." },
  '1103': { severity: 'Warnung', text: "Bei Datenfeldern mit dem Datentyp 'Nummer', 'Ganzzahl', 'Geldbetrag' oder 'Datum' sollte, wenn möglich, ein Wertebereich angegeben werden." },
  '1106': { severity: 'Warnung', text: "Eine Datenfeldgruppe sollte mehr als ein Unterelement haben." },
  '1109': { severity: 'Warnung', text: "Bei einem Feld mit nur lesendem Zugriff, der Feldart 'Statisch' wird i. d. R. der Inhalt mit einem Text befüllt." },
  '1118': { severity: 'FehlerKritisch', text: "Ein Unterlement einer Auswahlgruppe muss immer die Multiplizität 0:1 haben." },
  '1120': { severity: 'FehlerMethodisch', text: "Bei Datenfeldern mit den Datentypen 'Anlage (Datei)' oder 'Statisches Objekt' darf kein Pattern angegeben werden." },
  '1139': { severity: 'Hinweis', text: "Die Multiplizität von Datenfeldern des Typs 'Anlage (Datei)' sollte i. d. R. immer mehrfach, also 'n:*' sein." },
} as const satisfies Record<string, { severity: QualitySeverity; text: string }>;

export type QualityCode = keyof typeof qualityMessages;
