/** Labels shared by the staff and the applicant views of a case. */
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { formatDate } from '../../../platform/i18n/format.ts';
import type { CaseEvent } from '../case-store.ts';
import type { StepData } from '../events.ts';
import { stepAt, type CasePosition, type StatusModel } from '../status-model/model.ts';
import { isCaseStatus, type CaseStatus } from '../workflow.ts';
import { caseMessages, type CaseMessageKey } from './messages.ts';

export function statusLabel(status: CaseStatus, locale: Locale): string {
  return translator(caseMessages, locale)(`status.${status}`);
}

/**
 * A phase with its work step, "In Prüfung – Ortstermin", the step named in the reader's language
 * (German where no English name was given); the phase alone without a step.
 */
export function statusWithStep(status: CaseStatus, step: { de: string; en: string | null } | undefined, locale: Locale): string {
  if (!step) return statusLabel(status, locale);
  return `${statusLabel(status, locale)} – ${locale === 'en' && step.en ? step.en : step.de}`;
}

/** Where a case stands (or may go) under its model, as staff read it. */
export function positionLabel(model: StatusModel, position: CasePosition, locale: Locale): string {
  const step = stepAt(model, position);
  return statusWithStep(position.status, step && { de: step.labelDe, en: step.labelEn }, locale);
}

function isStepData(value: unknown): value is StepData {
  return typeof value === 'object' && value !== null && typeof (value as StepData).de === 'string';
}

/** A status in a timeline entry, with its step where the reader may see it. */
function eventStatusLabel(status: CaseStatus, step: unknown, locale: Locale, forApplicant: boolean): string {
  return statusWithStep(status, isStepData(step) && (step.shown || !forApplicant) ? step : undefined, locale);
}

/**
 * One line of the timeline. `names` turns user ids in assignment events into names; the
 * applicant (`forApplicant`) sees only the work steps their service's model shows them.
 */
export function eventLabel(event: CaseEvent, locale: Locale, names: ReadonlyMap<string, string> = new Map(), forApplicant = false): string {
  const t = translator(caseMessages, locale);
  const key = `event.${event.kind}` as CaseMessageKey;
  if (!(key in caseMessages[locale])) return event.kind;
  const from = event.data.from;
  const to = event.data.to;
  if (event.kind === 'status_changed' && isCaseStatus(from) && isCaseStatus(to)) {
    return t(key, { from: eventStatusLabel(from, event.data.fromStep, locale, forApplicant), to: eventStatusLabel(to, event.data.toStep, locale, forApplicant) });
  }
  if (event.kind === 'assigned') return t(key, { to: typeof to === 'string' ? (names.get(to) ?? '–') : t('case.nobody') });
  if ((event.kind === 'transferred' || event.kind === 'received_by_transfer') && typeof event.data.tenant === 'string') return t(key, { tenant: event.data.tenant });
  if (event.kind === 'due_changed' && typeof to === 'string') return t(key, { to: formatDate(new Date(`${to}T12:00:00Z`), locale) });
  if (event.kind === 'portal_consent' && event.data.granted === false) return t('event.portal_consent_declined');
  return t(key);
}
