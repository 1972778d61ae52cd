/**
 * A counter per database that moves whenever a form version is published in this process.
 * Readers that keep published forms in memory (forms/web/published.ts) drop what they hold when
 * it moves, so a publication is visible at once in the process that made it. Other processes
 * notice within their cache's short lifetime: published versions are immutable (a trigger of migration 0005),
 * only "which version is the latest" can be stale, and a draft keeps the version it started on.
 */
import type { Database } from '../../../platform/db/database.ts';

const generations = new WeakMap<Database, number>();

export function publicationGeneration(db: Database): number {
  return generations.get(db) ?? 0;
}

export function notePublication(db: Database): void {
  generations.set(db, publicationGeneration(db) + 1);
}
