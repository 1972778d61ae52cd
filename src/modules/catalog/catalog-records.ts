import { CatalogSourceError } from './catalog-source-error.ts';
import { parseLaws, parseLegalReferences } from './legal-basis.ts';
import { field, integerField, optionalIntegerField, requiredText, sourceFiles, type CatalogSource, type SourceRow } from './read-source.ts';
import { decideKey, verrichtungCode } from './service-key.ts';

/** One row to write: its key, its name (for the slug) and the other column values. */
export type CatalogRecord = { key: string; name: string; values: Record<string, unknown> };

export type SkippedRow = { line: number; sourceKey: string; name: string };
export type DuplicateRow = { line: number; key: string; firstLine: number; sameContent: boolean };

export type CatalogRecords = {
  themenfelder: CatalogRecord[];
  lebenslagen: CatalogRecord[];
  ozgLeistungen: CatalogRecord[];
  services: CatalogRecord[];
  /** LeiKa rows whose key is neither a 14-digit LeiKa key nor "nicht im LeiKa" nor empty. */
  skipped: SkippedRow[];
  /** LeiKa rows whose key an earlier row already had: the first row wins. */
  duplicates: DuplicateRow[];
};

/** Ids must be unique in the small OZG taxonomy files; a repeat means a broken export. */
function uniqueBy<T>(file: string, items: { line: number; id: T; item: CatalogRecord }[]): CatalogRecord[] {
  const seen = new Map<T, number>();
  for (const { line, id } of items) {
    const first = seen.get(id);
    if (first !== undefined) throw new CatalogSourceError(`${file} line ${line}: id ${String(id)} repeats line ${first}`);
    seen.set(id, line);
  }
  return items.map(({ item }) => item);
}

function themenfelder(rows: SourceRow[]): CatalogRecord[] {
  const file = sourceFiles.themenfelder.file;
  return uniqueBy(file, rows.map((row) => {
    const id = integerField(file, row, 'themenfeld_id');
    const name = requiredText(file, row, 'themenfeld');
    return { line: row.line, id, item: { key: String(id), name, values: { id, name } } };
  }));
}

function lebenslagen(rows: SourceRow[], themenfeldIds: Set<number>): CatalogRecord[] {
  const file = sourceFiles.lebenslagen.file;
  return uniqueBy(file, rows.map((row) => {
    const id = integerField(file, row, 'lebenslage_id');
    const name = requiredText(file, row, 'lebenslage');
    const themenfeldId = integerField(file, row, 'themenfeld_id');
    if (!themenfeldIds.has(themenfeldId)) throw new CatalogSourceError(`${file} line ${row.line}: unknown themenfeld_id ${themenfeldId}`);
    return { line: row.line, id, item: { key: String(id), name, values: { id, name, themenfeld_id: themenfeldId } } };
  }));
}

/** OZG-Leistungen name their Lebenslage (and its Themenfeld) by name, not id: resolve and cross-check. */
function ozgLeistungen(rows: SourceRow[], lebenslagenByName: Map<string, { id: number; themenfeld: string }>): CatalogRecord[] {
  const file = sourceFiles.ozgLeistungen.file;
  return uniqueBy(file, rows.map((row) => {
    const ozgId = integerField(file, row, 'ozg_id');
    const name = requiredText(file, row, 'ozg_leistung');
    const lebenslageName = requiredText(file, row, 'lebenslage');
    const lebenslage = lebenslagenByName.get(lebenslageName);
    if (!lebenslage) throw new CatalogSourceError(`${file} line ${row.line}: unknown Lebenslage "${lebenslageName}"`);
    const themenfeld = field(row, 'themenfeld');
    if (themenfeld !== '' && themenfeld !== lebenslage.themenfeld) {
      throw new CatalogSourceError(`${file} line ${row.line}: Lebenslage "${lebenslageName}" belongs to "${lebenslage.themenfeld}", not "${themenfeld}"`);
    }
    return { line: row.line, id: ozgId, item: { key: String(ozgId), name, values: { ozg_id: ozgId, name, lebenslage_id: lebenslage.id } } };
  }));
}

