/**
 * Phone numbers to E.164 with libphonenumber-js. Most callers are in the US or Canada, so a
 * number without a country code is read as North American (+1); "+44 20 7946 0958" keeps its own.
 * Only numbers libphonenumber considers valid are returned: a callback must be dialable.
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js';
import { asText } from './normalize';

const DEFAULT_REGION = 'US';
/** Longer text is a story, not a number; scanning it all would only find noise. */
const MAX_PHONE_TEXT = 500;

export function parsePhone(text: string): string | null {
  const s = asText(text).slice(0, MAX_PHONE_TEXT);
  if (!/\d/.test(s)) return null;
  const whole = parsePhoneNumberFromString(s, DEFAULT_REGION);
  if (whole?.isValid()) return whole.number;
  // "my number is 716 555 0123, call after 5"
  for (const found of findPhoneNumbersInText(s, DEFAULT_REGION)) if (found.number.isValid()) return found.number.number;
  return null;
}
