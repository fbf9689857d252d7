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
 * Dates, numbers, phone numbers and enum values are bounded by their formats already.
 */
import type { Mapped } from './fields';

export const SHORT_TEXT = 200;
export const LONG_TEXT = 2_000;
export const NARRATIVE_TEXT = 2 * LONG_TEXT;
/** RFC 5321: a path (an address and its brackets) is at most 256 octets. */
export const EMAIL_TEXT = 254;
/** Other parties named for the conflict check: beyond this, a list pasted in, not names. */
export const MAX_NAMES = 50;
export const ELLIPSIS = '…';

/** The limit of each detail (request.details), by key. */
const DETAIL_LIMITS: Readonly<Record<string, number>> = {
  condition: LONG_TEXT,
  prognosis: LONG_TEXT,
  provider: SHORT_TEXT,
  payer: SHORT_TEXT,
  relation: SHORT_TEXT,
  court: SHORT_TEXT,
  caseNumber: SHORT_TEXT,
  dateOfDeath: SHORT_TEXT,
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
  const text = (path: string, value: string | null, limit: number): string | null => {
    if (value === null || value.length <= limit) return value;
    if (!truncated.includes(path)) truncated.push(path);
    return shorten(value, limit);
  };
  const texts = (path: string, values: readonly string[], limit: number): string[] => values.map((v) => text(path, v, limit)!);

  const contact: Mapped['contact'] = {
    ...m.contact,
    relationshipToTraveler: text('contact.relationshipToTraveler', m.contact.relationshipToTraveler, SHORT_TEXT),
    name: text('contact.name', m.contact.name, SHORT_TEXT),
    email: text('contact.email', m.contact.email, EMAIL_TEXT),
    bestTime: text('contact.bestTime', m.contact.bestTime, SHORT_TEXT),
  };
  const traveler: Mapped['traveler'] = {
    ...m.traveler,
    name: text('traveler.name', m.traveler.name, SHORT_TEXT),
    city: text('traveler.city', m.traveler.city, SHORT_TEXT),
    intendedPort: text('traveler.intendedPort', m.traveler.intendedPort, SHORT_TEXT),
  };
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(m.request.details)) {
    const path = `request.details.${key}`;
    if (typeof value === 'string') details[key] = text(path, value, DETAIL_LIMITS[key] ?? SHORT_TEXT);
    else if (Array.isArray(value)) details[key] = texts(path, value, SHORT_TEXT);
    else details[key] = value;
  }
  const request: Mapped['request'] = {
    ...m.request,
    details: details as Mapped['request']['details'],
    narrative: text('request.narrative', m.request.narrative, NARRATIVE_TEXT),
  };
  const otherParties = texts('otherParties', m.otherParties, SHORT_TEXT);
  if (otherParties.length > MAX_NAMES && !truncated.includes('otherParties')) truncated.push('otherParties');
  const history: Mapped['history'] = {
    ...m.history,
    incidents: m.history.incidents.map((i, n) => ({
      ...i,
      date: text(`history.incidents.${n}.date`, i.date, SHORT_TEXT),
      place: text(`history.incidents.${n}.place`, i.place, SHORT_TEXT),
      charge: text(`history.incidents.${n}.charge`, i.charge, LONG_TEXT),
      sentence: text(`history.incidents.${n}.sentence`, i.sentence, LONG_TEXT),
    })),
    // One line per screening answer ("Drugs: …"): each is one answer, cut on its own.
    notes: m.history.notes === null ? null : texts('history.notes', m.history.notes.split('\n'), LONG_TEXT).join('\n'),
  };
  return {
    mapped: { contact, traveler, request, otherParties: otherParties.slice(0, MAX_NAMES), history, documentsOnHand: m.documentsOnHand },
    truncated,
  };
}
