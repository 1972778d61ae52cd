/**
 * How a stored file leaves the server: shown in the browser or downloaded, under its original
 * name, never cached by shared caches or the browser (the files hold personal data, Art. 32
 * DSGVO), and with `nosniff`, so the browser takes the type detected from the content rather
 * than a guess of its own.
 */
import type { FastifyReply } from 'fastify';

/** Formats browsers render without running code (PDF viewer, raster images): opened in the browser. SVG is not among them. */
export function isPreviewable(mediaType: string): boolean {
  return ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(mediaType);
}

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266 §4.3, RFC 8187). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'datei';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export type PrivateFile = { mediaType: string; fileName: string; bytes: Buffer };

/** Sends `file`; inline when its type is previewable, unless `disposition` says otherwise. */
export function sendPrivateFile(reply: FastifyReply, file: PrivateFile, disposition: 'inline' | 'attachment' = isPreviewable(file.mediaType) ? 'inline' : 'attachment'): FastifyReply {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', contentDisposition(disposition, file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}
