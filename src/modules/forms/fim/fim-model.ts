/**
 * An XDatenfelder document as read from either version, before it is mapped: the elements a form
 * needs (Stammdatenschema, Datenfeldgruppe, Datenfeld, Regel, Struktur) with their texts and codes
 * as written in the file. Empty texts are `undefined`; codes are not yet checked against their lists.
 */
import type { XdfVersion } from './xdf-grammar.ts';

type FimBase = {
  id: string;
  version: string | undefined;
  name: string | undefined;
  /** Bezeichnung Eingabe (3.0.0 Stammdatenschema: Bezeichnung): the label a citizen sees. */
  label: string | undefined;
  /** Hilfetext Eingabe (Stammdatenschema: Hilfetext). */
  help: string | undefined;
  /** Where the element sits, as FIM ids from the root: `S00000092/G00000082/F60000227`. */
  path: string;
  line: number;
  rules: FimRule[];
  /** 3.0.0 Freigabestatus code (1–8). */
  releaseState: string | undefined;
  /** 2.0 Status code (aktiv, inaktiv …). */
  status: string | undefined;
  /** Schemaelementart / Strukturelementart: ABS, HAR, RNG. */
  elementType: string | undefined;
};

export type FimRule = {
  id: string;
  version: string | undefined;
  name: string | undefined;
  /** 2.0 Definition, 3.0.0 Freitextregel. */
  text: string | undefined;
  /** 2.0 script, 3.0.0 skript. */
  script: string | undefined;
  path: string;
};

/** Präzisierung: 2.0 writes it as a JSON object in the element text, 3.0.0 as attributes. */
export type FimPrecision = {
  minLength?: string;
  maxLength?: string;
  minValue?: string;
  maxValue?: string;
  pattern?: string;
  /** 2.0 text that is not a JSON object. */
  unreadable?: string;
};

export type FimValue = { code: string; name: string | undefined; help: string | undefined };

export type FimField = FimBase & {
  kind: 'field';
  feldart: string | undefined;
  datentyp: string | undefined;
  precision: FimPrecision;
  /** Inhalt: the text of a static field, or a preset value. */
  content: string | undefined;
  codeList: { uri: string; version: string | undefined } | undefined;
  /** 3.0.0 Werteliste. */
  values: FimValue[] | undefined;
  /** 3.0.0 maxSize in bytes, as written. */
  maxSize: string | undefined;
  mediaTypes: string[];
  prefill: string | undefined;
};

export type FimGroup = FimBase & {
  kind: 'group';
  /** 3.0.0 Gruppenart: X = Auswahlgruppe (exactly one child is filled). */
  groupType: string | undefined;
  children: FimChild[];
};

export type FimSchema = FimBase & { kind: 'schema'; children: FimChild[] };

/** One entry of a Struktur: an element with its Anzahl (multiplicity, `min:max`). */
export type FimChild = { cardinality: string | undefined; element: FimField | FimGroup };

export type FimMessage = '0102' | '0103' | '0104';

export type FimDocument = {
  standard: XdfVersion;
  message: FimMessage;
  /** The Stammdatenschema (0102), Datenfeldgruppe (0103) or Datenfeld (0104) the message carries. */
  root: FimSchema | FimGroup | FimField;
};
