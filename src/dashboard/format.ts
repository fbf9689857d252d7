/**
 * Dates, ages and enum values as the attorney reads them. The wording comes from
 * locales/en/dashboard.json through the FirmText given, the enum values' from labels.json.
 */
import { instant } from '../i18n/values';
import type { FirmText } from '../i18n/firm-text';
import { firmLabels, type LabelGroup } from '../i18n/labels';

/** "Nov 28, 2026, 2:05 AM EST" in the firm's time zone, as every surface writes a time (values.ts). */
export function formatTime(iso: string | null | undefined, timeZone: string): string {
  return iso ? instant(iso, timeZone) : '—';
}

/** "12 min ago", "2 h ago", "3 d ago". */
export function formatAge(t: FirmText, iso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(iso)) / 60_000);
  if (!(minutes >= 1)) return t('age.justNow');
  if (minutes < 60) return t('age.minutes', { n: minutes });
  if (minutes < 48 * 60) return t('age.hours', { n: Math.floor(minutes / 60) });
  return t('age.days', { n: Math.floor(minutes / 1440) });
}

/**
 * The words for a contract enum value, from locales/en/labels.json (shared with the PDF and the
 * notices); the dash of dashboard.json for none. `group` is a labels.json group ("handling",
 * "escalation"…); a value it lacks throws, as a missing wording key does.
 */
export function label(t: FirmText, group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return t('none');
  return firmLabels()(group as LabelGroup, value as never);
}

export function labels(t: FirmText, group: string, values: readonly string[]): string {
  return values.length ? values.map((v) => label(t, group, v)).join(', ') : t('none');
}

/** A consent's channel (stored as a string): its label when it is one of the contract's channels. */
export function channelName(t: FirmText, channel: string): string {
  return firmLabels().has('channel', channel) ? label(t, 'channel', channel) : channel;
}

/** The family's language, named for the attorney (values.ts, as every surface names it). */
export { languageName } from '../i18n/values';
