import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { cookieNames } from './request-context.ts';
import { contentVersionReader, sharedContentVersion } from '../cache/content-cache.ts';
import { compressibleTypes, compressionThreshold } from './compression.ts';
import { compressPage, negotiatePageEncoding, RenderedPages } from './rendered-pages.ts';

/**
 * HTTP caching of anonymous public pages (issue 10) for a reverse proxy or CDN, RFC 9111 / 9110:
 * on the listed routes only, and only for visitors without a session and responses that set no
 * cookie, the page gets a weak ETag and Last-Modified derived from the data version
 * (`content_version()`, migration 0019: raised in the same transaction as every change of an
 * offer, office, responsibility rule or tenant, and by each catalog import) and
 * `Cache-Control: public, max-age, stale-while-revalidate`. A matching If-None-Match (or, without
 * one, If-Modified-Since) is answered 304 before the page is built. `Vary: Cookie`, because the
 * language (kp_lang) and the chosen place (kp_ort) come from cookies and change the page.
 */
export type PageCachingOptions = {
  db: Database;
  /** Route patterns (as registered) whose anonymous GETs may be cached. */
  routes: ReadonlySet<string>;
  maxAgeSeconds: number;
  staleSeconds: number;
  /** How long one process reuses the version it read (ms): other processes' changes show after at most this. */
  versionTtlMs?: number;
  /** Bytes of sent pages a process keeps to answer repeats (rendered-pages.ts); 0 keeps none. */
  renderedPagesMaxBytes?: number;
};

/**
 * 32 MiB hold about 2,000 pages with their compressed forms (an offer page is 7–30 KB as HTML, a
 * fifth of that compressed): the pages a busy day asks for again and again, not the whole catalog.
 */
export const defaultRenderedPagesMaxBytes = 32 * 1024 * 1024;

/**
 * Headers `registerPageCaching` sets itself on every cacheable page, and those a kept page must
 * not replay (sizes and encodings belong to the bytes sent, a cookie to one visitor).
 */
const notReplayed = new Set(['etag', 'last-modified', 'cache-control', 'vary', 'content-length', 'content-encoding', 'set-cookie', 'date', 'connection', 'keep-alive', 'transfer-encoding']);

let codeFingerprint: string | undefined;

/**
 * The same source gives the same fingerprint in every process (unlike a start time), so two app
 * servers behind one proxy agree on ETags, and a deploy of changed templates changes them all.
 */
export function sourceFingerprint(root = path.resolve(import.meta.dirname, '..', '..')): string {
  if (codeFingerprint) return codeFingerprint;
  const hash = crypto.createHash('sha256');
  const files = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  codeFingerprint = hash.digest('base64url').slice(0, 16);
  return codeFingerprint;
}

/** RFC 9110 §13.1.2: weak comparison; `*` matches any current representation. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(etag));
}

/** The compression plugin's rule: `x-no-compression` asks for the plain bytes. */
const acceptedEncoding = (request: FastifyRequest) =>
  request.headers['x-no-compression'] === undefined ? negotiatePageEncoding(request.headers['accept-encoding']) : undefined;

const setEncoding = (reply: FastifyReply, encoding: string) => reply.header('content-encoding', encoding).header('vary', 'Cookie, accept-encoding');

/** `pageKey`: where the sent page is kept (RenderedPages.key). */
type CacheState = { etag: string; lastModified: string; pageKey: string };

