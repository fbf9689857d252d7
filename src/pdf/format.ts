/**
 * Dates and values as the PDF shows them: times in the firm's time zone, dates as written on a
 * form, and the contract's enum values in words from locales/en/labels.json (shared with the
 * dashboard and the notices).
 */
import { dateTimeFormat } from '../i18n/date-formats';
import type { FirmText } from '../i18n/firm-text';
import { capitalized, firmLabels, type LabelGroup, type LabelValues } from '../i18n/labels';

/**
 * "Nov 28, 2026, 2:45 AM EST" in the firm's zone (or the date and the time on two lines, for a
 * narrow box); the dash for none.
 */
export function formatTime(iso: string | null | undefined, timeZone: string, t: FirmText, shape: 'oneLine' | 'twoLines' = 'oneLine'): string {
  if (!iso) return t('unknown');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = dateTimeFormat(timeZone, { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
  const time = dateTimeFormat(timeZone, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(d);
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
    return dateTimeFormat('UTC', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' }).format(d);
  }
  if (month) {
    const d = new Date(Date.UTC(+month[1], +month[2] - 1, 1));
    return dateTimeFormat('UTC', { year: 'numeric', month: 'short' }).format(d);
  }
  return value;
}

/**
 * An enum value in words, capitalised as it stands alone in a cell ("Outside the U.S."); the dash
 * for none. A value labels.json lacks throws: every contract value has its label.
 */
export function label<G extends LabelGroup>(t: FirmText, group: G, value: LabelValues[G] | null | undefined): string {
  if (value === null || value === undefined) return t('unknown');
  return capitalized(firmLabels()(group, value));
}

/**
 * Several values, joined: "Passport, doctor's letter" in a cell, or as they read inside a sentence
 * ('inline': "ESCALATED: at the border now"); "None" for an empty list.
 */
export function labels<G extends LabelGroup>(t: FirmText, group: G, values: readonly LabelValues[G][], shape: 'cell' | 'inline' = 'cell'): string {
  if (!values.length) return t('none');
  const l = firmLabels();
  const joined = values.map((v) => l(group, v)).join(', ');
  return shape === 'cell' ? capitalized(joined) : joined;
}

/** A consent's channel, stored as a string: in words when it is one of the contract's channels. */
export function channelName(t: FirmText, channel: string): string {
  return firmLabels().has('channel', channel) ? label(t, 'channel', channel as LabelValues['channel']) : channel;
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
