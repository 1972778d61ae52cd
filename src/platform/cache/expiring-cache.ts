/**
 * Values kept in the process for a short while, for reads that many requests repeat: the public
 * pages' reads and catalog searches ("Personalausweis", "Wohngeld" are asked again and again),
 * both per data version (content-cache.ts). Entries expire after `ttlMs` (each up to `spread` of
 * it earlier): a cache that is not dropped on changes, as content-cache.ts does, shows a change
 * made by another process within that time. When the cache is full, the oldest entries not asked
 * for since go first (evictOldestUnused), so memory stays bounded whatever is asked. Concurrent
 * misses for the same key share one lookup, so a burst on a new key runs it once.
 */
import { evictOldestUnused } from './second-chance.ts';

export type ExpiringCacheOptions = {
  maxEntries?: number;
  ttlMs?: number;
  /**
   * The share of `ttlMs` (0–1) by which an entry may expire earlier, drawn per entry. Entries
   * filled together (a warm-up, the first minute of a launch) would otherwise expire together
   * and be read again together, at the busiest time, as a storm of misses on the database.
   */
  spread?: number;
  now?: () => number;
  /** A number in [0, 1): tests fix it. */
  random?: () => number;
};

type Entry<T> = { value: Promise<T>; expiresAt: number; used: boolean };

export class ExpiringCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly spread: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(options: ExpiringCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 2000;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.spread = Math.min(1, Math.max(0, options.spread ?? 0));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached value of `key`, or the value `load` gives (then kept, unless it fails). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const found = this.entries.get(key);
    if (found && found.expiresAt > now) {
      found.used = true;
      return found.value;
    }
    const value = load();
    this.entries.delete(key);
    const lifetime = this.spread > 0 ? this.ttlMs * (1 - this.spread * this.random()) : this.ttlMs;
    this.entries.set(key, { value, expiresAt: now + lifetime, used: false });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      evictOldestUnused(this.entries, key, (oldest) => {
        this.entries.delete(oldest);
        return this.entries.size <= this.maxEntries;
      });
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
