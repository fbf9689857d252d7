/**
 * The firm's office hours (FIRM_HOURS), as the family is told them when no attorney can be paged:
 * "Mon-Fri 09:00-17:00; Sat 10:00-13:00", in the firm's time zone. Kept as days and times, not
 * words, so that each language says them in its own (src/i18n/office-hours.ts).
 */
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

export interface OfficeHoursSpan {
  from: Day;
  /** The same as `from` for a single day. */
  to: Day;
  /** "09:00" */
  open: string;
  close: string;
}

const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
const SPAN = new RegExp(`^([a-z]{3})(?:\\s*-\\s*([a-z]{3}))?\\s+(${TIME})\\s*-\\s*(${TIME})$`, 'i');

/** The spans of a FIRM_HOURS value, or null when it is not one. */
export function parseOfficeHours(text: string): OfficeHoursSpan[] | null {
  const parts = text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return null;
  const spans: OfficeHoursSpan[] = [];
  for (const part of parts) {
    const m = SPAN.exec(part);
    if (!m) return null;
    const from = m[1].toLowerCase() as Day;
    const to = (m[2] ?? m[1]).toLowerCase() as Day;
    if (!DAYS.includes(from) || !DAYS.includes(to)) return null;
    const open = m[3];
    const close = m[5];
    if (close <= open) return null;
    spans.push({ from, to, open, close });
  }
  return spans;
}

export const OFFICE_HOURS_FORMAT = 'days and hours such as "Mon-Fri 09:00-17:00; Sat 10:00-13:00" (days Mon to Sun, 24-hour times, in FIRM_TIMEZONE)';
