/**
 * Date bounds of a date field: a fixed ISO date `YYYY-MM-DD`, or a date relative to the day the
 * citizen answers: `today`, `today+30` (days), `today-2w`, `today+6m`, `today-18y`.
 */

export type DateBound =
  | { kind: 'fixed'; year: number; month: number; day: number }
  | { kind: 'relative'; amount: number; unit: 'd' | 'w' | 'm' | 'y' };

const fixedPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const relativePattern = /^today(?:([+-])(\d{1,5})([dwmy])?)?$/;

export function parseDateBound(text: string): DateBound | undefined {
  const fixed = fixedPattern.exec(text);
  if (fixed) {
    const [year, month, day] = [Number(fixed[1]), Number(fixed[2]), Number(fixed[3])];
    return isCalendarDate(year, month, day) ? { kind: 'fixed', year, month, day } : undefined;
  }
  const relative = relativePattern.exec(text);
  if (relative) {
    const sign = relative[1] === '-' ? -1 : 1;
    const amount = relative[2] === undefined ? 0 : sign * Number(relative[2]);
    const unit = (relative[3] ?? 'd') as 'd' | 'w' | 'm' | 'y';
    return { kind: 'relative', amount, unit };
  }
  return undefined;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The bound as an ISO date for the given day of answering (`today`, as `YYYY-MM-DD`). */
export function resolveDateBound(bound: DateBound, today: string): string {
  if (bound.kind === 'fixed') return iso(bound.year, bound.month, bound.day);
  const base = parseDateBound(today);
  if (base?.kind !== 'fixed') throw new Error(`not an ISO date: ${today}`);
  const date = new Date(Date.UTC(base.year, base.month - 1, base.day));
  switch (bound.unit) {
    case 'd':
      date.setUTCDate(date.getUTCDate() + bound.amount);
      break;
    case 'w':
      date.setUTCDate(date.getUTCDate() + 7 * bound.amount);
      break;
    case 'm':
    case 'y': {
      // Calendar arithmetic clamps to the month's last day (31 Jan + 1 month = 28/29 Feb).
      const months = bound.unit === 'm' ? bound.amount : 12 * bound.amount;
      const target = new Date(Date.UTC(base.year, base.month - 1 + months, 1));
      const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(base.day, lastDay));
      return target.toISOString().slice(0, 10);
    }
  }
  return date.toISOString().slice(0, 10);
}

/**
 * Whether `min` can be later than `max`. Two fixed dates compare directly. Two relative bounds are
 * resolved for every day of a four-year cycle, since month and year offsets differ from day
 * offsets only on some days (month ends, 29 February). A fixed and a relative bound depend on the
 * day of answering and are not compared.
 */
export function boundsConflict(min: DateBound, max: DateBound): boolean {
  if (min.kind === 'fixed' && max.kind === 'fixed') return resolveDateBound(min, '2000-01-01') > resolveDateBound(max, '2000-01-01');
  if (min.kind !== 'relative' || max.kind !== 'relative') return false;
  const day = new Date(Date.UTC(2024, 0, 1));
  for (let i = 0; i < 1461; i++) {
    const today = day.toISOString().slice(0, 10);
    if (resolveDateBound(min, today) > resolveDateBound(max, today)) return true;
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return false;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
