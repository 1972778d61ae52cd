/** Versioned form definitions per tenant: the store's public surface. */
export { adoptForm, adoptionSource } from './adopt-form.ts';
export { definitionSha256 } from './definition-hash.ts';
export { diffVersions, type FieldAspect, type FormChange } from './diff-versions.ts';
export { FormConflictError, FormNotFoundError, InvalidDefinitionError, type DefinitionProblem } from './errors.ts';
export { exportDefinition, importDefinition, type ImportResult } from './exchange.ts';
export { findForm, getVersion, latestPublished, listForms, listPublishedFromOtherTenants, listVersions } from './form-queries.ts';
export { createForm, publishDraft, saveDraft, saveWorkingDraft } from './form-store.ts';
export type { AdoptableForm, FormSummary, FormVersion, StaffScope, VersionStatus } from './types.ts';
export { acceptOriginalVersion, adoptionOrigin, adoptionStatuses, type AdoptionOrigin, type AdoptionStatus } from './adoption-updates.ts';
export { notePublication, publicationGeneration } from './publication-generation.ts';
