/**
 * Which child elements each XDatenfelder element may have, for 2.0 and 3.0.0: enough of the XSDs
 * to refuse files with unknown, repeated or missing elements before anything is read. Element order
 * is not checked (producers differ in it and nothing here depends on it).
 *
 * Sources: XDatenfelder 2.0 (urn:xoev-de:fim:standard:xdatenfelder_2), messages
 * xdatenfelder.stammdatenschema.0102, .datenfeldgruppe.0103, .datenfeld.0104; XDatenfelder 3.0.0
 * (urn:xoev-de:fim:standard:xdatenfelder_3.0.0), the same messages. Code-typed elements follow the
 * XÖV datatype Code: unqualified children `code` and optional `name`.
 */

export const xdfNamespaces = {
  2: 'urn:xoev-de:fim:standard:xdatenfelder_2',
  3: 'urn:xoev-de:fim:standard:xdatenfelder_3.0.0',
} as const;

export type XdfVersion = keyof typeof xdfNamespaces;

export type ElementKind =
  | 'text'
  | 'code'
  | 'opaque'
  | 'header'
  | 'identifikation'
  | 'stammdatenschema'
  | 'datenfeldgruppe'
  | 'datenfeld'
  | 'regel'
  | 'struktur'
  | 'enthaelt'
  | 'codelisteReferenz'
  | 'genericodeIdentification'
  | 'werte'
  | 'wert'
  | 'relation'
  | 'message0102'
  | 'message0103'
  | 'message0104';

/** `unqualified` children (XÖV Code) carry no namespace; all others are in the message's namespace. */
export type ChildRule = { kind: ElementKind; many?: true; required?: true; unqualified?: true };

export type Grammar = {
  children: Readonly<Record<string, ChildRule>>;
  /** Exactly one of these children must be present (xs:choice). */
  oneOf?: readonly string[];
};

const text: ChildRule = { kind: 'text' };
const requiredText: ChildRule = { kind: 'text', required: true };
const code: ChildRule = { kind: 'code' };
const requiredCode: ChildRule = { kind: 'code', required: true };
const many = (kind: ElementKind): ChildRule => ({ kind, many: true });

const codeGrammar: Grammar = {
  children: { code: { kind: 'text', required: true, unqualified: true }, name: { kind: 'text', unqualified: true } },
};
const leaf: Grammar = { children: {} };
const header: Grammar = { children: { nachrichtID: text, erstellungszeitpunkt: text } };
const identifikation: Grammar = { children: { id: requiredText, version: text } };
const struktur = (bezug: ChildRule): Grammar => ({
  children: { anzahl: requiredText, bezug, enthaelt: { kind: 'enthaelt', required: true } },
});
const enthaelt: Grammar = { children: { datenfeld: { kind: 'datenfeld' }, datenfeldgruppe: { kind: 'datenfeldgruppe' } }, oneOf: ['datenfeld', 'datenfeldgruppe'] };
const messages = {
  message0102: { children: { header: { kind: 'header', required: true }, stammdatenschema: { kind: 'stammdatenschema', required: true } } },
  message0103: { children: { header: { kind: 'header', required: true }, datenfeldgruppe: { kind: 'datenfeldgruppe', required: true } } },
  message0104: { children: { header: { kind: 'header', required: true }, datenfeld: { kind: 'datenfeld', required: true } } },
} as const satisfies Record<string, Grammar>;

/** XDatenfelder 2.0: every object has these (Objekt / AllgemeineAngaben). */
const v2Common: Record<string, ChildRule> = {
  identifikation: { kind: 'identifikation', required: true },
  name: requiredText,
  bezeichnungEingabe: text,
  bezeichnungAusgabe: text,
  beschreibung: text,
  definition: text,
  bezug: text,
  status: code,
  gueltigAb: text,
  gueltigBis: text,
  fachlicherErsteller: text,
  versionshinweis: text,
  freigabedatum: text,
  veroeffentlichungsdatum: text,
};
const v2Element: Record<string, ChildRule> = { ...v2Common, schemaelementart: code, hilfetextEingabe: text, hilfetextAusgabe: text };

