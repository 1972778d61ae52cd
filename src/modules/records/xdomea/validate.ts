/**
 * Validation of xdomea messages against the published XSDs (xdomea 3.0.0 with the XÖV base
 * schemas) with `xmllint --schema` (Debian libxml2-utils), offline. The schemas are read from
 * `../shared/data/xdomea/…` beside the project (MIT, KoSIT), or from XDOMEA_SCHEMA_DIR.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const projectRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

export function xdomeaSchemaFile(): string | undefined {
  const dir = process.env.XDOMEA_SCHEMA_DIR ?? path.join(projectRoot, '..', 'shared', 'data', 'xdomea', 'thueringen-xdomea_toolkit', 'schemes', 'xdomea_3.0.0');
  const file = path.join(dir, 'xdomea-Nachrichten-AussonderungDurchfuehren.xsd');
  return fs.existsSync(file) ? file : undefined;
}

export type Validation = { valid: true } | { valid: false; errors: string };

/** Validates one message; throws when xmllint or the schemas are not there (the caller decides whether that is fatal). */
export function validateXdomea(xml: string, schema = xdomeaSchemaFile()): Validation {
  if (!schema) throw new Error('xdomea 3.0.0 schemas not found (../shared/data/xdomea or XDOMEA_SCHEMA_DIR)');
  const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result.status === 0 ? { valid: true } : { valid: false, errors: result.stderr.trim() };
}
