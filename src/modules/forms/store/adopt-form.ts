/**
 * Adoption ("Einer für Alle"): a tenant takes over a form another tenant has published, as the
 * first draft of its own form, and adapts it from there. Only published versions can be adopted;
 * RLS would hide a foreign draft anyway, the explicit status filter makes the intent visible.
 */
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Database } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { FormDefinition } from '../definition/types.ts';
import { FormConflictError, FormNotFoundError } from './errors.ts';
import { insertFormWithDraft } from './form-store.ts';
import type { FormVersion, StaffScope } from './types.ts';
import { requireValidDefinition } from './validate.ts';
import { toFormVersion, versionColumns, type VersionRow } from './version-rows.ts';

/**
 * The reference to the adopted version, kept in the copy's `source`. The format has no source
 * kind for adoption yet, so it is recorded as a JSON copy whose id names tenant and form and
 * whose version names the adopted version; the audit entry also records the content's hash.
 */
export function adoptionSource(sourceTenantId: string, formId: string, version: number): NonNullable<FormDefinition['source']> {
  return { kind: 'json', id: `kreisportal:${sourceTenantId}/${formId}`, version: String(version) };
}

export async function adoptForm(
  db: Database,
  scope: StaffScope,
  sourceTenantId: string,
  formId: string,
  version: number,
): Promise<FormVersion> {
  if (sourceTenantId === scope.tenantId) throw new FormConflictError('A tenant cannot adopt its own form; save a new draft instead');
  return db.transaction(scope, async (tx) => {
    const row = await maybeOne<VersionRow>(tx, sql`
      select ${versionColumns} from form_versions v
      where v.tenant_id = ${sourceTenantId} and v.form_id = ${formId} and v.version = ${version} and v.status = 'published'`);
    if (!row) throw new FormNotFoundError(`No published version ${version} of form ${formId} of tenant ${sourceTenantId}`);
    const original = toFormVersion(row);
    // Re-validated: the copy must be valid under today's validator, whatever the source once passed.
    const copy = requireValidDefinition({ ...original.definition, source: adoptionSource(sourceTenantId, formId, version) });
    const adopted = await insertFormWithDraft(tx, scope, copy);
    await appendAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.userId,
      action: 'form.adopted',
      subjectType: 'form',
      subjectId: adopted.formId,
      data: { sourceTenantId, sourceFormId: formId, sourceVersion: version, sourceSha256: original.definitionSha256, slug: copy.id },
    });
    return adopted;
  });
}
