/**
 * Dates and values as the PDF shows them: times in the firm's time zone, dates as written on a
 * form, and the contract's enum values in words from locales/en/labels.json (shared with the
 * dashboard and the notices).
 */
import type { FirmText } from '../i18n/firm-text';
import { capitalized, firmLabels, type LabelGroup, type LabelValues } from '../i18n/labels';
import { calendarDate, instant } from '../i18n/values';

/**
 * "Nov 28, 2026, 2:45 AM EST" in the firm's zone (or the date and the time on two lines, for a
 * narrow box); the dash for none.
 */
export function formatTime(iso: string | null | undefined, timeZone: string, t: FirmText, shape: 'oneLine' | 'twoLines' = 'oneLine'): string {
  return iso ? instant(iso, timeZone, shape) : t('unknown');
}

/** A calendar date as every surface writes it (values.ts): "Dec 10, 2026", "Mar 2009", "2004"; the dash for none. */
export function formatDate(value: string | null | undefined, t: FirmText): string {
  return value ? calendarDate(value) : t('unknown');
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

/** A language and a country by name, a phone number grouped: as every surface shows them (values.ts). */
export { countryName, languageName, phoneForReading } from '../i18n/values';
