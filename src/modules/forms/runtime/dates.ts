/**
 * Dates as people in Germany type them ("24.12.2026", also "1.2.2026") or as a date input sends
 * them (ISO 8601 "2026-12-24"). Two-digit years are rejected: "1.2.26" could be 1926 or 2026, which
 * matters for a date of birth. Stored and compared as ISO strings (they sort like dates).
 */
import { parseDateBound, resolveDateBound } from '../definition/date-bounds.ts';

export function parseDate(text: string): string | undefined {
  const compact = text.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(compact);
  const iso = german ? `${german[3]}-${german[2]?.padStart(2, '0')}-${german[1]?.padStart(2, '0')}` : compact;
  // parseDateBound checks the calendar (no 31.02.), which is exactly what an answer needs too.
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? parseDateBound(iso) : undefined;
  return parsed?.kind === 'fixed' ? iso : undefined;
}

/** A field's bound (`2026-06-30`, `today+7`, `today-18y`) as an ISO date for the injected day of answering. */
export function resolveBound(bound: string, today: string): string | undefined {
  const parsed = parseDateBound(bound);
  return parsed ? resolveDateBound(parsed, today) : undefined;
}

/** "24.12.2026" */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return year && month && day ? `${day}.${month}.${year}` : iso;
}
