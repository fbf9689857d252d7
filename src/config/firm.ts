/**
 * What the conversation needs to know about the firm. Wording stays in locales/; these are the
 * facts the wording refers to, set by the firm's IT in the environment.
 */
import { z } from 'zod';

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
});

export interface Firm {
  name: string;
  phone: string;
  timeZone: string;
}

export function firmFromEnv(env: Record<string, string | undefined> = process.env): Firm {
  const parsed = FirmSchema.parse(env);
  return { name: parsed.FIRM_NAME, phone: parsed.FIRM_PHONE, timeZone: parsed.FIRM_TIMEZONE };
}
