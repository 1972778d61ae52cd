/**
 * Writing form definitions: create a form, save its draft, publish the draft. Every write runs in
 * one app-role transaction of the acting tenant (RLS applies) together with its audit entry.
 */
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { maybeOne, one } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { FormDefinition } from '../definition/types.ts';
import { validateDefinition } from '../definition/validate-definition.ts';
import { definitionSha256 } from './definition-hash.ts';
import { notePublication } from './publication-generation.ts';
import { FormConflictError, FormNotFoundError, InvalidDefinitionError, type DefinitionProblem } from './errors.ts';
import type { FormVersion, StaffScope } from './types.ts';
import { requireValidDefinition } from './validate.ts';
import { toFormVersion, versionColumns, type VersionRow } from './version-rows.ts';

/** Inserts a form with draft version 1 (shared by createForm and adoptForm). */
export async function insertFormWithDraft(tx: Queryable, scope: StaffScope, definition: FormDefinition): Promise<FormVersion> {
  const taken = await maybeOne(tx, sql`select 1 from forms where tenant_id = ${scope.tenantId} and slug = ${definition.id}`);
  if (taken) throw new FormConflictError(`This tenant already has a form "${definition.id}"`);
  const form = await one<{ id: string }>(tx, sql`
    insert into forms (tenant_id, slug, title) values (${scope.tenantId}, ${definition.id}, ${definition.title.de}) returning id`);
  const row = await one<VersionRow>(tx, sql`
    insert into form_versions as v (tenant_id, form_id, version, status, definition, definition_sha256, created_by)
    values (${scope.tenantId}, ${form.id}, 1, 'draft', ${JSON.stringify(definition)}::jsonb, ${definitionSha256(definition)}, ${scope.userId})
    returning ${versionColumns}`);
  return toFormVersion(row);
}

/** Validates the definition and creates the form with it as draft version 1. */
export async function createForm(db: Database, scope: StaffScope, json: unknown): Promise<FormVersion> {
  const definition = requireValidDefinition(json);
  return db.transaction(scope, async (tx) => {
    const created = await insertFormWithDraft(tx, scope, definition);
    await appendAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.userId,
      action: 'form.created',
      subjectType: 'form',
      subjectId: created.formId,
      data: { slug: definition.id, version: 1, sha256: created.definitionSha256 },
    });
    return created;
  });
}

/**
 * Locks the tenant's form row: saves and publishes of one form are serialised, so two editors
 * cannot both find "no draft" and race for the next version number.
 */
async function lockForm(tx: Queryable, scope: StaffScope, formId: string): Promise<{ slug: string }> {
  const form = await maybeOne<{ slug: string }>(tx, sql`
    select slug from forms where tenant_id = ${scope.tenantId} and id = ${formId} for update`);
  if (!form) throw new FormNotFoundError(`No form ${formId} in this tenant`);
  return form;
}

/**
 * Writes `body` as the form's draft: overwrites the open draft, or opens a new one as the next
 * version after the latest published. Shared by saveDraft and saveWorkingDraft.
 */
export async function writeDraft(tx: Queryable, scope: StaffScope, formId: string, document: object, audit: Record<string, unknown>): Promise<FormVersion> {
  const body = JSON.stringify(document);
  // Canonical JSON hashes any object; a working draft need not be a valid definition yet.
  const sha = definitionSha256(document as FormDefinition);
  let row = await maybeOne<VersionRow>(tx, sql`
    update form_versions as v set definition = ${body}::jsonb, definition_sha256 = ${sha}, created_at = now(), created_by = ${scope.userId}
    where v.tenant_id = ${scope.tenantId} and v.form_id = ${formId} and v.status = 'draft'
    returning ${versionColumns}`);
  if (!row) {
    const latest = await one<{ max: number | null }>(tx, sql`
      select max(version) as max from form_versions where tenant_id = ${scope.tenantId} and form_id = ${formId}`);
    row = await one<VersionRow>(tx, sql`
      insert into form_versions as v (tenant_id, form_id, version, status, definition, definition_sha256, created_by)
      values (${scope.tenantId}, ${formId}, ${(latest.max ?? 0) + 1}, 'draft', ${body}::jsonb, ${sha}, ${scope.userId})
      returning ${versionColumns}`);
  }
  const saved = toFormVersion(row);
  await appendAudit(tx, {
    tenantId: scope.tenantId,
    actorId: scope.userId,
    action: 'form.draft_saved',
    subjectType: 'form',
    subjectId: formId,
    data: { version: saved.version, sha256: sha, ...audit },
  });
  return saved;
}

