/**
 * How much of the family's words the PDF prints. Rendering runs on the server's one event loop,
 * and its cost grows with the text: three answers of 57 KB held every other request for seconds,
 * and pdfkit wraps a run without a space (a pasted blob) by measuring it again for every line, so
 * its cost grows with the square of the run's length (57 KB of "ж" in a DejaVu font used 4 GB).
 * Summaries already stored can hold such answers, whatever limits new answers get, so the PDF
 * bounds its own input:
 *
 * - each value at most `valueChars` characters, and all of them together `totalChars`; past that
 *   total each value keeps only `shortChars`. A value cut says how much more there was and that
 *   the full text is in the transcript (the dashboard shows it whole);
 * - at most `lineBreaks` line breaks in a value (each is a line to lay out; past them, a space);
 * - a run of more than `wordChars` characters without a space is broken with spaces (no word is
 *   that long: it is a link or a blob);
 * - at most `incidents` incidents, and `items` entries of any other list; the rest is counted.
 *
 * Values are taken in the summary's order: the first facts (contact, traveler, the request) are
 * the last to be cut. Values of `shortChars` or fewer (codes, dates, enum values, names) are never
 * cut, so the whole stays within `totalChars` plus `shortChars` for each value the lists allow.
 */
import type { Summary } from '../summary/contract';

export interface PdfBounds {
  valueChars: number;
  totalChars: number;
  shortChars: number;
  lineBreaks: number;
  wordChars: number;
  incidents: number;
  items: number;
}

/** About 30 pages of text at most: a render of a second or two at worst, in its worker (pdf-workers.ts). */
export const PDF_BOUNDS: PdfBounds = { valueChars: 8_000, totalChars: 40_000, shortChars: 64, lineBreaks: 20, wordChars: 60, incidents: 40, items: 50 };

export interface BoundNotes {
  /** Put after a value that was cut. */
  truncated(moreChars: number): string;
  /** The last entry of a list that was cut. */
  moreItems(count: number): string;
}

export interface BoundedSummary {
  summary: Summary;
  /** Incidents left out of the table. */
  moreIncidents: number;
  /** Whether anything was cut (for the caller's log). */
  cut: boolean;
}

export function boundSummary(summary: Summary, notes: BoundNotes, bounds: PdfBounds = PDF_BOUNDS): BoundedSummary {
  let used = 0;
  let cut = false;

  const text = (given: string): string => {
    if (given.length <= bounds.shortChars) {
      used += given.length;
      return given;
    }
    const s = fewerLineBreaks(given, bounds.lineBreaks);
    const allowed = Math.max(bounds.shortChars, Math.min(bounds.valueChars, bounds.totalChars - used));
    if (s.length <= allowed) {
      used += s.length;
      return breakLongRuns(s, bounds.wordChars);
    }
    cut = true;
    const end = cutPoint(s, allowed);
    used += end;
    return `${breakLongRuns(s.slice(0, end).trimEnd(), bounds.wordChars)} ${notes.truncated(s.length - end)}`;
  };

  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) {
      const limit = path === 'history.incidents' ? bounds.incidents : bounds.items;
      const kept = v.slice(0, limit).map((x) => walk(x, path));
      if (v.length <= limit) return kept;
      cut = true;
      // Incidents are counted under their table; a list of words ends with the count.
      return path === 'history.incidents' ? kept : [...kept, notes.moreItems(v.length - limit)];
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, path ? `${path}.${k}` : k);
      return out;
    }
    return v;
  };

  const bounded = walk(summary, '') as Summary;
  const moreIncidents = Math.max(0, summary.history.incidents.length - bounds.incidents);
  return { summary: bounded, moreIncidents, cut };
}

/** Where to cut `s` to at most `max` characters: at a space near the end if there is one, never inside a surrogate pair. */
function cutPoint(s: string, max: number): number {
  let end = max;
  const space = s.lastIndexOf(' ', end);
  if (space > max - 40 && space > 0) end = space;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return end;
}

/** The first `max` line breaks kept; any after them made spaces. */
function fewerLineBreaks(s: string, max: number): string {
  let seen = 0;
  return s.replace(/\r\n|\r|\n/g, (br) => (++seen <= max ? br : ' '));
}

/** Runs of more than `max` characters without white space, broken every `max` characters. */
export function breakLongRuns(s: string, max: number): string {
  const long = new RegExp(`\\S{${max + 1},}`, 'g');
  return s.replace(long, (run) => {
    const chars = Array.from(run);
    const parts: string[] = [];
    for (let i = 0; i < chars.length; i += max) parts.push(chars.slice(i, i + max).join(''));
    return parts.join(' ');
  });
}
