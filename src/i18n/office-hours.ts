/**
 * The firm's office hours in the family's language: day names and times from Intl (so no
 * language needs a list of them), the time zone by its generic name ("Eastern Time"), and the
 * sentence around them from locales/ (say.hours.*). Unset hours are said to be unknown.
 */
import type { Lang } from '../../dialogs/context';
import { DAYS, type Day, type OfficeHoursSpan } from '../config/office-hours';

// 2024-01-01 was a Monday: the days of that week, at noon UTC, name the weekdays.
const dayDate = (d: Day) => new Date(Date.UTC(2024, 0, 1 + DAYS.indexOf(d), 12));

function dayName(lang: Lang, d: Day): string {
  return new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(dayDate(d));
}

function timeOf(lang: Lang, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1, h, m)));
}

/** "Eastern Time", "heure de l’Est nord-américain"; the zone's id where Intl has no name. */
function zoneName(lang: Lang, timeZone: string): string {
  const part = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'longGeneric' })
    .formatToParts(new Date(Date.UTC(2024, 0, 1)))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** "Monday–Friday 9:00 AM–5:00 PM; Saturday 10:00 AM–1:00 PM", in `lang`. */
export function officeHoursText(lang: Lang, spans: readonly OfficeHoursSpan[]): string {
  return spans
    .map((s) => {
      const days = s.from === s.to ? dayName(lang, s.from) : `${dayName(lang, s.from)}–${dayName(lang, s.to)}`;
      return `${days} ${timeOf(lang, s.open)}–${timeOf(lang, s.close)}`;
    })
    .join('; ');
}

/** The sentence the family is given: the hours and their time zone, or that they are not known here. */
export function officeHoursSentence(
  t: (key: string, vars?: Record<string, unknown>) => string,
  lang: Lang,
  firm: { hours?: readonly OfficeHoursSpan[] | null; timeZone: string },
): string {
  if (!firm.hours?.length) return t('say.hours.unknown');
  return t('say.hours.known', { hours: officeHoursText(lang, firm.hours), zone: zoneName(lang, firm.timeZone) });
}
