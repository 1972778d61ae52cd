/** Labels shared by the staff and the applicant views of a case. */
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { formatDate } from '../../../platform/i18n/format.ts';
import type { CaseEvent } from '../case-store.ts';
import { isCaseStatus, type CaseStatus } from '../workflow.ts';
import { caseMessages, type CaseMessageKey } from './messages.ts';

export function statusLabel(status: CaseStatus, locale: Locale): string {
  return translator(caseMessages, locale)(`status.${status}`);
}

/** One line of the timeline. `names` turns user ids in assignment events into names. */
export function eventLabel(event: CaseEvent, locale: Locale, names: ReadonlyMap<string, string> = new Map()): string {
  const t = translator(caseMessages, locale);
  const key = `event.${event.kind}` as CaseMessageKey;
  if (!(key in caseMessages[locale])) return event.kind;
  const from = event.data.from;
  const to = event.data.to;
  if (event.kind === 'status_changed' && isCaseStatus(from) && isCaseStatus(to)) return t(key, { from: statusLabel(from, locale), to: statusLabel(to, locale) });
  if (event.kind === 'assigned') return t(key, { to: typeof to === 'string' ? (names.get(to) ?? '–') : t('case.nobody') });
  if ((event.kind === 'transferred' || event.kind === 'received_by_transfer') && typeof event.data.tenant === 'string') return t(key, { tenant: event.data.tenant });
  if (event.kind === 'due_changed' && typeof to === 'string') return t(key, { to: formatDate(new Date(`${to}T12:00:00Z`), locale) });
  if (event.kind === 'portal_consent' && event.data.granted === false) return t('event.portal_consent_declined');
  return t(key);
}
