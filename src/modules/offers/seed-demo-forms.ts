/**
 * Demo forms (seeds/forms/*.json, see seeds/forms/README.md): each is published, through the form
 * store, for every tenant that has a demo offer of one of the form's services (`serviceKeys`,
 * LeiKa), and those offers' online link is pointed at the platform's own application,
 * `/<tenant-slug>/antrag/<form-slug>`. Runs after seedDemoOffers when SEED_DEMO is on.
 *
 * The forms are written by a named system account ("Demo-Daten"), so the audit log and the
 * form versions say who published them. That account is disabled and has no password and no
 * role: nobody can sign in with it.
 *
 * Idempotent and careful with real data: a tenant that already has a form with the slug keeps it
 * (only a draft this seed left unpublished is published), and an offer's link is changed only
 * while the offer is still demo data with no link or the link from demo-offers.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { createForm, importDefinition, publishDraft } from '../forms/store/index.ts';
import type { FormDefinition } from '../forms/definition/types.ts';
import { defaultDemoOffersFile, DemoOffersFileError, readDemoOffersFile } from './demo-seed-file.ts';
import { internalApplicationUrl } from './form-parsing.ts';

export const defaultDemoFormsDir = path.resolve(import.meta.dirname, '..', '..', '..', 'seeds', 'forms');

/** The system account named as author of the demo forms (never able to sign in). */
export const demoSeedAccount = { email: 'demo-daten@kreisportal.invalid', displayName: 'Demo-Daten (Systemkonto, keine Anmeldung möglich)' } as const;

export type DemoFormsResult = { published: number; linked: number };

/** Every definition in `dir` (*.json), validated; one broken file stops the seed before any write. */
export function readDemoForms(dir: string = defaultDemoFormsDir): FormDefinition[] {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  return files.map((name) => {
    const result = importDefinition(fs.readFileSync(path.join(dir, name), 'utf8'));
    if (!result.ok) {
      const problems = result.problems.slice(0, 5).map((p) => `${p.path || '(root)'} ${p.code}`).join('; ');
      throw new DemoOffersFileError(`Demo form ${name} is not a valid form definition: ${problems}`);
    }
    if (!result.definition.serviceKeys?.length) throw new DemoOffersFileError(`Demo form ${name} names no serviceKeys`);
    return result.definition;
  });
}

/** The id of the demo system account, created (disabled, without password) on first use. */
export async function ensureDemoSeedAccount(db: Database): Promise<string> {
  return db.ownerTransaction(async (tx) => {
    const existing = await maybeOne<{ id: string }>(tx, sql`select id from users where lower(email) = ${demoSeedAccount.email}`);
    if (existing) return existing.id;
    // '!' is no Argon2 hash: verifyPassword refuses it; disabled_at refuses the login as well.
    const created = await one<{ id: string }>(tx, sql`
      insert into users (kind, email, password_hash, display_name, disabled_at)
      values ('staff', ${demoSeedAccount.email}, '!', ${demoSeedAccount.displayName}, now()) returning id`);
    return created.id;
  });
}

type Target = { tenantId: string; slug: string };

async function demoOfferTenants(db: Database, serviceKeys: readonly string[]): Promise<Target[]> {
  return db.ownerTransaction((tx) =>
    tx.query<Target>(sql`
      select distinct t.id as "tenantId", t.slug
      from offers o join tenants t on t.id = o.tenant_id
      where o.demo and o.service_key in (${sql.join(serviceKeys)})
      order by t.slug`),
  );
}

/** Creates and publishes the form for the tenant unless it has one; true when the form is published now. */
async function publishFor(db: Database, scope: { tenantId: string; userId: string }, definition: FormDefinition): Promise<{ published: boolean; new: boolean }> {
  const existing = await db.ownerTransaction((tx) =>
    maybeOne<{ id: string; published: boolean; seeded_draft: boolean }>(tx, sql`
      select f.id,
             exists (select 1 from form_versions v where v.tenant_id = f.tenant_id and v.form_id = f.id and v.status = 'published') as published,
             exists (select 1 from form_versions v where v.tenant_id = f.tenant_id and v.form_id = f.id and v.status = 'draft'
                     and v.created_by = ${scope.userId}) as seeded_draft
      from forms f where f.tenant_id = ${scope.tenantId} and f.slug = ${definition.id}`),
  );
  if (existing?.published) return { published: true, new: false };
  if (existing && !existing.seeded_draft) return { published: false, new: false };
  const formId = existing?.id ?? (await createForm(db, scope, definition)).formId;
  await publishDraft(db, scope, formId);
  return { published: true, new: true };
}

/** Points the tenant's demo offers of the form's services at the form; returns how many changed. */
async function linkOffers(db: Database, scope: { tenantId: string; userId: string }, target: Target, definition: FormDefinition, seededUrls: Map<string, string>): Promise<number> {
  const url = internalApplicationUrl(target.slug, definition.id);
  return db.transaction(scope, async (tx) => {
    let linked = 0;
    for (const serviceKey of definition.serviceKeys ?? []) {
      const seeded = seededUrls.get(serviceKey) ?? null;
      const rows = await tx.query(sql`
        update offers set online_available = true, online_url = ${url}, updated_at = now()
        where tenant_id = ${scope.tenantId} and service_key = ${serviceKey} and demo
          and (online_url is null or online_url = ${seeded}) and online_url is distinct from ${url}
        returning service_key`);
      if (rows.length === 0) continue;
      linked++;
      await appendAudit(tx, {
        tenantId: scope.tenantId,
        actorId: scope.userId,
        action: 'offer.demo_form_linked',
        subjectType: 'offer',
        subjectId: serviceKey,
        data: { form: definition.id, onlineUrl: url },
      });
    }
    return linked;
  });
}

/**
 * Publishes the demo forms for the tenants with a matching demo offer and links those offers to
 * them. Needs the demo offers seeded (seedDemoOffers).
 */
export async function seedDemoForms(db: Database, dir: string = defaultDemoFormsDir, offersFile: string = defaultDemoOffersFile): Promise<DemoFormsResult> {
  const definitions = readDemoForms(dir);
  const seededUrls = new Map(readDemoOffersFile(offersFile).offers.flatMap((offer) => (offer.onlineUrl ? [[offer.serviceKey, offer.onlineUrl] as const] : [])));
  const userId = await ensureDemoSeedAccount(db);
  const result: DemoFormsResult = { published: 0, linked: 0 };
  for (const definition of definitions) {
    for (const target of await demoOfferTenants(db, definition.serviceKeys ?? [])) {
      const scope = { tenantId: target.tenantId, userId };
      const outcome = await publishFor(db, scope, definition);
      if (outcome.new) result.published++;
      if (outcome.published) result.linked += await linkOffers(db, scope, target, definition, seededUrls);
    }
  }
  return result;
}