const v2: Record<ElementKind, Grammar> = {
  text: leaf,
  code: codeGrammar,
  opaque: leaf,
  header,
  identifikation,
  ...messages,
  stammdatenschema: {
    children: {
      ...v2Common,
      hilfetext: text,
      ableitungsmodifikationenStruktur: code,
      ableitungsmodifikationenRepraesentation: code,
      regel: many('regel'),
      struktur: many('struktur'),
    },
  },
  datenfeldgruppe: { children: { ...v2Element, regel: many('regel'), struktur: many('struktur') } },
  datenfeld: {
    children: {
      ...v2Element,
      feldart: requiredCode,
      datentyp: requiredCode,
      praezisierung: text,
      inhalt: text,
      codelisteReferenz: { kind: 'codelisteReferenz' },
      regel: many('regel'),
    },
  },
  regel: { children: { ...v2Common, script: text } },
  struktur: struktur(text),
  enthaelt,
  codelisteReferenz: {
    children: {
      identifikation: { kind: 'identifikation', required: true },
      genericodeIdentification: { kind: 'genericodeIdentification', required: true },
    },
  },
  genericodeIdentification: { children: { canonicalIdentification: requiredText, version: text, canonicalVersionUri: text } },
  werte: leaf,
  wert: leaf,
  relation: leaf,
};

/** XDatenfelder 3.0.0: Objekt, then BaukastenelementAbstrakt for groups and fields. */
const v3Common: Record<string, ChildRule> = {
  identifikation: { kind: 'identifikation', required: true },
  name: requiredText,
  beschreibung: text,
  definition: text,
  bezug: many('text'),
  freigabestatus: requiredCode,
  statusGesetztAm: text,
  statusGesetztDurch: text,
  gueltigAb: text,
  gueltigBis: text,
  versionshinweis: text,
  veroeffentlichungsdatum: text,
  letzteAenderung: text,
  relation: many('relation'),
  stichwort: many('text'),
};
const v3Element: Record<string, ChildRule> = {
  ...v3Common,
  bezeichnungEingabe: text,
  bezeichnungAusgabe: text,
  schemaelementart: code,
  hilfetextEingabe: text,
  hilfetextAusgabe: text,
};

const v3: Record<ElementKind, Grammar> = {
  text: leaf,
  code: codeGrammar,
  opaque: leaf,
  header,
  identifikation,
  ...messages,
  stammdatenschema: {
    children: {
      ...v3Common,
      bezeichnung: text,
      hilfetext: text,
      ableitungsmodifikationenStruktur: code,
      ableitungsmodifikationenRepraesentation: code,
      dokumentsteckbrief: { kind: 'identifikation' },
      regel: many('regel'),
      struktur: many('struktur'),
    },
  },
  datenfeldgruppe: { children: { ...v3Element, art: code, regel: many('regel'), struktur: many('struktur') } },
  datenfeld: {
    children: {
      ...v3Element,
      feldart: requiredCode,
      datentyp: requiredCode,
      praezisierung: text,
      inhalt: text,
      vorbefuellung: code,
      werte: { kind: 'werte' },
      codelisteReferenz: { kind: 'codelisteReferenz' },
      codeKey: text,
      nameKey: text,
      helpKey: text,
      maxSize: text,
      mediaType: many('text'),
      regel: many('regel'),
    },
  },
  regel: {
    children: {
      identifikation: { kind: 'identifikation', required: true },
      name: requiredText,
      beschreibung: text,
      freitextRegel: text,
      bezug: many('text'),
      stichwort: many('text'),
      fachlicherErsteller: text,
      letzteAenderung: text,
      typ: code,
      // Parameters, targets and error definitions of a rule script are not read, only allowed.
      param: many('opaque'),
      ziel: many('opaque'),
      skript: text,
      fehler: many('opaque'),
    },
  },
  struktur: struktur(many('text')),
  enthaelt,
  codelisteReferenz: { children: { canonicalIdentification: requiredText, version: text, canonicalVersionUri: text } },
  genericodeIdentification: leaf,
  werte: { children: { wert: { kind: 'wert', many: true, required: true } } },
  wert: { children: { code: requiredText, name: requiredText, hilfe: text } },
  relation: { children: { praedikat: requiredCode, objekt: { kind: 'identifikation', required: true } } },
};

export const grammars: Record<XdfVersion, Record<ElementKind, Grammar>> = { 2: v2, 3: v3 };

/** Root element local names of the messages read here. */
export const messageKinds: Readonly<Record<string, ElementKind>> = {
  'xdatenfelder.stammdatenschema.0102': 'message0102',
  'xdatenfelder.datenfeldgruppe.0103': 'message0103',
  'xdatenfelder.datenfeld.0104': 'message0104',
};
