import type { Database, Queryable } from '../db/database.ts';
import { noScope } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { ExpiringCache } from './expiring-cache.ts';

/** How long a process reuses the data version it read (ms), unless told otherwise. */
export const contentVersionTtlMs = 1000;

/**
 * How long a kept page's data lives at most (ms), unless told otherwise, and the share by which
 * each entry may go earlier. The data version, not this, decides when the data is stale; the
 * lifetime only lets what nobody asks for go. It is long and spread because a short one made
 * every page read at warm-up expire in the same second a minute later: under a busy day's load
 * the whole catalog (about 5,000 service pages) was read again at once, and PostgreSQL went from
 * 1% to 40% of a core in those seconds (measured at 12,000 requests/s offered through the edge).
 */
export const contentCacheTtlMs = 15 * 60_000;
export const contentCacheSpread = 0.2;

/** One reading of the data version; `read` orders the readings of one reader. */
export type ContentVersionReading = { version: string; changedAt: Date; read: number };

type VersionReader = () => Promise<ContentVersionReading>;

/**
 * A reader of the data version, reusing a reading for `ttlMs`. The page caches and the HTTP
 * validators of a process share one per database (`sharedContentVersion`): a page's ETag is taken
 * before its body, so with one reading, moving only forward, a body is never older than its ETag.
 * With readings of their own, the ETag could already name the new version while the body came
 * from the old one, and a proxy would keep that old body under the new validator until the next
 * change anywhere.
 */
export function contentVersionReader(db: Database, ttlMs = contentVersionTtlMs, now?: () => number): VersionReader {
  const cache = new ExpiringCache<ContentVersionReading>({ ttlMs, maxEntries: 1, now });
  let reads = 0;
  const read = async (): Promise<ContentVersionReading> => {
    const order = ++reads;
    const [row] = await db.transaction(noScope, (tx) => tx.query<{ version: string; changed_at: Date }>(sql`select version, changed_at from content_version()`));
    return { version: row?.version ?? '0', changedAt: new Date(row?.changed_at ?? 0), read: order };
  };
  return () => cache.get('', read);
}

const sharedReaders = new WeakMap<Database, VersionReader>();

/** The process's one reader of the data version of `db` (see contentVersionReader). */
export function sharedContentVersion(db: Database): VersionReader {
  let reader = sharedReaders.get(db);
  if (!reader) {
    reader = contentVersionReader(db);
    sharedReaders.set(db, reader);
  }
  return reader;
}

/**
 * What the public pages read (issue 10), kept in the process: a service page costs four
 * statements in its own transaction, nine with a chosen place (the responsibility panel), and
 * the A–Z index reads and sorts every service, the home page lists the tenants — for data that
 * changes only with an offer, office, rule or tenant edit, or with a catalog import. Entries belong to one data version,
 * the validator the HTTP caching already derives the pages' ETags from (`content_version()`,
 * migration 0019, src/platform/http/caching.ts): when it changes, every entry is dropped, so a
 * change shows as soon as a new ETag would, after at most `versionTtlMs` (the app's caches and
 * ETags share one reading, `sharedContentVersion` above). Entries also expire after `ttlMs`
 * (default `contentCacheTtlMs`, each entry up to a fifth earlier), and the oldest not asked for
 * since go first when the cache is full (second-chance.ts).
 *
 * Only what every visitor sees the same is kept: the pages read in the anonymous scope
 * (`noScope`) whoever asks, so RLS shows published offers and offices only, as before; the
 * layout with user, place and CSRF token is rendered per request.
 */
export type ContentCacheOptions = { ttlMs?: number; spread?: number; versionTtlMs?: number; maxEntries?: number; now?: () => number; random?: () => number };

export class ContentCache {
  private readonly entries: ExpiringCache<unknown>;
  private readonly readVersion: VersionReader;
  private current: { value: string; read: number } | undefined;
  private readonly db: Database;

  constructor(db: Database, options: ContentCacheOptions = {}) {
    this.db = db;
    this.entries = new ExpiringCache<unknown>({
      ttlMs: options.ttlMs ?? contentCacheTtlMs,
      spread: options.spread ?? contentCacheSpread,
      maxEntries: options.maxEntries ?? 4000,
      now: options.now,
      random: options.random,
    });
    // Tests may set their own clock or time; the app's caches share the process's reading.
    this.readVersion = options.versionTtlMs !== undefined || options.now ? contentVersionReader(db, options.versionTtlMs, options.now) : sharedContentVersion(db);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value `load` gives in an anonymous transaction, reused while the data version stays. */
  get<T>(key: string, load: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.remember(key, () => this.db.transaction(noScope, load));
  }

  /** The value `compute` gives (from other entries, say: it opens no transaction), reused like `get`'s. */
  async remember<T>(key: string, run: () => Promise<T>): Promise<T> {
    let version: { value: string; read: number };
    try {
      const reading = await this.readVersion();
      version = { value: `${reading.version}|${reading.changedAt.getTime()}`, read: reading.read };
    } catch {
      return run(); // no version, no reuse: the page is read as without the cache
    }
    if (!this.current || version.read > this.current.read) {
      if (version.value !== this.current?.value) this.entries.clear();
      this.current = version;
    }
    // A request that still holds an older reading (it waited while a newer one arrived) reads afresh.
    if (version.read < this.current.read && version.value !== this.current.value) return run();
    return this.entries.get(key, run) as Promise<T>;
  }

  clear(): void {
    this.entries.clear();
  }
}
