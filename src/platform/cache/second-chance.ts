/**
 * Eviction for the in-process caches (expiring-cache.ts, rendered-pages.ts): "second chance", the
 * CLOCK approximation of least-recently-used. A hit only sets the entry's `used` flag; the map is
 * changed when something must go. The oldest entry goes first unless it was used since it was
 * kept or last passed over: then it loses the flag and moves behind the newest.
 *
 * Why not move every hit to the end of the map (delete and set again, exact LRU): at thousands of
 * hits a second that refills the map's hash table with deleted slots and has V8 allocate a new
 * table every few hundred hits. The table in use survives each young-generation collection and is
 * copied by it; under a flood of one municipality's pages that made the collections, which stop
 * every other request on the event loop, two to four times longer.
 */
export type SecondChanceEntry = { used: boolean };

/**
 * Walks `entries` from the oldest and calls `evict(key)` for each entry that has no second chance
 * left, until `evict` returns true (enough was freed). `current` (the entry just kept) is never
 * evicted. Entries used since they were kept or last passed over lose the flag and go to the end.
 */
export function evictOldestUnused<E extends SecondChanceEntry>(entries: Map<string, E>, current: string, evict: (key: string) => boolean): void {
  // A Map's iterator also visits entries moved behind it, so every entry is met at most twice:
  // once with its flag, once without.
  for (const [key, entry] of entries) {
    if (key === current) continue;
    if (entry.used) {
      entry.used = false;
      entries.delete(key);
      entries.set(key, entry);
      continue;
    }
    if (evict(key)) return;
  }
}
