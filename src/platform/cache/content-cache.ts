import type { Database, Queryable } from '../db/database.ts';
import { noScope } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { ExpiringCache } from './expiring-cache.ts';

/**
 * What the public pages read (issue 10), kept in the process: a service page costs four
 * statements in its own transaction, nine with a chosen place (the responsibility panel), and
 * the A–Z index reads and sorts every service, the home page lists the tenants — for data that
 * changes only with an offer, office, rule or tenant edit, or with a catalog import. Entries belong to one data version,
 * the validator the HTTP caching already derives the pages' ETags from (`content_version()`,
 * migration 0019, src/platform/http/caching.ts): when it changes, every entry is dropped, so a
 * change shows as soon as a new ETag would, after at most `versionTtlMs` (the same second the
 * ETags reuse their version for). Entries also expire after `ttlMs`, and the least recently
 * used go first when the cache is full.
 *
 * Only what every visitor sees the same is kept: the pages read in the anonymous scope
 * (`noScope`) whoever asks, so RLS shows published offers and offices only, as before; the
 * layout with user, place and CSRF token is rendered per request.
 */
/** How long a process reuses the data version it read (ms), unless told otherwise. */
export const contentVersionTtlMs = 1000;

export type ContentCacheOptions = { ttlMs?: number; versionTtlMs?: number; maxEntries?: number; now?: () => number };

export class ContentCache {
  private readonly entries: ExpiringCache<unknown>;
  private readonly version: ExpiringCache<{ value: string; read: number }>;
  private current: { value: string; read: number } | undefined;
  private reads = 0;
  private readonly db: Database;

  constructor(db: Database, options: ContentCacheOptions = {}) {
    this.db = db;
    this.entries = new ExpiringCache<unknown>({ ttlMs: options.ttlMs ?? 60_000, maxEntries: options.maxEntries ?? 4000, now: options.now });
    this.version = new ExpiringCache<{ value: string; read: number }>({ ttlMs: options.versionTtlMs ?? contentVersionTtlMs, maxEntries: 1, now: options.now });
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
      version = await this.version.get('', () => this.readVersion());
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
    this.version.clear();
  }

  private async readVersion(): Promise<{ value: string; read: number }> {
    const read = ++this.reads;
    const [row] = await this.db.transaction(noScope, (tx) =>
      tx.query<{ version: string; changed_at: Date }>(sql`select version, changed_at from content_version()`));
    return { value: `${row?.version ?? '0'}|${new Date(row?.changed_at ?? 0).getTime()}`, read };
  }
}
