/**
 * Values kept in the process for a short while, for reads that many requests repeat: the public
 * pages' reads and catalog searches ("Personalausweis", "Wohngeld" are asked again and again),
 * both per data version (content-cache.ts). Entries expire after `ttlMs`, so a change made by another process
 * shows within that time; the least recently used go first when the cache is full, so memory
 * stays bounded whatever is asked. Concurrent misses for the same key share one lookup, so a
 * burst on a new key runs it once.
 */
export type ExpiringCacheOptions = { maxEntries?: number; ttlMs?: number; now?: () => number };

type Entry<T> = { value: Promise<T>; expiresAt: number };

export class ExpiringCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ExpiringCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 2000;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached value of `key`, or the value `load` gives (then kept, unless it fails). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const found = this.entries.get(key);
    if (found && found.expiresAt > now) {
      // Most recently used last: Map keeps insertion order, so the first key is the oldest.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.value;
    }
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
