/**
 * Reading form definitions. Reads run as the app role, so RLS decides visibility: a tenant sees
 * its own forms and drafts and every tenant's published versions. Each query still names the
 * tenant it means, so a tenant's own view never mixes in a foreign published form.
 */
import type { Database } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { AdoptableForm, FormSummary, FormVersion, StaffScope } from './types.ts';
import { toFormVersion, versionColumns, type VersionRow } from './version-rows.ts';

/** One version of a form of `tenantId` (default: the acting tenant); a foreign draft is never found. */
export async function getVersion(
  db: Database,
  scope: StaffScope,
  formId: string,
  version: number,
  tenantId: string = scope.tenantId,
): Promise<FormVersion | undefined> {
  const row = await db.transaction(scope, (tx) =>
    maybeOne<VersionRow>(tx, sql`
      select ${versionColumns} from form_versions v
      where v.tenant_id = ${tenantId} and v.form_id = ${formId} and v.version = ${version}`),
  );
  return row && toFormVersion(row);
}

/** The highest published version of a form of `tenantId` (default: the acting tenant). */
export async function latestPublished(
  db: Database,
  scope: StaffScope,
  formId: string,
  tenantId: string = scope.tenantId,
): Promise<FormVersion | undefined> {
  const row = await db.transaction(scope, (tx) =>
    maybeOne<VersionRow>(tx, sql`
      select ${versionColumns} from form_versions v
      where v.tenant_id = ${tenantId} and v.form_id = ${formId} and v.status = 'published'
      order by v.version desc limit 1`),
  );
  return row && toFormVersion(row);
}

type SummaryRow = { id: string; slug: string; title: string; created_at: Date; draft_version: number | null; published_version: number | null };

/** The acting tenant's forms, by title. */
export async function listForms(db: Database, scope: StaffScope): Promise<FormSummary[]> {
  const rows = await db.transaction(scope, (tx) =>
    tx.query<SummaryRow>(sql`
      select f.id, f.slug, f.title, f.created_at,
        max(v.version) filter (where v.status = 'draft') as draft_version,
        max(v.version) filter (where v.status = 'published') as published_version
      from forms f left join form_versions v on v.tenant_id = f.tenant_id and v.form_id = f.id
      where f.tenant_id = ${scope.tenantId}
      group by f.tenant_id, f.id, f.slug, f.title, f.created_at`),
  );
  return rows
    .map((row) => ({
      formId: row.id,
      slug: row.slug,
      title: row.title,
      createdAt: row.created_at,
      draftVersion: row.draft_version,
      publishedVersion: row.published_version,
    }))
    .sort((a, b) => a.title.localeCompare(b.title, 'de'));
}

type AdoptableRow = {
  tenant_id: string;
  tenant_name: string;
  form_id: string;
  slug: string;
  title: string;
  version: number;
  definition_sha256: string;
  published_at: Date;
};

/** The latest published version of every other tenant's form: candidates for adoption. */
export async function listPublishedFromOtherTenants(db: Database, scope: StaffScope): Promise<AdoptableForm[]> {
  const rows = await db.transaction(scope, (tx) =>
    tx.query<AdoptableRow>(sql`
      select distinct on (v.tenant_id, v.form_id)
        v.tenant_id, t.name as tenant_name, v.form_id, f.slug, f.title, v.version, v.definition_sha256, v.published_at
      from form_versions v
        join forms f on f.tenant_id = v.tenant_id and f.id = v.form_id
        join tenants t on t.id = v.tenant_id
      where v.status = 'published' and v.tenant_id <> ${scope.tenantId}
      order by v.tenant_id, v.form_id, v.version desc`),
  );
  return rows
    .map((row) => ({
      tenantId: row.tenant_id,
      tenantName: row.tenant_name,
      formId: row.form_id,
      slug: row.slug,
      title: row.title,
      version: row.version,
      definitionSha256: row.definition_sha256,
      publishedAt: row.published_at,
    }))
    .sort((a, b) => a.title.localeCompare(b.title, 'de') || a.tenantName.localeCompare(b.tenantName, 'de'));
}

/** One form of the acting tenant (its stable handle), or undefined: a foreign form is never found. */
export async function findForm(db: Database, scope: StaffScope, formId: string): Promise<{ formId: string; slug: string; title: string } | undefined> {
  const row = await db.transaction(scope, (tx) =>
    maybeOne<{ id: string; slug: string; title: string }>(tx, sql`
      select id, slug, title from forms where tenant_id = ${scope.tenantId} and id = ${formId}`),
  );
  return row && { formId: row.id, slug: row.slug, title: row.title };
}

/** Every version of one of the acting tenant's forms, newest first: the version history. */
export async function listVersions(db: Database, scope: StaffScope, formId: string): Promise<FormVersion[]> {
  const rows = await db.transaction(scope, (tx) =>
    tx.query<VersionRow>(sql`
      select ${versionColumns} from form_versions v
      where v.tenant_id = ${scope.tenantId} and v.form_id = ${formId}
      order by v.version desc`),
  );
  return rows.map(toFormVersion);
}
