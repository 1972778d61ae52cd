import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TextDecoder } from 'node:util';
import { parseCsv } from '../../platform/csv.ts';
import { CatalogSourceError } from './catalog-source-error.ts';

/**
 * The five CSV files of a catalog source directory (seeds/catalog, see its SOURCES.md) and the
 * columns each must have. Extra columns are ignored, missing ones stop the import.
 */
export const sourceFiles = {
  themenfelder: { file: 'ozg_themenfelder.csv', columns: ['themenfeld_id', 'themenfeld'] },
  lebenslagen: { file: 'ozg_lebenslagen.csv', columns: ['lebenslage_id', 'lebenslage', 'themenfeld_id'] },
  ozgLeistungen: { file: 'ozg_leistungen.csv', columns: ['ozg_id', 'ozg_leistung', 'lebenslage', 'themenfeld'] },
  services: {
    file: 'leika_leistungen_ozg_zuordnung.csv',
    columns: ['leistungsschluessel', 'leistungsbezeichnung', 'typisierung', 'ozg_id', 'rechtsgrundlage', 'gesetze', 'gesetz_kuerzel'],
  },
  verrichtungen: { file: 'leika_verrichtungskennungen_abgeleitet.csv', columns: ['verrichtungskennung', 'verrichtung'] },
} as const;

export type SourceName = keyof typeof sourceFiles;

/** One data row with the number of its line in the file (header = line 1), for messages. */
export type SourceRow = { line: number; values: Record<string, string> };

export type CatalogSource = {
  rows: Record<SourceName, SourceRow[]>;
  /** SHA-256 of each file's bytes, by file name: what an import run records. */
  hashes: Record<string, string>;
};

function readOne(dir: string, name: SourceName): { rows: SourceRow[]; hash: string } {
  const { file, columns } = sourceFiles[name];
  const full = path.join(dir, file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch (error) {
    throw new CatalogSourceError(`Cannot read the catalog file ${full}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CatalogSourceError(`${file} is not valid UTF-8`);
  }
  const header = (text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
  const missing = columns.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new CatalogSourceError(`${file} lacks the column(s) ${missing.join(', ')}`);
  // parseCsv keeps line breaks inside quoted fields, so line numbers hold only while no field
  // has one. None of these files has one; names are checked to be single-line (requiredText),
  // which is where a stray quote swallowing the following rows shows first.
  const rows = parseCsv(text).map((values, index) => ({ line: index + 2, values }));
  if (rows.length === 0) throw new CatalogSourceError(`${file} has no data rows`);
  return { rows, hash: crypto.createHash('sha256').update(bytes).digest('hex') };
}

/** Reads and checks the shape of every source file before anything is written. */
export function readCatalogSource(dir: string): CatalogSource {
  const rows = {} as Record<SourceName, SourceRow[]>;
  const hashes: Record<string, string> = {};
  for (const name of Object.keys(sourceFiles) as SourceName[]) {
    const result = readOne(dir, name);
    rows[name] = result.rows;
    hashes[sourceFiles[name].file] = result.hash;
  }
  return { rows, hashes };
}

/** A field's value, trimmed with inner whitespace collapsed; '' when empty. */
export function field(row: SourceRow, column: string): string {
  return (row.values[column] ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A required single-line text field. */
export function requiredText(file: string, row: SourceRow, column: string): string {
  const raw = row.values[column] ?? '';
  if (/[\r\n]/.test(raw)) throw new CatalogSourceError(`${file} line ${row.line}: ${column} spans several lines (a stray quote?)`);
  const value = field(row, column);
  if (value === '') throw new CatalogSourceError(`${file} line ${row.line}: ${column} is empty`);
  return value;
}

/** A positive whole number (ids of the OZG taxonomy). */
export function integerField(file: string, row: SourceRow, column: string): number {
  const value = field(row, column);
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new CatalogSourceError(`${file} line ${row.line}: ${column} "${value}" is not a positive whole number`);
  return Number(value);
}

/** A positive whole number, or null when the field is empty. */
export function optionalIntegerField(file: string, row: SourceRow, column: string): number | null {
  return field(row, column) === '' ? null : integerField(file, row, column);
}
