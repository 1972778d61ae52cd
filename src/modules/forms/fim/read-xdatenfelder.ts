/**
 * Reads an XDatenfelder 2.0 or 3.0.0 message (0102 Stammdatenschema, 0103 Datenfeldgruppe,
 * 0104 Datenfeld) from its XML tree into the version-neutral model. The namespace of the root
 * element decides the version; the grammar check runs first, so the readers below can rely on
 * the presence and singularity of what they read.
 */
import { FimImportError, fimErrorCodes as codes } from './errors.ts';
import { checkXdfStructure } from './check-xdf-structure.ts';
import { freigabestatus, isCode } from './fim-codes.ts';
import type { FimChild, FimDocument, FimField, FimGroup, FimMessage, FimPrecision, FimRule, FimSchema, FimValue } from './fim-model.ts';
import { messageKinds, xdfNamespaces } from './xdf-grammar.ts';
import type { XdfVersion } from './xdf-grammar.ts';
import type { XmlElement } from './xml-tree.ts';

export function readXdatenfelder(root: XmlElement): FimDocument {
  const version = versionOf(root);
  const kind = messageKinds[root.local];
  if (!kind) {
    throw new FimImportError(
      codes.unsupportedMessage,
      `<${root.local}> is not a message this importer reads; expected ${Object.keys(messageKinds).join(', ')}`,
      root,
    );
  }
  checkXdfStructure(root, kind, version);
  const reader = new Reader(version);
  const message = root.local.slice(-4) as FimMessage;
  if (message === '0102') return { standard: version, message, root: reader.schema(only(root, 'stammdatenschema')) };
  if (message === '0103') return { standard: version, message, root: reader.group(only(root, 'datenfeldgruppe'), '') };
  return { standard: version, message, root: reader.field(only(root, 'datenfeld'), '') };
}

function versionOf(root: XmlElement): XdfVersion {
  for (const version of [2, 3] as const) if (root.uri === xdfNamespaces[version]) return version;
  throw new FimImportError(
    codes.unknownNamespace,
    `Unknown namespace "${root.uri || '(none)'}" of <${root.local}>; expected ${xdfNamespaces[2]} (XDatenfelder 2.0) or ${xdfNamespaces[3]} (XDatenfelder 3.0.0)`,
    root,
  );
}

function all(element: XmlElement, local: string): XmlElement[] {
  return element.children.filter((child) => child.local === local);
}

function first(element: XmlElement, local: string): XmlElement | undefined {
  return element.children.find((child) => child.local === local);
}

/** For children the grammar made mandatory. */
function only(element: XmlElement, local: string): XmlElement {
  const child = first(element, local);
  if (!child) throw new FimImportError(codes.missingElement, `<${element.local}> has no <${local}>`, element);
  return child;
}

/** Trims each line and drops runs of blank lines: XML indentation is not part of the text. */
export function normalizeText(raw: string): string | undefined {
  const text = raw
    .split(/\r?\n/)
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? undefined : text;
}

function textOf(element: XmlElement, local: string): string | undefined {
  const child = first(element, local);
  return child && normalizeText(child.text);
}

/** The value of an XÖV Code element: its `code` child. */
function codeOf(element: XmlElement, local: string): string | undefined {
  const child = first(element, local);
  return child && textOf(child, 'code');
}

class Reader {
  private readonly version: XdfVersion;

  constructor(version: XdfVersion) {
    this.version = version;
  }

  schema(element: XmlElement): FimSchema {
    const base = this.base(element, '');
    // 3.0.0 names the schema's label Bezeichnung and its help Hilfetext; 2.0 uses Bezeichnung Eingabe.
    const label = this.version === 3 ? textOf(element, 'bezeichnung') : textOf(element, 'bezeichnungEingabe');
    return { ...base, kind: 'schema', label, help: textOf(element, 'hilfetext'), children: this.structure(element, base.path) };
  }

  group(element: XmlElement, parentPath: string): FimGroup {
    const base = this.base(element, parentPath);
    return { ...base, kind: 'group', groupType: codeOf(element, 'art'), children: this.structure(element, base.path) };
  }

  field(element: XmlElement, parentPath: string): FimField {
    const base = this.base(element, parentPath);
    return {
      ...base,
      kind: 'field',
      feldart: codeOf(element, 'feldart'),
      datentyp: codeOf(element, 'datentyp'),
      precision: this.precision(first(element, 'praezisierung')),
      content: textOf(element, 'inhalt'),
      codeList: this.codeList(first(element, 'codelisteReferenz')),
      values: this.values(first(element, 'werte')),
      maxSize: textOf(element, 'maxSize'),
      mediaTypes: all(element, 'mediaType').flatMap((media) => normalizeText(media.text) ?? []),
      prefill: codeOf(element, 'vorbefuellung'),
    };
  }

