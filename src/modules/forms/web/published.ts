/**
 * The published form a citizen fills in, found by the tenant's and the form's slugs. Only
 * published versions: a draft definition may be unfinished and never reaches citizens. A draft
 * application asks for the exact version it was started on.
 */
import type { Database } from '../../../platform/db/database.ts';
import { maybeOne, noScope } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { findTenantBySlug } from '../../tenants/index.ts';
import { publicationGeneration } from '../store/index.ts';
import type { FormDefinition } from '../definition/types.ts';

export type PublishedForm = { tenantId: string; formId: string; version: number; definition: FormDefinition };

/**
 * Tenant ids by slug, per database, kept a minute: every step of every application asks, and a
 * slug names the same tenant for its whole life (the app reads the tenant list once at start).
 * Saves a transaction per request (issue 8, the absenden path).
 */
const tenantIds = new WeakMap<Database, Map<string, { id: string; until: number }>>();
const tenantIdTtlMs = 60_000;

async function tenantIdOf(db: Database, slug: string): Promise<string | undefined> {
  let known = tenantIds.get(db);
  if (!known) tenantIds.set(db, (known = new Map()));
  const hit = known.get(slug);
  if (hit && hit.until > Date.now()) return hit.id;
  const tenant = await db.transaction(noScope, (tx) => findTenantBySlug(tx, slug));
  if (!tenant) return undefined;
  if (known.size > 1000) known.clear();
  known.set(slug, { id: tenant.id, until: Date.now() + tenantIdTtlMs });
  return tenant.id;
}

/**
 * Published forms by tenant, form and version, per database: every request of an application
 * asks, and a published version never changes (a trigger of migration 0005 keeps it so). A named
 * version is kept ten minutes; "the latest" five seconds and only until this process publishes
 * again (publicationGeneration), so another process sees a new version within seconds. Saves a
 * transaction per request (issue 8, the absenden path). Kept frozen: requests share the object.
 */
type CachedForm = { form: PublishedForm; until: number; generation: number };
const publishedForms = new WeakMap<Database, Map<string, CachedForm>>();
const latestTtlMs = 5_000;
const exactTtlMs = 600_000;
const maxCachedForms = 2_000;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export async function findPublishedForm(db: Database, tenantSlug: string, formSlug: string, version?: number): Promise<PublishedForm | undefined> {
  let cache = publishedForms.get(db);
  if (!cache) publishedForms.set(db, (cache = new Map()));
  const key = `${tenantSlug}\u0000${formSlug}\u0000${version ?? 'latest'}`;
  const generation = publicationGeneration(db);
  const hit = cache.get(key);
  if (hit && hit.until > Date.now() && hit.generation === generation) return hit.form;
  const form = await loadPublishedForm(db, tenantSlug, formSlug, version);
  if (!form) return undefined;
  if (cache.size >= maxCachedForms) cache.clear();
  cache.set(key, { form: deepFreeze(form), until: Date.now() + (version === undefined ? latestTtlMs : exactTtlMs), generation });
  return form;
}

async function loadPublishedForm(db: Database, tenantSlug: string, formSlug: string, version?: number): Promise<PublishedForm | undefined> {
  const tenantId = await tenantIdOf(db, tenantSlug);
  if (!tenantId) return undefined;
  const exact = version === undefined ? sql`` : sql`and v.version = ${version}`;
  const row = await db.transaction({ tenantId, userId: null }, (tx) =>
    maybeOne<{ form_id: string; version: number; definition: FormDefinition }>(tx, sql`
      select v.form_id, v.version, v.definition
      from forms f join form_versions v on v.tenant_id = f.tenant_id and v.form_id = f.id
      where f.tenant_id = ${tenantId} and f.slug = ${formSlug} and v.status = 'published' ${exact}
      order by v.version desc limit 1`),
  );
  return row && { tenantId, formId: row.form_id, version: row.version, definition: row.definition };
}

// Built once: an Intl formatter costs far more to create than to use.
const germanDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' });

/** The day of answering in Germany, for relative date bounds (`today+7`). */
export function todayInGermany(now: Date = new Date()): string {
  return germanDay.format(now);
}
