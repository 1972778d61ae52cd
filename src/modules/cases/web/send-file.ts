/**
 * Sends a stored file of a case (an application's file, a message's file) after checking it
 * against its SHA-256 on the way out: a damaged or missing blob is reported (and logged), never
 * served. Personal data: kept out of shared caches and the browser's cache (Art. 32 DSGVO), and
 * `nosniff` so the browser takes the type we detected from the content, not a guess of its own.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BlobIntegrityError, BlobNotFoundError, type BlobStore } from '../../../platform/blobs/blob-store.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { sendPrivateFile } from '../../../platform/http/file-response.ts';
import { html } from '../../../platform/views/html.ts';
import { caseMessages } from './messages.ts';

export type FileToSend = { id: string; name: string; mediaType: string; sha256: string };

/** The page staff see for a damaged or missing file (500, the details are in the log). */
function damagedPage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const t = translator(caseMessages, request.locale);
  return reply.page({ title: t('file.damagedTitle'), content: html`<h1 class="kern-heading-x-large">${t('file.damagedTitle')}</h1><p class="kern-body">${t('file.damaged')}</p>`, status: 500 });
}

/** `answerDamaged`: how a damaged or missing blob is answered (the case API answers JSON). */
export async function sendCaseFile(
  request: FastifyRequest,
  reply: FastifyReply,
  blobs: BlobStore,
  file: FileToSend,
  disposition: 'inline' | 'attachment',
  answerDamaged: (request: FastifyRequest, reply: FastifyReply) => FastifyReply = damagedPage,
): Promise<FastifyReply> {
  let bytes: Buffer;
  try {
    bytes = await blobs.get(file.sha256);
  } catch (error) {
    if (error instanceof BlobIntegrityError || error instanceof BlobNotFoundError) {
      request.log.error({ err: error, file: file.id, sha256: file.sha256 }, 'case file damaged or missing');
      return answerDamaged(request, reply);
    }
    throw error;
  }
  return sendPrivateFile(reply, { mediaType: file.mediaType, fileName: file.name, bytes }, disposition);
}
