/**
 * How much of an answer the summary keeps. The summary is what the attorney reads and what every
 * copy of the intake carries (the dashboard, the PDF, the email, the webhook, the API), so each
 * value in it is bounded: one page pasted into an answer cannot swell them all or stall the PDF.
 * A value cut short ends with "…" and its path is listed in the summary's `truncated`; the whole
 * answer stays in the transcript, word for word, for whoever needs it.
 *
 * The bounds follow what the contract says each field is:
 * - a name, a place, a relationship, a provider, a court, a case number, a time to call: a label,
 *   SHORT_TEXT (200, several times the longest real one);
 * - a description in the family's words (a condition, a prognosis, a charge, a sentence, the
 *   details of a screening answer): LONG_TEXT (2,000, about a page read on a phone);
 * - the narrative, which joins the story told up front and the answer to "tell us more", two of
 *   those: NARRATIVE_TEXT;
 * - an e-mail address: the longest a mail server carries.
 * Dates, numbers, phone numbers and enum values are bounded by their formats already (and stay
 * well within SHORT_TEXT, which every other text of the summary gets).
 */
import type { FieldPath } from './field-paths';
import type { Mapped } from './fields';

export const SHORT_TEXT = 200;
export const LONG_TEXT = 2_000;
export const NARRATIVE_TEXT = 2 * LONG_TEXT;
/** RFC 5321: a path (an address and its brackets) is at most 256 octets. */
export const EMAIL_TEXT = 254;
/** Other parties named for the conflict check: beyond this, a list pasted in, not names. */
export const MAX_NAMES = 50;
export const ELLIPSIS = '…';

/**
 * The limit of the fields that are more than a label, by path; every other text (a new fact's
 * included) is kept to SHORT_TEXT, so no answer reaches the summary unbounded.
 */
const LIMITS: Readonly<Partial<Record<FieldPath, number>>> = {
  'contact.email': EMAIL_TEXT,
  'request.details.condition': LONG_TEXT,
  'request.details.prognosis': LONG_TEXT,
  'request.narrative': NARRATIVE_TEXT,
  'history.incidents[].charge': LONG_TEXT,
  'history.incidents[].sentence': LONG_TEXT,
  // Per line: each line is one screening answer's details ("Drugs: …"), cut on its own.
  'history.notes': LONG_TEXT,
};

/** `text` cut to at most `limit` characters (UTF-16 units, as JSON and JavaScript count), ending with "…". */
export function shorten(text: string, limit: number): string {
  let end = limit - ELLIPSIS.length;
  // Never half of a character outside the Basic Multilingual Plane (an emoji, some CJK).
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}

/** The answers as the summary keeps them, and the paths of those cut short (in the summary's order). */
export function capAnswers(m: Mapped): { mapped: Mapped; truncated: string[] } {
  const truncated: string[] = [];
  const mark = (path: string) => {
    if (!truncated.includes(path)) truncated.push(path);
  };
  const text = (path: string, value: string, limit: number): string => {
    if (value.length <= limit) return value;
    mark(path);
    return shorten(value, limit);
  };
  const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);
  /** `path` names the value in `truncated` (an incident by its index); `field` is its contract path. */
  const walk = (v: unknown, path: string, field: string): unknown => {
    if (typeof v === 'string') {
      const limit = LIMITS[field as FieldPath] ?? SHORT_TEXT;
      return field === 'history.notes'
        ? v
            .split('\n')
            .map((line) => text(path, line, limit))
            .join('\n')
        : text(path, v, limit);
    }
    if (Array.isArray(v)) {
      const items = v.map((x, i) => (isObject(x) ? walk(x, `${path}.${i}`, `${field}[]`) : walk(x, path, field)));
      // Names for the conflict check: beyond MAX_NAMES, a list pasted in.
      if (field === 'otherParties' && items.length > MAX_NAMES) {
        mark(path);
        return items.slice(0, MAX_NAMES);
      }
      return items;
    }
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, `${path}.${k}`, `${field}.${k}`)]));
    return v;
  };
  const mapped = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, walk(v, k, k)])) as unknown as Mapped;
  return { mapped, truncated };
}
