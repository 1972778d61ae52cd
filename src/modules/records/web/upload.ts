/**
 * Checks one uploaded file for the records and stores its bytes, in the order of the citizens'
 * upload pipeline (src/modules/forms/web/uploads.ts, ADR 0006): size, virus scan (fail closed),
 * type by content, then the blob. Any format the sniffer recognises is taken (records hold
 * letters, scans, office files); unknown binary content is refused.
 */
import type { FastifyBaseLogger } from 'fastify';
import { BlobStoreError } from '../../../platform/blobs/blob-store.ts';
import { ClamAvError } from '../../../platform/scan/clamav.ts';
import { sniffMediaType, unknownMediaType } from '../../../platform/scan/sniff.ts';
import { ReceivedFile, type UploadServices } from '../../forms/web/upload-services.ts';
import { cleanFileName } from '../../forms/web/uploads.ts';
import type { VersionInput } from '../documents.ts';
import type { T } from './view-tools.ts';

export type StoredUpload =
  | { kind: 'stored'; version: VersionInput }
  | { kind: 'invalid'; message: string; /** The signature clamd named, for the audit log. */ infected?: string }
  | { kind: 'unavailable'; reason: 'storage' | 'scanner' };

const megabyte = 1024 * 1024;

/** The file of the multipart field `file`, if one was chosen (an empty input sends no name and no bytes). */
export function receivedFile(body: unknown): ReceivedFile | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined;
  return value instanceof ReceivedFile && !(value.fileName === '' && value.data.length === 0) ? value : undefined;
}

export async function storeUpload(services: UploadServices, file: ReceivedFile | undefined, t: T, log: FastifyBaseLogger): Promise<StoredUpload> {
  if (!file) return { kind: 'invalid', message: t('error.noFile') };
  const name = cleanFileName(file.fileName, 'Dokument');
  if (file.truncated || file.data.length > services.maxBytes) return { kind: 'invalid', message: t('error.tooLarge', { name, mb: services.maxBytes / megabyte }) };
  if (file.data.length === 0) return { kind: 'invalid', message: t('error.empty', { name }) };
  let scanResult: VersionInput['scanResult'] = 'not_scanned';
  if (services.scanner) {
    try {
      const verdict = await services.scanner.scan(file.data);
      if (verdict.kind === 'infected') {
        log.warn({ signature: verdict.signature, size: file.data.length }, 'records upload refused: malware found');
        return { kind: 'invalid', message: t('error.infected', { name }), infected: verdict.signature };
      }
      scanResult = 'clean';
    } catch (error) {
      if (!(error instanceof ClamAvError)) throw error;
      log.error({ err: error }, 'records upload refused: the virus scanner gave no verdict');
      return { kind: 'unavailable', reason: 'scanner' };
    }
  }
  const mediaType = sniffMediaType(file.data);
  if (mediaType === unknownMediaType) return { kind: 'invalid', message: t('error.unknownType', { name }) };
  try {
    const { sha256, size } = await services.blobs.put(file.data);
    return { kind: 'stored', version: { sha256, size, mediaType, fileName: name, scanResult } };
  } catch (error) {
    if (!(error instanceof BlobStoreError)) throw error;
    log.error({ err: error }, 'records upload refused: the blob store failed');
    return { kind: 'unavailable', reason: 'storage' };
  }
}
