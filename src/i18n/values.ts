/**
 * The summary's coded values as the attorney reads them, one way for every surface (the dashboard,
 * the PDF, the plain-text summary, the pages): a phone number grouped for reading, a country by
 * its name, a calendar date in the style the times are in ("Dec 10, 2026", a month as "Mar 2009"),
 * a language by its name. The summary keeps the codes (E.164, ISO 3166, ISO 8601, BCP 47) for
 * integrations; only what a person reads is worded here. English, like the rest of the firm's
 * wording (locales/en); the family's review words the same values in their language (display.ts).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { dateTimeFormat } from './date-formats';

/** The attorney's language: the firm's wording is English (locales/en). */
const READER = 'en';

/** "+17165550142" -> "+1 716 555 0142"; anything that is no phone number as written. Link with the E.164 form (`tel:`). */
export function phoneForReading(value: string): string {
  return parsePhoneNumberFromString(value)?.formatInternational() ?? value;
}

const regions = new Intl.DisplayNames([READER], { type: 'region', fallback: 'none' });

/**
 * "CA" -> "Canada", "CD" -> "Congo - Kinshasa": the runtime's (CLDR) short names, which tell the
 * two Congos apart where i18n-iso-countries' aliases do not. An unknown code as it is.
 */
export function countryName(code: string): string {
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A calendar date as given: a day ("2026-12-10" -> "Dec 10, 2026"), a month ("2009-03" ->
 * "Mar 2009") or a year; anything else (a date the family wrote in words) as written. No time
 * zone: a date is not an instant.
 */
export function calendarDate(value: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return dateTimeFormat('UTC', { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(Date.UTC(+day[1], +day[2] - 1, +day[3])));
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) return dateTimeFormat('UTC', { year: 'numeric', month: 'short' }).format(new Date(Date.UTC(+month[1], +month[2] - 1, 1)));
  return value;
}

/**
 * An instant in the firm's time zone, as the times of every surface read: "Nov 28, 2026, 2:45 AM
 * EST" (the date in the calendar dates' style), or the date and the time on two lines for a narrow
 * box. The ISO form as given when it is no date.
 */
export function instant(iso: string, timeZone: string, shape: 'oneLine' | 'twoLines' = 'oneLine'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = dateTimeFormat(timeZone, { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
  const time = dateTimeFormat(timeZone, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(d);
  return shape === 'twoLines' ? `${date}\n${time}` : `${date}, ${time}`;
}

/** "fr" -> "French" (the family's language, named for the attorney); the code when the runtime does not know it. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([READER], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An IANA time zone in words, as a note about times says it: "America/New_York" -> "Eastern Time". */
export function timeZoneName(timeZone: string): string {
  const named = (style: 'longGeneric' | 'long') =>
    dateTimeFormat(timeZone, { timeZoneName: style })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
  try {
    // A zone with no generic name (UTC) would read "GMT+00:00": its long name then.
    const generic = named('longGeneric');
    return (generic && !generic.startsWith('GMT') ? generic : named('long')) ?? timeZone;
  } catch {
    return timeZone;
  }
}