/**
 * Saves the definition as the form's draft: overwrites the open draft, or opens a new one as
 * the next version after the latest published. The form's id (slug) cannot change: it is how
 * submissions, links and adopting tenants name the form across its versions.
 */
export async function saveDraft(db: Database, scope: StaffScope, formId: string, json: unknown): Promise<FormVersion> {
  const definition = requireValidDefinition(json);
  return db.transaction(scope, async (tx) => {
    const form = await lockForm(tx, scope, formId);
    if (definition.id !== form.slug) {
      throw new InvalidDefinitionError([{ path: '/id', code: 'id_changed', message: `must stay "${form.slug}", the id of this form` }]);
    }
    return writeDraft(tx, scope, formId, definition, {});
  });
}

/**
 * Saves work in progress from the editor: a draft may be unfinished, so it is stored even when
 * the validator finds problems (they are returned for the editor to show, and publishDraft
 * refuses such a draft). It must still be a JSON object that keeps the form's id.
 */
export async function saveWorkingDraft(
  db: Database,
  scope: StaffScope,
  formId: string,
  json: unknown,
): Promise<{ version: FormVersion; problems: DefinitionProblem[] }> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidDefinitionError([{ path: '', code: 'type', message: 'must be an object' }]);
  }
  const result = validateDefinition(json);
  const problems: DefinitionProblem[] = result.ok ? [] : result.problems;
  return db.transaction(scope, async (tx) => {
    const form = await lockForm(tx, scope, formId);
    if ((json as { id?: unknown }).id !== form.slug) {
      throw new InvalidDefinitionError([{ path: '/id', code: 'id_changed', message: `must stay "${form.slug}", the id of this form` }]);
    }
    const version = await writeDraft(tx, scope, formId, json, { valid: problems.length === 0, problems: problems.length });
    return { version, problems };
  });
}

/**
 * Publishes the open draft: from now on the version is immutable (enforced by the database).
 * A working draft may hold problems (saveWorkingDraft); only a valid one is published.
 */
export async function publishDraft(db: Database, scope: StaffScope, formId: string): Promise<FormVersion> {
  const version = await db.transaction(scope, async (tx) => {
    await lockForm(tx, scope, formId);
    const draft = await maybeOne<{ definition: unknown }>(tx, sql`
      select definition from form_versions where tenant_id = ${scope.tenantId} and form_id = ${formId} and status = 'draft'`);
    if (!draft) throw new FormNotFoundError(`Form ${formId} has no draft to publish`);
    requireValidDefinition(draft.definition);
    const row = await maybeOne<VersionRow>(tx, sql`
      update form_versions as v set status = 'published', published_at = now(), published_by = ${scope.userId}
      where v.tenant_id = ${scope.tenantId} and v.form_id = ${formId} and v.status = 'draft'
      returning ${versionColumns}`);
    if (!row) throw new FormNotFoundError(`Form ${formId} has no draft to publish`);
    const published = toFormVersion(row);
    // The listing title follows what is published, never a draft (others may read the form row).
    await tx.query(sql`update forms set title = ${published.definition.title.de} where tenant_id = ${scope.tenantId} and id = ${formId}`);
    await appendAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.userId,
      action: 'form.published',
      subjectType: 'form',
      subjectId: formId,
      data: { version: published.version, sha256: published.definitionSha256 },
    });
    return published;
  });
  // After the commit: readers that keep published forms in memory see the new version at once.
  notePublication(db);
  return version;
}
