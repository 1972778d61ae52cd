/**
 * The phases of a case. Which moves between them are allowed, and the work steps inside
 * "in Prüfung", are the service's status model (status-model/model.ts); the database only knows
 * the set of phases. Statuses follow the steps of an
 * administrative procedure (§§ 9 ff. VwVfG): received, examined, queried when something is
 * missing (§ 25 VwVfG duty to advise), decided (Verwaltungsakt, § 35 VwVfG), closed; an
 * application can be withdrawn until it is decided. An open case can be handed to the authority
 * that is responsible (`abgegeben`, § 3 VwVfG) — only by the transfer action (transfer.ts), which
 * names the receiver, never by a plain status change.
 */
export const caseStatuses = ['eingegangen', 'in_pruefung', 'rueckfrage', 'entschieden', 'abgeschlossen', 'zurueckgezogen', 'abgegeben'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Statuses in which the case is still open (counts against its due date). */
export const openStatuses: readonly CaseStatus[] = ['eingegangen', 'in_pruefung', 'rueckfrage'];

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (caseStatuses as readonly string[]).includes(value);
}

/**
 * The applicant may withdraw while nothing has been decided (§ 22 VwVfG: the applicant ends the
 * procedure). A right of the applicant, so no status model can take it away.
 */
export function canWithdraw(status: CaseStatus): boolean {
  return openStatuses.includes(status);
}
