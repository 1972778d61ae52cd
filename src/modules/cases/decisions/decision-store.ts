/**
 * Reading the decision (Bescheid) of a case. Callers find the case first under the reader's
 * access rules (staff: tenant and office; applicant: the status page's ways in), so a decision is
 * reachable exactly when its case is.
 */
import type { Queryable } from '../../../platform/db/database.ts';
import { maybeOne } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';

export const outcomes = ['bewilligt', 'teilweise_bewilligt', 'abgelehnt'] as const;
export type Outcome = (typeof outcomes)[number];
export type DecisionStatus = 'draft' | 'awaiting_approval' | 'issued';

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (outcomes as readonly string[]).includes(value);
}

export type Decision = {
  id: string;
  caseId: string;
  language: Locale;
  outcome: Outcome;
  tenor: string;
  reasons: string;
  legalRemedy: string;
  status: DecisionStatus;
  fourEyes: boolean;
  draftedBy: string;
  draftedByName: string;
  draftedAt: Date;
  submittedAt: Date | null;
  returnedByName: string | null;
  returnedAt: Date | null;
  returnComment: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: Date | null;
  issuedAt: Date | null;
  pdfSha256: string | null;
  updatedAt: Date;
};

type Row = {
  id: string;
  case_id: string;
  language: Locale;
  outcome: Outcome;
  tenor: string;
  reasons: string;
  legal_remedy: string;
  status: DecisionStatus;
  four_eyes: boolean;
  drafted_by: string;
  drafted_by_name: string;
  drafted_at: Date;
  submitted_at: Date | null;
  returned_by_name: string | null;
  returned_at: Date | null;
  return_comment: string | null;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: Date | null;
  issued_at: Date | null;
  pdf_sha256: string | null;
  updated_at: Date;
};

/** The case's decision, if one was drafted; `lock` before changing it (after the case row). */
export async function decisionOfCase(tx: Queryable, tenantId: string, caseId: string, options: { issuedOnly?: boolean; lock?: boolean } = {}): Promise<Decision | undefined> {
  const row = await maybeOne<Row>(tx, sql`
    select d.id, d.case_id, d.language, d.outcome, d.tenor, d.reasons, d.legal_remedy, d.status, d.four_eyes,
           d.drafted_by, drafter.display_name as drafted_by_name, d.drafted_at, d.submitted_at,
           returner.display_name as returned_by_name, d.returned_at, d.return_comment,
           d.approved_by, approver.display_name as approved_by_name, d.approved_at, d.issued_at, d.pdf_sha256, d.updated_at
    from case_decisions d
    join users drafter on drafter.id = d.drafted_by
    left join users returner on returner.id = d.returned_by
    left join users approver on approver.id = d.approved_by
    where d.tenant_id = ${tenantId} and d.case_id = ${caseId} ${options.issuedOnly ? sql`and d.status = 'issued'` : sql``}
    ${options.lock ? sql`for update of d` : sql``}`);
  return row && {
    id: row.id,
    caseId: row.case_id,
    language: row.language,
    outcome: row.outcome,
    tenor: row.tenor,
    reasons: row.reasons,
    legalRemedy: row.legal_remedy,
    status: row.status,
    fourEyes: row.four_eyes,
    draftedBy: row.drafted_by,
    draftedByName: row.drafted_by_name,
    draftedAt: row.drafted_at,
    submittedAt: row.submitted_at,
    returnedByName: row.returned_by_name,
    returnedAt: row.returned_at,
    returnComment: row.return_comment,
    approvedBy: row.approved_by,
    approvedByName: row.approved_by_name,
    approvedAt: row.approved_at,
    issuedAt: row.issued_at,
    pdfSha256: row.pdf_sha256,
    updatedAt: row.updated_at,
  };
}