/** Every law name that stands alone in some row: the vocabulary for splitting lists of laws. */
function singleLawNames(rows: SourceRow[]): Set<string> {
  const names = new Set<string>();
  for (const row of rows) {
    const abbreviations = field(row, 'gesetz_kuerzel').split(',').filter((a) => a.trim() !== '');
    const laws = field(row, 'gesetze');
    if (laws !== '' && abbreviations.length <= 1) names.add(laws);
  }
  return names;
}

function services(rows: SourceRow[], ozgIds: Set<number>, verrichtungen: Map<string, string>, result: CatalogRecords): void {
  const file = sourceFiles.services.file;
  const knownLaws = singleLawNames(rows);
  const firstByKey = new Map<string, { line: number; record: CatalogRecord }>();
  for (const row of rows) {
    const name = requiredText(file, row, 'leistungsbezeichnung');
    const ozgId = optionalIntegerField(file, row, 'ozg_id');
    if (ozgId !== null && !ozgIds.has(ozgId)) throw new CatalogSourceError(`${file} line ${row.line}: unknown ozg_id ${ozgId}`);
    const sourceKey = field(row, 'leistungsschluessel');
    const decision = decideKey(sourceKey, name, ozgId);
    if (decision.kind === 'malformed') {
      result.skipped.push({ line: row.line, sourceKey, name });
      continue;
    }
    const code = verrichtungCode(decision.key);
    const legalBasis = field(row, 'rechtsgrundlage');
    const record: CatalogRecord = {
      key: decision.key,
      name,
      values: {
        key: decision.key,
        name,
        typisierung: field(row, 'typisierung') || null,
        ozg_id: ozgId,
        verrichtung: code === null ? null : (verrichtungen.get(code) ?? null),
        legal_basis: legalBasis || null,
        legal_references: parseLegalReferences(legalBasis),
        laws: parseLaws(field(row, 'gesetze'), field(row, 'gesetz_kuerzel'), knownLaws),
      },
    };
    const first = firstByKey.get(decision.key);
    if (first && decision.kind === 'local' && (first.record.name.toLowerCase() !== name.toLowerCase() || first.record.values.ozg_id !== ozgId)) {
      // Two different services under one 52-bit hash prefix: astronomically unlikely, but never merge them silently.
      throw new CatalogSourceError(`${file} line ${row.line}: local key ${decision.key} also belongs to line ${first.line}`);
    }
    if (first) {
      result.duplicates.push({ line: row.line, key: decision.key, firstLine: first.line, sameContent: JSON.stringify(first.record) === JSON.stringify(record) });
      continue;
    }
    firstByKey.set(decision.key, { line: row.line, record });
    result.services.push(record);
  }
}

/** Turns the checked source rows into the records of the four catalog tables. */
export function buildCatalogRecords(source: CatalogSource): CatalogRecords {
  const result: CatalogRecords = { themenfelder: [], lebenslagen: [], ozgLeistungen: [], services: [], skipped: [], duplicates: [] };
  result.themenfelder = themenfelder(source.rows.themenfelder);
  const themenfeldNames = new Map(result.themenfelder.map((t) => [t.values.id as number, t.name]));
  result.lebenslagen = lebenslagen(source.rows.lebenslagen, new Set(themenfeldNames.keys()));
  const lebenslagenByName = new Map(
    result.lebenslagen.map((l) => [l.name, { id: l.values.id as number, themenfeld: themenfeldNames.get(l.values.themenfeld_id as number) ?? '' }]),
  );
  if (lebenslagenByName.size !== result.lebenslagen.length) throw new CatalogSourceError(`${sourceFiles.lebenslagen.file}: a Lebenslage name repeats`);
  result.ozgLeistungen = ozgLeistungen(source.rows.ozgLeistungen, lebenslagenByName);
  const verrichtungen = new Map<string, string>();
  for (const row of source.rows.verrichtungen) {
    const code = field(row, 'verrichtungskennung');
    if (!/^[0-9]{3}$/.test(code)) throw new CatalogSourceError(`${sourceFiles.verrichtungen.file} line ${row.line}: "${code}" is not a 3-digit Verrichtungskennung`);
    verrichtungen.set(code, requiredText(sourceFiles.verrichtungen.file, row, 'verrichtung'));
  }
  services(source.rows.services, new Set(result.ozgLeistungen.map((o) => o.values.ozg_id as number)), verrichtungen, result);
  return result;
}
