import zlib from 'node:zlib';
import { evictOldestUnused } from '../cache/second-chance.ts';
import { brotliPageOptions, compressionThreshold, gzipPageOptions, pageEncodings, type PageEncoding } from './compression.ts';

/**
 * The public pages as sent, kept in the process (issue 10): the rendered HTML of an anonymous
 * catalog, offer or municipality page and, once asked for, its brotli and gzip bytes. A repeat
 * is then answered without rendering the page again or compressing it again; on a busy day the
 * same few pages are asked thousands of times a minute, and compressing alone cost about a
 * third of a page request's CPU (measured with a CPU profile of offer pages asked with
 * `Accept-Encoding: br`).
 *
 * The key is what a shared cache keys these pages by: the page's validator (caching.ts: the
 * code, the data version, language, chosen place and URL) and the whole Cookie header, as the
 * pages say `Vary: Cookie` (RFC 9110 §12.5.5). A page is therefore never handed to a request a
 * proxy would not have handed it to. Memory is bounded by bytes: pages not asked for since the
 * last time the bound was reached go first (evictOldestUnused).
 */
export type RenderedPage = {
  /** The headers the route set (content type, canonical link, …), replayed on a repeat. */
  headers: ReadonlyArray<readonly [string, string]>;
};

/** A page's bytes as sent: plain (`identity`) or compressed. */
export type PageForm = PageEncoding | 'identity';

/** `used`: asked for since it was kept or last given its second chance (evictOldestUnused). */
type Kept = RenderedPage & { forms: Map<PageForm, Buffer>; bytes: number; used: boolean };

/** Compresses a page as the compression plugin would (compression.ts), for sending and keeping. */
export function compressPage(plain: Buffer, encoding: PageEncoding): Buffer {
  return encoding === 'br' ? zlib.brotliCompressSync(plain, brotliPageOptions) : zlib.gzipSync(plain, gzipPageOptions);
}
const decompress = (body: Buffer, form: PageForm) =>
  form === 'br' ? zlib.brotliDecompressSync(body) : form === 'gzip' ? zlib.gunzipSync(body) : body;

export class RenderedPages {
  private readonly pages = new Map<string, Kept>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get size(): number {
    return this.pages.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  static key(etag: string, cookieHeader: string | undefined): string {
    return `${etag}\0${cookieHeader ?? ''}`;
  }

  /** Keeps the page as it was sent: `body` in `form`, compressed or not. */
  keep(key: string, page: RenderedPage, body: Buffer, form: PageForm = 'identity'): void {
    if (body.length > this.maxBytes) return;
    this.drop(key);
    this.pages.set(key, { ...page, forms: new Map([[form, body]]), bytes: body.length, used: false });
    this.bytes += body.length;
    this.trim(key);
  }

  /**
   * The page under `key` in `encoding` (plain when none), or nothing. A form not kept yet is made
   * from one that is, and kept too: a page is first kept only in the form it was sent in, so a
   * page only browsers ask for stays compressed (a third to a fifth of the plain bytes), and a
   * client that accepts no encoding (a crawler, a monitor) pays for unpacking once, not on every
   * request.
   */
  get(key: string, encoding: PageEncoding | undefined): { page: RenderedPage; body: Buffer; encoding: PageEncoding | undefined } | undefined {
    const kept = this.pages.get(key);
    if (!kept) return undefined;
    kept.used = true;
    const plainKept = kept.forms.get('identity');
    if (plainKept && (!encoding || plainKept.length < compressionThreshold)) return { page: kept, body: plainKept, encoding: undefined };
    const ready = kept.forms.get(encoding ?? 'identity');
    if (ready) return { page: kept, body: ready, encoding };
    const unpacked = () => {
      const [form, source] = kept.forms.entries().next().value!;
      return decompress(source, form);
    };
    if (!encoding) {
      const plain = unpacked();
      this.add(key, kept, 'identity', plain);
      return { page: kept, body: plain, encoding: undefined };
    }
    const body = compressPage(plainKept ?? unpacked(), encoding);
    this.add(key, kept, encoding, body);
    return { page: kept, body, encoding };
  }

  private add(key: string, kept: Kept, form: PageForm, body: Buffer): void {
    kept.forms.set(form, body);
    kept.bytes += body.length;
    this.bytes += body.length;
    this.trim(key);
  }

  private drop(key: string): void {
    const kept = this.pages.get(key);
    if (!kept) return;
    this.pages.delete(key);
    this.bytes -= kept.bytes;
  }

  /** Drops pages until the bytes fit, never `current` (the page being kept). */
  private trim(current: string): void {
    if (this.bytes <= this.maxBytes) return;
    evictOldestUnused(this.pages, current, (key) => {
      this.drop(key);
      return this.bytes <= this.maxBytes;
    });
  }
}

/**
 * The encoding to send for an Accept-Encoding header (RFC 9110 §12.5.3): the first of
 * `pageEncodings` (brotli before gzip) the client accepts with a weight above zero, by name or
 * by `*`; nothing (identity) when there is no header or none is accepted.
 */
export function negotiatePageEncoding(header: string | undefined): PageEncoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...parameters] = part.split(';').map((piece) => piece.trim());
    if (!name) continue;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(weight) ? weight : 0);
  }
  const wildcard = weights.get('*');
  return pageEncodings.find((encoding) => (weights.get(encoding) ?? wildcard ?? 0) > 0);
}
