import zlib from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Text worth compressing: pages, stylesheets, scripts and JSON. Fonts, PDFs and images are compressed already. */
export const compressibleTypes = /^(?:text\/(?:html|css|javascript|plain|xml)|application\/(?:json|javascript|xml|problem\+json)|image\/svg\+xml)(?:;|$)/;

/** Below this, compressing costs more than it saves. */
export const compressionThreshold = 1024;
/** What pages are compressed with, in order of preference (rendered-pages.ts keeps them too). */
export const pageEncodings = ['br', 'gzip'] as const;
export type PageEncoding = (typeof pageEncodings)[number];
export const brotliPageOptions: zlib.BrotliOptions = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };
export const gzipPageOptions: zlib.ZlibOptions = { level: 6 };

/**
 * Compresses text responses for clients that accept it (RFC 9110 §8.4, `Vary: Accept-Encoding`):
 * a first visit then moves a fifth of the bytes. Brotli at quality 4 and gzip at level 6 cost
 * well under a millisecond for a page; brotli's default (11) would cost tens. Responses below
 * 1 KB go as they are, and a response that already names its encoding (the assets, compressed
 * once at start in assets-route.ts) is left alone.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    encodings: [...pageEncodings],
    threshold: compressionThreshold,
    customTypes: compressibleTypes,
    brotliOptions: brotliPageOptions,
    zlibOptions: gzipPageOptions,
  });
}
