/** Wall-clock times in the district (Europe/Berlin, with summer time) and UTC instants. */
const zone = 'Europe/Berlin';

function offsetMinutes(instant: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** The instant of a Berlin wall-clock time ("2026-12-03", "09:30"). */
export function berlinInstant(dayIso: string, time: string): Date {
  const [year, month, dayOfMonth] = dayIso.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(year, month - 1, dayOfMonth, hour, minute);
  // Twice: the offset at the guessed instant may differ from the offset at the answer near a switch.
  const first = naive - offsetMinutes(new Date(naive)) * 60_000;
  return new Date(naive - offsetMinutes(new Date(first)) * 60_000);
}

/** "2026-12-03" and "09:30" of an instant, in Berlin. */
export function berlinParts(instant: Date): { day: string; time: string } {
  const shifted = new Date(instant.getTime() + offsetMinutes(instant) * 60_000).toISOString();
  return { day: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}
