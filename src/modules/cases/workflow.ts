/**
 * The default status model of a case and its allowed transitions. Every change goes through
 * `canTransition`; the database only knows the set of statuses. Statuses follow the steps of an
 * administrative procedure (§§ 9 ff. VwVfG): received, examined, queried when something is
 * missing (§ 25 VwVfG duty to advise), decided (Verwaltungsakt, § 35 VwVfG), closed; an
 * application can be withdrawn until it is decided. An open case can be handed to the authority
 * that is responsible (`abgegeben`, § 3 VwVfG) — only by the transfer action (transfer.ts), which
 * names the receiver, never by a plain status change.
 */
export const caseStatuses = ['eingegangen', 'in_pruefung', 'rueckfrage', 'entschieden', 'abgeschlossen', 'zurueckgezogen', 'abgegeben'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

const transitions: Record<CaseStatus, readonly CaseStatus[]> = {
  eingegangen: ['in_pruefung', 'rueckfrage', 'zurueckgezogen'],
  in_pruefung: ['rueckfrage', 'entschieden', 'zurueckgezogen'],
  rueckfrage: ['in_pruefung', 'zurueckgezogen'],
  entschieden: ['abgeschlossen'],
  abgeschlossen: [],
  zurueckgezogen: ['abgeschlossen'],
  abgegeben: [],
};

/** Statuses in which the case is still open (counts against its due date). */
export const openStatuses: readonly CaseStatus[] = ['eingegangen', 'in_pruefung', 'rueckfrage'];

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (caseStatuses as readonly string[]).includes(value);
}

export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return transitions[from];
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return transitions[from].includes(to);
}

/** The applicant may withdraw while nothing has been decided. */
export function canWithdraw(status: CaseStatus): boolean {
  return canTransition(status, 'zurueckgezogen');
}
