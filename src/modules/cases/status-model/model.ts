/**
 * The status model of a service: the fixed phases of every administrative procedure
 * (workflow.ts: eingegangen, in_pruefung, rueckfrage, entschieden, abgeschlossen, zurueckgezogen)
 * and, per service, the work steps a case passes while it is examined ("in Prüfung"), e.g.
 * "Unterlagen prüfen", "Ortstermin", "Stellungnahme des Fachamts". The phases carry what the
 * law and the rest of the platform rely on (due dates, withdrawal until the decision, § 25 VwVfG
 * queries, the Verwaltungsakt of § 35 VwVfG); the steps carry what differs between services.
 *
 * A model is versioned and never changed in place (store.ts): a case keeps the version it was
 * received with, like a Zaak keeps its ZaakType version in the Dutch ZGW standards, so changing a
 * service's steps never strands a case in a step that no longer exists.
 */
import { type CaseStatus } from '../workflow.ts';

export type WorkStep = {
  /** Stable within the version; used in form values and timeline events. */
  key: string;
  labelDe: string;
  labelEn: string | null;
  /** Whether the applicant sees the step on their status page, or only "in Prüfung". */
  shownToApplicant: boolean;
};

export type StatusModel = {
  /** null: the default model (no row for the service, or a case from before models existed). */
  version: number | null;
  steps: readonly WorkStep[];
  /** Queries to the applicant (Rückfrage, § 25 VwVfG) allowed. */
  queries: boolean;
  /** A decision straight after receipt, without examination steps (e.g. simple notifications). */
  directDecision: boolean;
  /** Steps in any order (and a decision from any step) instead of one after the other. */
  anyOrder: boolean;
};

export const defaultStatusModel: StatusModel = { version: null, steps: [], queries: true, directDecision: false, anyOrder: false };

/** Where a case stands: its phase and, while examined or queried, its work step. */
export type CasePosition = { status: CaseStatus; step: string | null };

export const maxSteps = 12;

function indexOf(model: StatusModel, step: string | null): number {
  return step === null ? -1 : model.steps.findIndex((candidate) => candidate.key === step);
}

function examinationTargets(model: StatusModel, current: number): CasePosition[] {
  const steps = model.steps;
  if (model.anyOrder) return steps.filter((_, index) => index !== current).map((step) => ({ status: 'in_pruefung', step: step.key }));
  // One step forward, or back to any step already passed (something has to be looked at again).
  const forward = steps.slice(current + 1, current + 2);
  const back = steps.slice(0, Math.max(current, 0));
  return [...forward, ...back].map((step) => ({ status: 'in_pruefung', step: step.key }));
}

/** The positions a caseworker may move a case to from `from`, in the order they are offered. */
export function targetsFrom(model: StatusModel, from: CasePosition): CasePosition[] {
  const first = model.steps[0]?.key ?? null;
  const query: CasePosition[] = model.queries ? [{ status: 'rueckfrage', step: from.step }] : [];
  const withdraw: CasePosition = { status: 'zurueckgezogen', step: from.step };
  const decide: CasePosition = { status: 'entschieden', step: from.step };
  switch (from.status) {
    case 'eingegangen':
      return [{ status: 'in_pruefung', step: first }, ...query, ...(model.directDecision ? [decide] : []), withdraw];
    case 'in_pruefung': {
      const current = indexOf(model, from.step);
      const atEnd = model.steps.length === 0 || current === model.steps.length - 1 || model.anyOrder;
      return [...examinationTargets(model, current), ...query, ...(atEnd ? [decide] : []), withdraw];
    }
    case 'rueckfrage':
      // Back to the step the query was asked in (or the first, when asked right after receipt).
      return [{ status: 'in_pruefung', step: indexOf(model, from.step) >= 0 ? from.step : first }, withdraw];
    case 'entschieden':
    case 'zurueckgezogen':
      return [{ status: 'abgeschlossen', step: from.step }];
    case 'abgeschlossen':
    case 'abgegeben':
      return [];
  }
}

function samePosition(a: CasePosition, b: CasePosition): boolean {
  return a.status === b.status && (a.status !== 'in_pruefung' || a.step === b.step);
}

/** Whether the model allows the move. Outside "in Prüfung" only the phase counts. */
export function allows(model: StatusModel, from: CasePosition, to: CasePosition): boolean {
  return targetsFrom(model, from).some((target) => samePosition(target, to));
}

/** Where a move to `status` ends when the caller names only the phase (decision, query, withdrawal). */
export function positionFor(model: StatusModel, from: CasePosition, status: CaseStatus): CasePosition | undefined {
  return targetsFrom(model, from).find((target) => target.status === status);
}

/** The value of a target in a form: the phase, and the step after a colon. */
export function positionValue(position: CasePosition): string {
  return position.status === 'in_pruefung' && position.step !== null ? `in_pruefung:${position.step}` : position.status;
}

export function parsePositionValue(value: string): { status: string; step: string | null } {
  const colon = value.indexOf(':');
  return colon < 0 ? { status: value, step: null } : { status: value.slice(0, colon), step: value.slice(colon + 1) };
}

/** Phases in which a case stands at a work step: the examination, and a query asked during it. */
export function phaseHasStep(status: string): boolean {
  return status === 'in_pruefung' || status === 'rueckfrage';
}

/** The work step of a position, where its phase has one and the model knows the key. */
export function stepAt(model: StatusModel, position: { status: string; step: string | null }): WorkStep | undefined {
  if (position.step === null || !phaseHasStep(position.status)) return undefined;
  return model.steps.find((step) => step.key === position.step);
}

/** A key from a label: lower-case ASCII words joined by hyphens, unique within the model. */
export function stepKey(label: string, taken: ReadonlySet<string>): string {
  const base = label
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'schritt';
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  return key;
}

/** Two models describe the same procedure (saving an unchanged form makes no new version). */
export function sameModel(a: Omit<StatusModel, 'version'>, b: Omit<StatusModel, 'version'>): boolean {
  const stepsOf = (model: Omit<StatusModel, 'version'>) => JSON.stringify(model.steps.map((step) => [step.key, step.labelDe, step.labelEn, step.shownToApplicant]));
  return a.queries === b.queries && a.directDecision === b.directDecision && a.anyOrder === b.anyOrder && stepsOf(a) === stepsOf(b);
}
