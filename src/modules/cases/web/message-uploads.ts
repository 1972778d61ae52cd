/**
 * Files sent with a message (the applicant's answer to a Rückfrage, a caseworker's letter): the
 * checks of the application uploads (src/modules/forms/web/uploads.ts, ADR 0006), in their order
 * — number, size (UPLOAD_MAX_MB), virus scan with clamd (fail closed), type by content — for
 * every file before any is stored, so a message keeps all of its files or none. Then the bytes go
 * into the blob store; the rows follow in the transaction of the message (message-files.ts).
 */
import type { FastifyBaseLogger } from 'fastify';
import { BlobStoreError } from '../../../platform/blobs/blob-store.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { ClamAvError } from '../../../platform/scan/clamav.ts';
import { isAccepted, sniffMediaType } from '../../../platform/scan/sniff.ts';
import type { UploadServices } from '../../forms/web/upload-services.ts';
import { typeList, uploadMessages } from '../../forms/web/upload-messages.ts';
import { cleanFileName, receivedFiles } from '../../forms/web/uploads.ts';
import type { StoredMessageFile } from '../message-files.ts';

/** The multipart field of the files on both sides' message forms. */
export const messageFileField = 'dateien';
/** Documents and photos of documents: what a Rückfrage asks for, what a letter is. */
export const messageFileTypes: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/tiff'];
export const maxMessageFiles = 5;

const megabyte = 1024 * 1024;

export type MessageUpload =
  | { kind: 'stored'; files: StoredMessageFile[] }
  | { kind: 'invalid'; messages: string[] }
  | { kind: 'unavailable'; reason: 'storage' | 'scanner' };

/** The hint under the file input: allowed types, size and number. */
export function messageFileHint(services: UploadServices, locale: Locale): string {
  const t = translator(uploadMessages, locale);
  return `${t('allowed', { types: typeList(messageFileTypes, locale), mb: services.maxBytes / megabyte })} ${t('allowedCount', { max: maxMessageFiles })}`;
}

export async function storeMessageFiles(services: UploadServices, body: unknown, locale: Locale, log: FastifyBaseLogger): Promise<MessageUpload> {
  const t = translator(uploadMessages, locale);
  const files = receivedFiles(body, messageFileField);
  if (files.length > maxMessageFiles) return { kind: 'invalid', messages: [t('tooMany', { max: maxMessageFiles })] };
  const messages: string[] = [];
  const checked: { data: Buffer; name: string; mediaType: string; scanResult: StoredMessageFile['scanResult'] }[] = [];
  for (const file of files) {
    const name = cleanFileName(file.fileName, locale === 'de' ? 'Datei' : 'file');
    if (file.truncated || file.data.length > services.maxBytes) {
      messages.push(t('tooLarge', { name, mb: services.maxBytes / megabyte }));
      continue;
    }
    if (file.data.length === 0) {
      messages.push(t('empty', { name }));
      continue;
    }
    let scanResult: StoredMessageFile['scanResult'] = 'not_scanned';
    if (services.scanner) {
      try {
        const verdict = await services.scanner.scan(file.data);
        if (verdict.kind === 'infected') {
          log.warn({ signature: verdict.signature, size: file.data.length }, 'message file refused: malware found');
          messages.push(t('infected', { name }));
          continue;
        }
        scanResult = 'clean';
      } catch (error) {
        if (!(error instanceof ClamAvError)) throw error;
        log.error({ err: error }, 'message file refused: the virus scanner gave no verdict');
        return { kind: 'unavailable', reason: 'scanner' };
      }
    }
    const mediaType = sniffMediaType(file.data);
    if (!isAccepted(messageFileTypes, mediaType)) {
      messages.push(t('wrongType', { name, types: typeList(messageFileTypes, locale) }));
      continue;
    }
    checked.push({ data: file.data, name, mediaType, scanResult });
  }
  if (messages.length > 0) return { kind: 'invalid', messages };
  const stored: StoredMessageFile[] = [];
  for (const file of checked) {
    try {
      const blob = await services.blobs.put(file.data);
      stored.push({ name: file.name, mediaType: file.mediaType, size: file.data.length, sha256: blob.sha256, scanResult: file.scanResult });
    } catch (error) {
      if (!(error instanceof BlobStoreError)) throw error;
      log.error({ err: error }, 'message file refused: the blob store failed');
      return { kind: 'unavailable', reason: 'storage' };
    }
  }
  return { kind: 'stored', files: stored };
}
