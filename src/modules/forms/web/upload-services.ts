/**
 * What uploads need from the platform, built once from the configuration: the blob store, the
 * virus scanner (none when CLAMAV_ADDRESS is unset: the start logs a warning once), the size
 * cap, and the multipart parser for the step pages only.
 */
import crypto from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { Config } from '../../../config.ts';
import type { BlobStore } from '../../../platform/blobs/blob-store.ts';
import { openBlobStore } from '../../../platform/blobs/open-blob-store.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import { csrfBinding, csrfTokenFor } from '../../../platform/http/request-context.ts';
import { ClamAvClient } from '../../../platform/scan/clamav.ts';

export type UploadServices = { blobs: BlobStore; scanner: ClamAvClient | null; maxBytes: number };

const megabyte = 1024 * 1024;
/** Files in one request, whatever the fields allow: bounds the memory one POST can take. */
const filesPerRequest = 10;

export function createUploadServices(config: Config, log: FastifyBaseLogger): UploadServices {
  if (!config.clamavAddress) {
    log.warn('CLAMAV_ADDRESS is not set: uploaded files are NOT scanned for malware (set it to the address of clamd)');
  }
  return {
    blobs: openBlobStore(config),
    scanner: config.clamavAddress ? new ClamAvClient({ address: config.clamavAddress }) : null,
    maxBytes: config.uploadMaxMb * megabyte,
  };
}

/** A file as it arrived: the browser's name, the bytes, and whether it was cut off at the size cap. */
export class ReceivedFile {
  readonly fileName: string;
  readonly data: Buffer;
  readonly truncated: boolean;
  constructor(fileName: string, data: Buffer, truncated: boolean) {
    this.fileName = fileName;
    this.data = data;
    this.truncated = truncated;
  }
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/**
 * Multipart bodies for the routes of `scope` only (the rest of the app keeps urlencoded forms).
 * Fields arrive as strings beside the files (`attachFieldsToBody: 'keyValues'`), so the CSRF
 * check (src/platform/http/csrf.ts) reads `_csrf` from the body as for any other form. Our forms
 * send `_csrf` first; a file is only read after that token proved right, so a forged request
 * cannot make the server buffer files.
 */
export async function registerMultipart(scope: FastifyInstance, options: { maxBytes: number; secret: string }): Promise<void> {
  await scope.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: options.maxBytes, files: filesPerRequest, fields: 500, fieldSize: 100 * 1024, parts: 600 },
    async onFile(part: MultipartFile) {
      const field = part.fields._csrf;
      const submitted = field && !Array.isArray(field) && field.type === 'field' ? field.value : undefined;
      const binding = csrfBinding(this);
      if (typeof submitted !== 'string' || !binding || !sameToken(submitted, csrfTokenFor(options.secret, binding))) {
        part.file.resume();
        throw new HttpError(403, 'csrf');
      }
      const data = await part.toBuffer();
      // With keyValues, `value` is what the body gets: the received file instead of a bare Buffer.
      part.value = new ReceivedFile(part.filename, data, part.file.truncated);
    },
  });
}
