/**
 * What the conversation needs to know about the firm. Wording stays in locales/; these are the
 * facts the wording refers to, set by the firm's IT in the environment.
 */
import { z } from 'zod';
import { OFFICE_HOURS_FORMAT, parseOfficeHours, type OfficeHoursSpan } from './office-hours';

export const FirmSchema = z.object({
  FIRM_NAME: z.string().min(1).default('Border Immigration Law'),
  FIRM_PHONE: z.string().min(1).default('+1 716 555 0100'),
  FIRM_TIMEZONE: z
    .string()
    .default('America/New_York')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as America/New_York'),
  /** When the office answers its phone; unset: the family is told the hours are not known here, never given invented ones. */
  FIRM_HOURS: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()))
    .refine((s) => s === undefined || parseOfficeHours(s) !== null, OFFICE_HOURS_FORMAT),
});

export interface Firm {
  name: string;
  phone: string;
  timeZone: string;
  /** The office's hours (FIRM_HOURS); null or absent: not configured. */
  hours?: OfficeHoursSpan[] | null;
}

export function firmFromEnv(env: Record<string, string | undefined> = process.env): Firm {
  const parsed = FirmSchema.parse(env);
  return { name: parsed.FIRM_NAME, phone: parsed.FIRM_PHONE, timeZone: parsed.FIRM_TIMEZONE, hours: hoursOf(parsed.FIRM_HOURS) };
}

export function hoursOf(text: string | undefined): OfficeHoursSpan[] | null {
  return text === undefined ? null : parseOfficeHours(text);
}
