/**
 * Opening hours: intervals per ISO weekday (1 = Monday … 7 = Sunday), stored as JSON in
 * `offices.opening_hours`. Staff type one line per weekday ("8–12, 14:00–18:00"); the page and
 * schema.org (`OpeningHoursSpecification`) read the intervals.
 */
export type OpeningInterval = { day: number; opens: string; closes: string };

export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof weekdays)[number];

/** schema.org day names (https://schema.org/DayOfWeek) by ISO weekday. */
export const schemaOrgDays: Record<Weekday, string> = {
  1: 'https://schema.org/Monday',
  2: 'https://schema.org/Tuesday',
  3: 'https://schema.org/Wednesday',
  4: 'https://schema.org/Thursday',
  5: 'https://schema.org/Friday',
  6: 'https://schema.org/Saturday',
  7: 'https://schema.org/Sunday',
};

const timePattern = /^([01]?\d|2[0-4])(?:[:.]([0-5]\d))?$/;

function normaliseTime(text: string): string | undefined {
  const match = timePattern.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours === 24 && minutes > 0) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/**
 * Parses one weekday's line: intervals separated by commas or semicolons, each "from–to" with a
 * hyphen or en dash, times as "8", "08:00" or "8.30". Empty means closed. Returns undefined when
 * the line cannot be read or an interval ends before it starts or overlaps the previous one.
 */
export function parseDayLine(day: Weekday, line: string): OpeningInterval[] | undefined {
  const text = line.trim().replace(/\s*uhr\b/gi, '');
  if (text === '') return [];
  const intervals: OpeningInterval[] = [];
  for (const part of text.split(/[,;]/)) {
    const [from, to, ...rest] = part.split(/[-–—]/);
    if (from === undefined || to === undefined || rest.length > 0) return undefined;
    const opens = normaliseTime(from);
    const closes = normaliseTime(to);
    if (!opens || !closes || opens >= closes) return undefined;
    const previous = intervals[intervals.length - 1];
    if (previous && previous.closes > opens) return undefined;
    intervals.push({ day, opens, closes });
  }
  return intervals;
}

/** The line staff edit for one weekday: "08:00–12:00, 14:00–18:00". */
export function formatDayLine(hours: readonly OpeningInterval[], day: Weekday): string {
  return hours
    .filter((interval) => interval.day === day)
    .map((interval) => `${interval.opens}–${interval.closes}`)
    .join(', ');
}

/** Reads stored JSON defensively: anything not shaped like an interval is dropped. */
export function readOpeningHours(value: unknown): OpeningInterval[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (item): item is OpeningInterval =>
        typeof item === 'object' && item !== null &&
        Number.isInteger((item as OpeningInterval).day) && (item as OpeningInterval).day >= 1 && (item as OpeningInterval).day <= 7 &&
        typeof (item as OpeningInterval).opens === 'string' && typeof (item as OpeningInterval).closes === 'string',
    )
    .map((item) => ({ day: item.day, opens: item.opens, closes: item.closes }))
    .sort((a, b) => a.day - b.day || (a.opens < b.opens ? -1 : 1));
}
