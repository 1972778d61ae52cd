import type { Locale } from '../../../platform/i18n/i18n.ts';
import { statusPagePath } from '../notify-applicant.ts';
import { isCaseStatus } from '../workflow.ts';
import { statusLabel } from './labels.ts';

/** For "Meine Anträge": the case's status and its status page, once the case exists. */
export function applicantCaseLink(item: { tenantSlug: string; reference: string; caseStatus: string | null }, locale: Locale): { status: string; href: string } | undefined {
  if (!isCaseStatus(item.caseStatus)) return undefined;
  return { status: statusLabel(item.caseStatus, locale), href: statusPagePath(item.tenantSlug, item.reference) };
}
