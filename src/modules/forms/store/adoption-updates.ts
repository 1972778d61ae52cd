/**
 * After an adoption ("Einer für Alle"): which of the acting tenant's forms are copies of another
 * tenant's form, whether that original has published a newer version since, and taking such a
 * newer version over as the next draft when the tenant decides to. The link to the original is
 * the copy's `source` (see adoptionSource in adopt-form.ts), so it travels with every version.
 */
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Database } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { FormDefinition } from '../definition/types.ts';
import { adoptionSource } from './adopt-form.ts';
import { FormConflictError, FormNotFoundError } from './errors.ts';
import { writeDraft } from './form-store.ts';
import type { FormVersion, StaffScope } from './types.ts';
import { requireValidDefinition } from './validate.ts';
import { toFormVersion, versionColumns, type VersionRow } from './version-rows.ts';

export type AdoptionOrigin = { tenantId: string; formId: string; version: number };

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const sourceIdPattern = new RegExp(`^kreisportal:(${uuid})/(${uuid})$`);

/** The original a definition was adopted from, read back from its `source`; undefined otherwise. */
export function adoptionOrigin(definition: unknown): AdoptionOrigin | undefined {
  const source = (definition as { source?: { kind?: unknown; id?: unknown; version?: unknown } } | null)?.source;
  if (source?.kind !== 'json' || typeof source.id !== 'string' || typeof source.version !== 'string') return undefined;
  const match = sourceIdPattern.exec(source.id);
  const version = Number(source.version);
  if (!match || !Number.isInteger(version) || version < 1) return undefined;
  return { tenantId: match[1]!, formId: match[2]!, version };
}

/** An adopted form of the acting tenant and where its original stands now. */
export type AdoptionStatus = {
  formId: string;
  origin: AdoptionOrigin;
  originTenantName: string;
  /** The original's highest published version (undefined if no longer readable). */
  originLatest: number | undefined;
  /** True when the original has published a version newer than the one this copy is based on. */
  updateAvailable: boolean;
};

type LatestRow = { form_id: string; definition: unknown };
type OriginRow = { tenant_id: string; tenant_name: string; form_id: string | null; latest: number | null };

/** The adoption status of every adopted form of the acting tenant, by form id. */
export async function adoptionStatuses(db: Database, scope: StaffScope): Promise<Map<string, AdoptionStatus>> {
  return db.transaction(scope, async (tx) => {
    // The newest version of each own form (draft or published) says what it is based on now.
    const latest = await tx.query<LatestRow>(sql`
      select distinct on (v.form_id) v.form_id, v.definition from form_versions v
      where v.tenant_id = ${scope.tenantId} and v.definition->'source'->>'id' like 'kreisportal:%'
      order by v.form_id, v.version desc`);
    const adopted = latest.flatMap((row) => {
      const origin = adoptionOrigin(row.definition);
      return origin ? [{ formId: row.form_id, origin }] : [];
    });
    if (adopted.length === 0) return new Map();
    // Published versions of other tenants are readable in every scope (migration 0005).
    const origins = await tx.query<OriginRow>(sql`
      select t.id as tenant_id, t.name as tenant_name, o.form_id, o.latest
      from tenants t left join lateral (
        select v.form_id, max(v.version) as latest from form_versions v
        where v.tenant_id = t.id and v.status = 'published'
          and v.form_id in (${sql.join(adopted.map((entry) => entry.origin.formId))})
        group by v.form_id) o on true
      where t.id in (${sql.join([...new Set(adopted.map((entry) => entry.origin.tenantId))])})`);
    const statuses = new Map<string, AdoptionStatus>();
    for (const { formId, origin } of adopted) {
      const rows = origins.filter((row) => row.tenant_id === origin.tenantId);
      const originLatest = rows.find((row) => row.form_id === origin.formId)?.latest ?? undefined;
      statuses.set(formId, {
        formId,
        origin,
        originTenantName: rows[0]?.tenant_name ?? origin.tenantId,
        originLatest,
        updateAvailable: originLatest !== undefined && originLatest > origin.version,
      });
    }
    return statuses;
  });
}

/**
 * Takes the original's published `version` over as the draft of the acting tenant's adopted form
 * (replacing an open draft; published versions stay as they are). The copy keeps this form's id
 * and records the new original version in its `source`. The tenant then reviews and publishes it.
 */
export async function acceptOriginalVersion(db: Database, scope: StaffScope, formId: string, version: number): Promise<FormVersion> {
  return db.transaction(scope, async (tx) => {
    const form = await maybeOne<{ slug: string }>(tx, sql`
      select slug from forms where tenant_id = ${scope.tenantId} and id = ${formId} for update`);
    if (!form) throw new FormNotFoundError(`No form ${formId} in this tenant`);
    const current = await maybeOne<{ definition: unknown }>(tx, sql`
      select definition from form_versions where tenant_id = ${scope.tenantId} and form_id = ${formId} order by version desc limit 1`);
    const origin = adoptionOrigin(current?.definition);
    if (!origin) throw new FormConflictError(`Form ${formId} is not adopted from another tenant`);
    if (version <= origin.version) throw new FormConflictError(`Version ${version} is not newer than the adopted version ${origin.version}`);
    const row = await maybeOne<VersionRow>(tx, sql`
      select ${versionColumns} from form_versions v
      where v.tenant_id = ${origin.tenantId} and v.form_id = ${origin.formId} and v.version = ${version} and v.status = 'published'`);
    if (!row) throw new FormNotFoundError(`No published version ${version} of the original form`);
    const original = toFormVersion(row);
    const copy: FormDefinition = requireValidDefinition({
      ...original.definition,
      id: form.slug,
      source: adoptionSource(origin.tenantId, origin.formId, version),
    });
    const draft = await writeDraft(tx, scope, formId, copy, { fromOriginal: true });
    await appendAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.userId,
      action: 'form.original_accepted',
      subjectType: 'form',
      subjectId: formId,
      data: { sourceTenantId: origin.tenantId, sourceFormId: origin.formId, sourceVersion: version, sourceSha256: original.definitionSha256, draftVersion: draft.version },
    });
    return draft;
  });
}
