import type { FormDefinition } from '../definition/types.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { FormVersion, VersionStatus } from './types.ts';

export type VersionRow = {
  tenant_id: string;
  form_id: string;
  version: number;
  status: VersionStatus;
  definition: unknown;
  definition_sha256: string;
  created_at: Date;
  created_by: string;
  published_at: Date | null;
  published_by: string | null;
};

export const versionColumns = sql`
  v.tenant_id, v.form_id, v.version, v.status, v.definition, v.definition_sha256,
  v.created_at, v.created_by, v.published_at, v.published_by`;

export function toFormVersion(row: VersionRow): FormVersion {
  return {
    tenantId: row.tenant_id,
    formId: row.form_id,
    version: row.version,
    status: row.status,
    // Published versions were validated when published (form-store.ts). A draft saved from the
    // editor (saveWorkingDraft) may still have problems: readers of drafts validate before use.
    definition: row.definition as FormDefinition,
    definitionSha256: row.definition_sha256,
    createdAt: row.created_at,
    createdBy: row.created_by,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
}
