/**
 * Wall-clock time in an IANA zone -> UTC instant, and the UTC bounds of a zone's calendar day, with Intl
 * only (no time-zone dependency).
 *
 * Like Temporal's `disambiguation: 'compatible'`: a local time that does not exist (skipped when clocks go
 * forward) is read with the offset in force before the gap, so it lands as far after the gap as it was
 * into it (01:30 on the spring-forward night in Europe/London is 01:30Z = 02:30 BST); a local time that
 * occurs twice (clocks going back) is its earlier occurrence.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (formatters.size > 500) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instantMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** `date` YYYY-MM-DD and `time` HH:mm[:ss] read as wall-clock time in `timeZone`. */
export function zonedDateTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // Real zones change offset at most once within a day either side, so these are the only candidates.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [...new Set([before, after])].map((o) => wall - o).filter((t) => wall - offsetAt(t, timeZone) === t);
  return new Date(valid.length ? Math.min(...valid) : wall - before);
}

/** The zone's calendar date (YYYY-MM-DD) at an instant. */
export function zonedDate(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** [start, end) in UTC of the zone's calendar day that contains `instant` (23, 24 or 25 hours long). */
export function zonedDayBounds(instant: Date, timeZone: string): { start: Date; end: Date } {
  const today = zonedDate(instant, timeZone);
  const [y, m, d] = today.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  const tomorrow = next.toISOString().slice(0, 10);
  return { start: zonedDateTimeToUtc(today, '00:00:00', timeZone), end: zonedDateTimeToUtc(tomorrow, '00:00:00', timeZone) };
}
