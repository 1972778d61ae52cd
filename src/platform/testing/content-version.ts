import { contentVersionTtlMs } from '../cache/content-cache.ts';

/**
 * Waits until a process reads the data version afresh (content-cache.ts, http/caching.ts): a
 * change of an offer, office, rule or tenant shows on the public pages and in their ETags only
 * after that, so a test that changes one and looks again waits this long in between.
 */
export const afterContentVersionTtl = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, contentVersionTtlMs + 100));
