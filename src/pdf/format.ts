/**
 * Dates and values as the PDF shows them: times in the firm's time zone, dates as written on a
 * form, and the contract's enum values in words from locales/en/pdf.json. Pure.
 */
import type { FirmText } from '../i18n/firm-text';

/**
 * "Nov 28, 2026, 2:45 AM EST" in the firm's zone (or the date and the time on two lines, for a
 * narrow box); the dash for none.
 */
export function formatTime(iso: string | null | undefined, timeZone: string, t: FirmText, shape: 'oneLine' | 'twoLines' = 'oneLine'): string {
  if (!iso) return t('unknown');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric' }).format(d);
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(d);
  return shape === 'twoLines' ? `${date}\n${time}` : `${date}, ${time}`;
}

/**
 * A calendar date as given: a day ("2026-12-10" -> "Thu, Dec 10, 2026"), a month ("2009-03" ->
 * "Mar 2009") or a year; anything else as written. No time zone: a date is not an instant.
 */
export function formatDate(value: string | null | undefined, t: FirmText): string {
  if (!value) return t('unknown');
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (day) {
    const d = new Date(Date.UTC(+day[1], +day[2] - 1, +day[3]));
    return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' }).format(d);
  }
  if (month) {
    const d = new Date(Date.UTC(+month[1], +month[2] - 1, 1));
    return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short' }).format(d);
  }
  return value;
}

/** An enum value in words ("outcomes.convicted"), or the value itself if the file lacks it. */
export function label(t: FirmText, group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return t('unknown');
  const key = `${group}.${value}`;
  return t.has(key) ? t(key) : value.replace(/_/g, ' ');
}

export function labels(t: FirmText, group: string, values: readonly string[]): string {
  return values.length ? values.map((v) => label(t, group, v)).join(', ') : t('none');
}

/** "French (fr)"; the code alone when the runtime does not know it. */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames('en', { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** A country code in words ("CA" -> "Canada (CA)"). */
export function countryName(code: string | null): string | null {
  if (!code) return null;
  try {
    const name = new Intl.DisplayNames('en', { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** A value or the dash. */
export function orDash(t: FirmText, v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? t('unknown') : String(v);
}
