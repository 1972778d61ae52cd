/**
 * One form as the editor pages need it: its handle, every version, the open draft (if any) and
 * the working version (the draft, else the latest published one, which the next save turns into a
 * new draft). Only the acting tenant's forms are found; another tenant's id is 404.
 */
import type { Database } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { validateDefinition } from '../definition/validate-definition.ts';
import type { Problem } from '../definition/validate-definition.ts';
import { adoptionStatuses, findForm, listVersions, type AdoptionStatus, type FormVersion } from '../store/index.ts';
import type { FormEditor } from './access.ts';

export type FormContext = {
  formId: string;
  slug: string;
  title: string;
  versions: FormVersion[];
  draft: FormVersion | undefined;
  latestPublished: FormVersion | undefined;
  working: FormVersion;
  /** The validator's problems of the working version ([] when it is valid). */
  problems: Problem[];
  adoption: AdoptionStatus | undefined;
};

export async function loadForm(db: Database, editor: FormEditor, formId: string): Promise<FormContext> {
  const form = await findForm(db, editor.scope, formId);
  if (!form) throw notFound();
  const versions = await listVersions(db, editor.scope, formId);
  const draft = versions.find((version) => version.status === 'draft');
  const latestPublished = versions.find((version) => version.status === 'published');
  const working = draft ?? latestPublished;
  if (!working) throw notFound();
  const result = validateDefinition(working.definition);
  const adoption = (await adoptionStatuses(db, editor.scope)).get(formId);
  return { ...form, versions, draft, latestPublished, working, problems: result.ok ? [] : result.problems, adoption };
}

/** The version number the next save writes: the draft's, or the one after the latest. */
export function nextDraftVersion(context: FormContext): number {
  return context.draft?.version ?? (context.versions[0]?.version ?? 0) + 1;
}

export const formBase = (formId: string) => `/verwaltung/formulare/${formId}`;
