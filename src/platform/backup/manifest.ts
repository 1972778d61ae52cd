import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseKind } from '../db/database.ts';
import { BackupError } from './backup-error.ts';
import type { Column, SequenceState } from './catalog.ts';

/**
 * `manifest.json`: what a backup holds and how to check it. It is written last, so a backup
 * interrupted half-way has none and is never mistaken for a complete one.
 */

export const manifestFile = 'manifest.json';
export const manifestFormat = 'kreisportal-backup';
export const manifestFormatVersion = 1;

export type ManifestTable = {
  name: string;
  /** File name inside the backup directory: `<table>.ndjson` or `<table>.ndjson.gz`. */
  file: string;
  /** The order of the values on each line of the file. */
  columns: Column[];
  rows: number;
  bytes: number;
  sha256: string;
};

export type ManifestBlob = { path: string; bytes: number; sha256: string };
export type ManifestMigration = { version: number; name: string; checksum: string };

export type Manifest = {
  format: typeof manifestFormat;
  format_version: typeof manifestFormatVersion;
  created_at: string;
  source: { kind: DatabaseKind; server_version: string };
  migrations: ManifestMigration[];
  tables: ManifestTable[];
  sequences: SequenceState[];
  blobs: ManifestBlob[];
};

export function writeManifest(dir: string, manifest: Manifest): void {
  const temporary = path.join(dir, `${manifestFile}.partial`);
  fs.writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', flush: true });
  fs.renameSync(temporary, path.join(dir, manifestFile));
}

/** A relative path with `/` separators that cannot leave the directory it is joined to. */
export function isSafeRelativePath(value: string): boolean {
  if (value === '' || value.includes('\\') || value.includes('\0') || value.startsWith('/')) return false;
  return value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

const hex64 = /^[0-9a-f]{64}$/;
const dataFileName = /^[A-Za-z0-9_]+\.ndjson(\.gz)?$/;

function fail(dir: string, what: string): never {
  throw new BackupError(`${path.join(dir, manifestFile)} is not a valid Kreisportal backup manifest: ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(dir: string, value: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(value) || !value.every(isRecord)) fail(dir, `${what} must be a list of objects`);
  return value;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Reads and checks the manifest. Everything restore later joins to a path or compares is
 * validated here, so a damaged or hostile manifest cannot point outside the backup directory.
 */
export function readManifest(dir: string): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, manifestFile), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new BackupError(`No complete backup at ${dir}: ${manifestFile} is missing`);
    }
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    fail(dir, 'not JSON');
  }
  if (!isRecord(raw) || raw.format !== manifestFormat) fail(dir, `format is not "${manifestFormat}"`);
  if (raw.format_version !== manifestFormatVersion) {
    throw new BackupError(`The backup at ${dir} has format version ${String(raw.format_version)}; this Kreisportal reads version ${manifestFormatVersion}`);
  }
  if (!isString(raw.created_at) || !isRecord(raw.source) || !isString(raw.source.kind) || !isString(raw.source.server_version)) {
    fail(dir, 'created_at or source missing');
  }
  const migrations = list(dir, raw.migrations, 'migrations').map((m) => {
    if (!isCount(m.version) || !isString(m.name) || !isString(m.checksum) || !hex64.test(m.checksum)) fail(dir, 'bad migration entry');
    return { version: m.version, name: m.name, checksum: m.checksum };
  });
  const tables = list(dir, raw.tables, 'tables').map((t) => {
    if (!isString(t.name) || !isString(t.file) || !dataFileName.test(t.file)) fail(dir, 'bad table name or file');
    if (!isCount(t.rows) || !isCount(t.bytes) || !isString(t.sha256) || !hex64.test(t.sha256)) fail(dir, `bad counts or checksum for ${t.name}`);
    const columns = list(dir, t.columns, `columns of ${t.name}`).map((c) => {
      if (!isString(c.name) || !isString(c.type)) fail(dir, `bad column of ${t.name}`);
      return { name: c.name, type: c.type };
    });
    return { name: t.name, file: t.file, columns, rows: t.rows, bytes: t.bytes, sha256: t.sha256 };
  });
  if (new Set(tables.map((t) => t.file)).size !== tables.length) fail(dir, 'two tables share a file');
  const sequences = list(dir, raw.sequences, 'sequences').map((s) => {
    if (!isString(s.name) || !(s.last_value === null || (isString(s.last_value) && /^-?\d+$/.test(s.last_value)))) fail(dir, 'bad sequence entry');
    return { name: s.name, last_value: s.last_value };
  });
  const blobs = list(dir, raw.blobs, 'blobs').map((b) => {
    if (!isString(b.path) || !isSafeRelativePath(b.path)) fail(dir, `blob path ${String(b.path)} is not a safe relative path`);
    if (!isCount(b.bytes) || !isString(b.sha256) || !hex64.test(b.sha256)) fail(dir, `bad size or checksum for blob ${b.path}`);
    return { path: b.path, bytes: b.bytes, sha256: b.sha256 };
  });
  return {
    format: manifestFormat,
    format_version: manifestFormatVersion,
    created_at: raw.created_at,
    source: { kind: raw.source.kind as DatabaseKind, server_version: raw.source.server_version },
    migrations,
    tables,
    sequences,
    blobs,
  };
}
