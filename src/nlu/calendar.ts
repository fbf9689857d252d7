/**
 * Calendar days in the firm's time zone. The NLU never reads the clock: `now` comes in with
 * every call, and "today" is the date on the wall in ctx.timeZone at that instant (at
 * 2026-11-28T04:30Z it is still Nov 27 in New York).
 */

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields at `instant` in `timeZone` (UTC if the zone is unknown, rather than throwing). */
function wallClock(instant: Date, timeZone: string): Record<string, number> {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone).formatToParts(instant);
  } catch {
    parts = formatter('UTC').formatToParts(instant);
  }
  const out: Record<string, number> = {};
  for (const p of parts) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Minutes the zone is ahead of UTC at that instant (-300 for New York in winter): chrono's timezone. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

export function todayIn(instant: Date, timeZone: string): Ymd {
  const w = wallClock(instant, timeZone);
  return { year: w.year, month: w.month, day: w.day };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatYmd(d: Ymd): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

export function formatYm(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month)}`;
}

/** The calendar day `days` after (or before, if negative) `d`. */
export function addDays(d: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function isValidDate(d: Ymd): boolean {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return t.getUTCFullYear() === d.year && t.getUTCMonth() === d.month - 1 && t.getUTCDate() === d.day;
}
