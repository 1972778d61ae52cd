/** How a version leaves the server: shown in the browser or downloaded, under its original name. */

/** Formats browsers render without running code: opened in the browser (PDF viewer, image). */
export function isPreviewable(mediaType: string): boolean {
  return ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(mediaType);
}

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266 §4.3, RFC 8187). */
export function contentDispositionOf(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'dokument';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
