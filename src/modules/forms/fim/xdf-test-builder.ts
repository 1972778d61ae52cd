/**
 * Builds small XDatenfelder 3.0.0 documents for tests: a field or group differs from a clean one
 * in exactly what a test is about. Only for tests.
 */
import { xdfNamespaces } from './xdf-grammar.ts';

const esc = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export type FieldSpec = Common & {
  id?: string;
  feldart?: string;
  datentyp?: string;
  precision?: Record<string, string>;
  content?: string;
  prefill?: string;
  values?: readonly (readonly [string, string])[];
  codeList?: string;
  maxSize?: string;
  mediaTypes?: readonly string[];
  rule?: { id: string; text?: string };
};

type Common = { name?: string | null; label?: string | null; help?: string; elementType?: string; version?: string };

function common(id: string, { name, label, help, elementType, version }: Common): string {
  return [
    `<xdf:identifikation><xdf:id>${id}</xdf:id><xdf:version>${version ?? '1.0.0'}</xdf:version></xdf:identifikation>`,
    name === null ? '<xdf:name></xdf:name>' : `<xdf:name>${esc(name ?? `Name ${id}`)}</xdf:name>`,
    '<xdf:freigabestatus><code>6</code></xdf:freigabestatus>',
    '<xdf:letzteAenderung>2025-01-01T00:00:00Z</xdf:letzteAenderung>',
    label === null ? '' : `<xdf:bezeichnungEingabe>${esc(label ?? `Bezeichnung ${id}`)}</xdf:bezeichnungEingabe>`,
    `<xdf:schemaelementart><code>${elementType ?? 'HAR'}</code></xdf:schemaelementart>`,
    help === undefined ? '' : `<xdf:hilfetextEingabe>${esc(help)}</xdf:hilfetextEingabe>`,
  ].join('');
}

function rule(spec: { id: string; text?: string } | undefined): string {
  if (!spec) return '';
  const text = spec.text === undefined ? '' : `<xdf:freitextRegel>${esc(spec.text)}</xdf:freitextRegel>`;
  return `<xdf:regel><xdf:identifikation><xdf:id>${spec.id}</xdf:id></xdf:identifikation><xdf:name>Regel ${spec.id}</xdf:name>${text}<xdf:typ><code>K</code></xdf:typ></xdf:regel>`;
}

export function field(spec: FieldSpec = {}, cardinality = '1:1'): string {
  const id = spec.id ?? 'F99000000001';
  const precision = spec.precision ?? (spec.datentyp === undefined || spec.datentyp === 'text' ? { minLength: '1', maxLength: '50' } : {});
  const attributes = Object.entries(precision).map(([key, value]) => ` ${key}="${esc(value)}"`).join('');
  const values = spec.values ? `<xdf:werte>${spec.values.map(([code, name]) => `<xdf:wert><xdf:code>${esc(code)}</xdf:code><xdf:name>${esc(name)}</xdf:name></xdf:wert>`).join('')}</xdf:werte>` : '';
  const body = [
    common(id, spec),
    `<xdf:feldart><code>${spec.feldart ?? 'input'}</code></xdf:feldart>`,
    `<xdf:datentyp><code>${spec.datentyp ?? 'text'}</code></xdf:datentyp>`,
    attributes === '' ? '' : `<xdf:praezisierung${attributes}/>`,
    spec.content === undefined ? '' : `<xdf:inhalt>${esc(spec.content)}</xdf:inhalt>`,
    `<xdf:vorbefuellung><code>${spec.prefill ?? 'keine'}</code></xdf:vorbefuellung>`,
    values,
    spec.codeList === undefined ? '' : `<xdf:codelisteReferenz><xdf:canonicalIdentification>${esc(spec.codeList)}</xdf:canonicalIdentification></xdf:codelisteReferenz>`,
    spec.maxSize === undefined ? '' : `<xdf:maxSize>${spec.maxSize}</xdf:maxSize>`,
    (spec.mediaTypes ?? []).map((type) => `<xdf:mediaType>${type}</xdf:mediaType>`).join(''),
    rule(spec.rule),
  ].join('');
  return `<xdf:struktur><xdf:anzahl>${cardinality}</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>${body}</xdf:datenfeld></xdf:enthaelt></xdf:struktur>`;
}

export type GroupSpec = Common & { id?: string; art?: string; rule?: { id: string; text?: string } };

export function group(spec: GroupSpec, children: readonly string[], cardinality = '1:1'): string {
  const id = spec.id ?? 'G99000000001';
  const art = spec.art === undefined ? '' : `<xdf:art><code>${spec.art}</code></xdf:art>`;
  const body = `${common(id, spec)}${art}${rule(spec.rule)}${children.join('')}`;
  return `<xdf:struktur><xdf:anzahl>${cardinality}</xdf:anzahl><xdf:enthaelt><xdf:datenfeldgruppe>${body}</xdf:datenfeldgruppe></xdf:enthaelt></xdf:struktur>`;
}

/** A Stammdatenschema message (0102) with the given Strukturen. */
export function schema(children: readonly string[], options: { label?: string | null; help?: string; id?: string } = {}): string {
  const label = options.label === null ? '' : `<xdf:bezeichnung>${esc(options.label ?? 'Testformular')}</xdf:bezeichnung>`;
  const help = options.help === undefined ? '' : `<xdf:hilfetext>${esc(options.help)}</xdf:hilfetext>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="${xdfNamespaces[3]}">`,
    '<xdf:header><xdf:nachrichtID>test</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>',
    '<xdf:stammdatenschema>',
    `<xdf:identifikation><xdf:id>${options.id ?? 'S99000000001'}</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>`,
    '<xdf:name>Testschema</xdf:name><xdf:freigabestatus><code>6</code></xdf:freigabestatus>',
    label,
    help,
    children.join(''),
    '</xdf:stammdatenschema></xdf:xdatenfelder.stammdatenschema.0102>',
  ].join('\n');
}

/** A schema with one group holding the given fields (two, so no warning 1106 for a lone child). */
export function schemaWith(...fields: string[]): string {
  const padded = fields.length === 1 ? [...fields, field({ id: 'F99000000099', name: 'Zweites Feld' })] : fields;
  return schema([group({}, padded)]);
}

/** A Datenfeldgruppe message (0103) whose root group holds the given Strukturen. */
export function groupMessage(spec: GroupSpec, children: readonly string[]): string {
  const inner = group(spec, children).replace(/^<xdf:struktur><xdf:anzahl>[^<]*<\/xdf:anzahl><xdf:enthaelt>|<\/xdf:enthaelt><\/xdf:struktur>$/g, '');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xdf:xdatenfelder.datenfeldgruppe.0103 xmlns:xdf="${xdfNamespaces[3]}">`,
    '<xdf:header><xdf:nachrichtID>test</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>',
    inner,
    '</xdf:xdatenfelder.datenfeldgruppe.0103>',
  ].join('\n');
}
