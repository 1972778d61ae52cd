/**
 * Accepting the files posted with a step, field by field and file by file, before the step's
 * answers are checked (so a file is kept even when another answer on the page needs fixing;
 * a browser cannot fill a file input again). For each file, in this order:
 *   1. size: the field's `maxSizeMb`, capped by UPLOAD_MAX_MB;
 *   2. virus scan with clamd (fail closed: no verdict, no file; EICAR and real malware → 422);
 *   3. type by content (src/platform/scan/sniff.ts) against the field's `accept`;
 *   4. count against `maxFiles` (default 1, as in the form definition schema);
 *   5. the bytes into the blob store, then the row (with its audit entry) into the database —
 *      a row is never written for a blob that was not stored.
 * A store or scanner that cannot be reached stops the request (503); the file it was at leaves
 * no row, files accepted before it in the same request stay (each is complete).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { BlobStoreError } from '../../../platform/blobs/blob-store.ts';
import type { FieldError } from '../../../platform/views/components.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { ClamAvError } from '../../../platform/scan/clamav.ts';
import { isAccepted, sniffMediaType } from '../../../platform/scan/sniff.ts';
import { addAttachment, type Attachment, type ScanResult } from '../../submissions/index.ts';
import type { FileField, Step } from '../definition/types.ts';
import { ReceivedFile, type UploadServices } from './upload-services.ts';
import { typeList, uploadMessages } from './upload-messages.ts';

const megabyte = 1024 * 1024;

/** The step's file fields that take uploads: top-level ones (files inside repeatable groups do not yet). */
export function uploadFields(step: Step): FileField[] {
  return step.fields.filter((field): field is FileField => field.type === 'file');
}

export function maxFilesOf(field: FileField): number {
  return field.maxFiles ?? 1;
}

export function maxMbOf(field: FileField, services: UploadServices): number {
  return Math.min(field.maxSizeMb, services.maxBytes / megabyte);
}

/** The files of one field in a multipart body (an empty file input arrives as a part without name and bytes). */
export function receivedFiles(body: unknown, fieldId: string): ReceivedFile[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[fieldId] : undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((entry): entry is ReceivedFile => entry instanceof ReceivedFile && !(entry.fileName === '' && entry.data.length === 0));
}

/**
 * The name to show: no path (Windows browsers used to send `C:\…`), no control or bidi override
 * characters (a name must not be able to reorder what is displayed), NFC, at most 200 characters.
 */
export function cleanFileName(raw: string, fallback: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const clean = [...base.normalize('NFC')].filter((char) => !hiddenCharacter(char.codePointAt(0) ?? 0)).join('').trim();
  if (clean === '' || clean === '.' || clean === '..') return fallback;
  return [...clean].length <= 200 ? clean : [...clean].slice(0, 200).join('');
}

/** C0 and C1 controls, and the bidirectional marks, embeddings, overrides and isolates of Unicode (UAX #9). */
function hiddenCharacter(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

export type UploadScope = { db: Database; tenantId: string; draftId: string; userId: string | null };

export type UploadOutcome =
  | { kind: 'done'; attachments: Attachment[]; errors: FieldError[] }
  | { kind: 'unavailable'; reason: 'storage' | 'scanner' };

export async function acceptUploads(
  services: UploadServices,
  scope: UploadScope,
  fields: readonly FileField[],
  body: unknown,
  existing: readonly Attachment[],
  locale: Locale,
  log: FastifyBaseLogger,
): Promise<UploadOutcome> {
  const t = translator(uploadMessages, locale);
  const attachments = [...existing];
  const errors: FieldError[] = [];
  for (const field of fields) {
    const files = receivedFiles(body, field.id);
    if (files.length === 0) continue;
    const already = attachments.filter((attachment) => attachment.fieldId === field.id).length;
    const max = maxFilesOf(field);
    if (already + files.length > max) {
      errors.push({ field: field.id, message: t('tooMany', { max }) });
      continue;
    }
    for (const file of files) {
      const name = cleanFileName(file.fileName, locale === 'de' ? 'Datei' : 'file');
      const maxMb = maxMbOf(field, services);
      if (file.truncated || file.data.length > maxMb * megabyte) {
        errors.push({ field: field.id, message: t('tooLarge', { name, mb: maxMb }) });
        continue;
      }
      if (file.data.length === 0) {
        errors.push({ field: field.id, message: t('empty', { name }) });
        continue;
      }
      let scanResult: ScanResult = 'not_scanned';
      if (services.scanner) {
        try {
          const verdict = await services.scanner.scan(file.data);
          if (verdict.kind === 'infected') {
            log.warn({ signature: verdict.signature, size: file.data.length }, 'upload refused: malware found');
            errors.push({ field: field.id, message: t('infected', { name }) });
            continue;
          }
          scanResult = 'clean';
        } catch (error) {
          if (!(error instanceof ClamAvError)) throw error;
          log.error({ err: error }, 'upload refused: the virus scanner gave no verdict');
          return { kind: 'unavailable', reason: 'scanner' };
        }
      }
      const mediaType = sniffMediaType(file.data);
      if (!isAccepted(field.accept, mediaType)) {
        errors.push({ field: field.id, message: t('wrongType', { name, types: typeList(field.accept, locale) }) });
        continue;
      }
      let sha256: string;
      try {
        sha256 = (await services.blobs.put(file.data)).sha256;
      } catch (error) {
        if (!(error instanceof BlobStoreError)) throw error;
        log.error({ err: error }, 'upload refused: the blob store failed');
        return { kind: 'unavailable', reason: 'storage' };
      }
      const row = { fieldId: field.id, fileName: name, mediaType, size: file.data.length, sha256, scanResult };
      attachments.push(await scope.db.transaction({ tenantId: scope.tenantId, userId: scope.userId }, (tx) => addAttachment(tx, scope.tenantId, scope.draftId, row, scope.userId)));
    }
  }
  return { kind: 'done', attachments, errors };
}