  private base(element: XmlElement, parentPath: string) {
    const [id, version] = this.identification(only(element, 'identifikation'));
    const path = parentPath === '' ? id : `${parentPath}/${id}`;
    const releaseState = this.version === 3 ? this.releaseState(element) : undefined;
    return {
      id,
      version,
      name: textOf(element, 'name'),
      label: textOf(element, 'bezeichnungEingabe'),
      help: textOf(element, 'hilfetextEingabe'),
      path,
      line: element.line,
      rules: all(element, 'regel').map((rule) => this.rule(rule, path)),
      releaseState,
      status: this.version === 2 ? codeOf(element, 'status') : undefined,
      elementType: codeOf(element, 'schemaelementart'),
    };
  }

  private identification(element: XmlElement): [string, string | undefined] {
    const idElement = only(element, 'id');
    const id = normalizeText(idElement.text);
    if (id === undefined) throw new FimImportError(codes.emptyId, `<id> in <${element.local}> is empty`, idElement);
    return [id, textOf(element, 'version')];
  }

  /** XDatenfelder 3.0.0 Freigabestatus: a closed code list (xprozess status 1–8); an unknown code cannot be interpreted. */
  private releaseState(element: XmlElement): string {
    const statusElement = only(element, 'freigabestatus');
    const code = textOf(statusElement, 'code');
    if (!isCode(freigabestatus, code)) {
      const known = Object.entries(freigabestatus).map(([key, name]) => `${key} ${name}`).join(', ');
      throw new FimImportError(codes.invalidFreigabestatus, `Freigabestatus "${code ?? ''}" is not in the code list (${known})`, statusElement);
    }
    return code;
  }

  private rule(element: XmlElement, ownerPath: string): FimRule {
    const [id, version] = this.identification(only(element, 'identifikation'));
    return {
      id,
      version,
      name: textOf(element, 'name'),
      text: this.version === 3 ? textOf(element, 'freitextRegel') : textOf(element, 'definition'),
      script: this.version === 3 ? textOf(element, 'skript') : textOf(element, 'script'),
      path: `${ownerPath}/${id}`,
    };
  }

  private structure(element: XmlElement, path: string): FimChild[] {
    return all(element, 'struktur').map((struktur) => {
      const enthaelt = only(struktur, 'enthaelt');
      const groupElement = first(enthaelt, 'datenfeldgruppe');
      const inner = groupElement ? this.group(groupElement, path) : this.field(only(enthaelt, 'datenfeld'), path);
      return { cardinality: textOf(struktur, 'anzahl'), element: inner };
    });
  }

  private precision(element: XmlElement | undefined): FimPrecision {
    if (!element) return {};
    const keys = ['minLength', 'maxLength', 'minValue', 'maxValue', 'pattern'] as const;
    if (this.version === 3) {
      const precision: FimPrecision = {};
      for (const key of keys) {
        const value = element.attributes.get(key);
        if (value !== undefined && value.trim() !== '') precision[key] = value.trim();
      }
      return precision;
    }
    // 2.0 writes a JSON object as text, e.g. {"minLength":"1","maxLength":"120"}.
    const raw = normalizeText(element.text);
    if (raw === undefined) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { unreadable: raw };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { unreadable: raw };
    const precision: FimPrecision = {};
    for (const key of keys) {
      const value = (parsed as Record<string, unknown>)[key];
      if (typeof value === 'string' || typeof value === 'number') {
        if (String(value).trim() !== '') precision[key] = String(value).trim();
      }
    }
    return precision;
  }

  private codeList(element: XmlElement | undefined): FimField['codeList'] {
    if (!element) return undefined;
    const holder = this.version === 2 ? only(element, 'genericodeIdentification') : element;
    const uri = textOf(holder, 'canonicalIdentification');
    return uri === undefined ? undefined : { uri, version: textOf(holder, 'version') };
  }

  private values(element: XmlElement | undefined): FimValue[] | undefined {
    if (!element) return undefined;
    return all(element, 'wert').map((wert) => ({ code: textOf(wert, 'code') ?? '', name: textOf(wert, 'name'), help: textOf(wert, 'hilfe') }));
  }
}