export function registerPageCaching(app: FastifyInstance, options: PageCachingOptions): void {
  const fingerprint = sourceFingerprint();
  // The same reading as the page caches' (content-cache.ts): an ETag is never newer than its body.
  const currentVersion = options.versionTtlMs === undefined ? sharedContentVersion(options.db) : contentVersionReader(options.db, options.versionTtlMs);
  const cacheControl =
    options.maxAgeSeconds > 0 ? `public, max-age=${options.maxAgeSeconds}, stale-while-revalidate=${options.staleSeconds}` : 'public, no-cache';
  // On the request rather than in a WeakMap keyed by requests: see admission.ts `slotKey`.
  app.decorateRequest('pageCacheState', null);
  const maxBytes = options.renderedPagesMaxBytes ?? defaultRenderedPagesMaxBytes;
  const pages = maxBytes > 0 ? new RenderedPages(maxBytes) : undefined;

  const cacheable = (request: FastifyRequest) =>
    (request.method === 'GET' || request.method === 'HEAD') &&
    options.routes.has(request.routeOptions.url ?? '') &&
    request.user === null &&
    request.cookies[cookieNames.session] === undefined;

  const setHeaders = (reply: FastifyReply, state: CacheState) =>
    reply.header('etag', state.etag).header('last-modified', state.lastModified).header('cache-control', cacheControl).header('vary', 'Cookie');

  // preHandler: after the request context (language, place, session) is known, before any page work.
  app.addHook('preHandler', async (request, reply) => {
    if (!cacheable(request)) return;
    let version: { version: string; changedAt: Date };
    try {
      version = await currentVersion();
    } catch {
      return; // no validator: the page is served uncached, the route reports any real failure
    }
    const etag = `W/"${crypto
      .createHash('sha256')
      .update([fingerprint, version.version, version.changedAt.getTime(), request.locale, request.place ?? '', request.url].join('\0'))
      .digest('base64url')
      .slice(0, 22)}"`;
    const state: CacheState = { etag, lastModified: version.changedAt.toUTCString(), pageKey: RenderedPages.key(etag, request.headers.cookie) };
    request.pageCacheState = state;
    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = Date.parse(request.headers['if-modified-since'] ?? '');
    // RFC 9110 §13.2.2: If-Modified-Since counts only without If-None-Match; dates have whole seconds.
    const notModified = ifNoneMatch
      ? etagMatches(ifNoneMatch, etag)
      : Number.isFinite(ifModifiedSince) && Math.floor(version.changedAt.getTime() / 1000) * 1000 <= ifModifiedSince;
    if (notModified) return setHeaders(reply, state).code(304).send();
    // The same page sent before: its bytes again, without rendering or compressing it anew. The
    // compression plugin leaves a response that names its encoding alone.
    const kept = pages?.get(state.pageKey, acceptedEncoding(request));
    if (!kept) return;
    for (const [name, value] of kept.page.headers) reply.header(name, value);
    setHeaders(reply, state);
    if (kept.encoding) setEncoding(reply, kept.encoding);
    return reply.code(200).send(kept.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const state = request.pageCacheState;
    if (!state || reply.statusCode !== 200 || reply.hasHeader('set-cookie') || reply.hasHeader('cache-control')) return payload;
    // Kept as the route sent it, before the compression plugin's own onSend (a route-level hook,
    // so it runs after this one). Headers already on the raw response were set for this request
    // by onRequest hooks (security headers) and are set again for every later one.
    setHeaders(reply, state);
    if (!pages || request.method !== 'GET' || !(typeof payload === 'string' || Buffer.isBuffer(payload)) || reply.hasHeader('content-encoding')) return payload;
    const headers = Object.entries(reply.getHeaders())
      .filter(([name, value]) => !notReplayed.has(name.toLowerCase()) && !reply.raw.hasHeader(name) && value !== undefined)
      .map(([name, value]) => [name, String(value)] as const);
    const plain = Buffer.from(payload);
    // Compressed here rather than by the plugin, so the bytes sent are the bytes kept.
    const encoding = plain.length >= compressionThreshold && compressibleTypes.test(String(reply.getHeader('content-type') ?? '')) ? acceptedEncoding(request) : undefined;
    if (!encoding) {
      pages.keep(state.pageKey, { headers }, plain);
      return plain;
    }
    const body = compressPage(plain, encoding);
    pages.keep(state.pageKey, { headers }, body, encoding);
    setEncoding(reply, encoding);
    return body;
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The validators and the kept page's key of a cacheable anonymous page (registerPageCaching). */
    pageCacheState: CacheState | null;
  }
}
