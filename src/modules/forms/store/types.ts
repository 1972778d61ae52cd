import type { FormDefinition } from '../definition/types.ts';

/** The acting staff member: whose tenant's forms are written, who is named in the audit log. */
export type StaffScope = { tenantId: string; userId: string };

export type VersionStatus = 'draft' | 'published';

export type FormVersion = {
  tenantId: string;
  formId: string;
  version: number;
  status: VersionStatus;
  definition: FormDefinition;
  definitionSha256: string;
  createdAt: Date;
  createdBy: string;
  publishedAt: Date | null;
  publishedBy: string | null;
};

/** One form of the acting tenant as a back-office list shows it. */
export type FormSummary = {
  formId: string;
  slug: string;
  title: string;
  createdAt: Date;
  /** Version number of the open draft, if any. */
  draftVersion: number | null;
  /** Highest published version number, if any. */
  publishedVersion: number | null;
};

/** A published form of another tenant that the acting tenant may adopt. */
export type AdoptableForm = {
  tenantId: string;
  tenantName: string;
  formId: string;
  slug: string;
  title: string;
  version: number;
  definitionSha256: string;
  publishedAt: Date;
};
