/**
 * Dates the user types: when the traveler must be there (future) and when something happened
 * (past), as the questions read them (src/nlu/when-answers.ts, on the mentions of src/nlu/when.ts),
 * in the firm's calendar (src/nlu/calendar.ts). These two give the value alone, when there is one.
 */
import type { Lang } from '../../dialogs/context';
import { readNeededBy, readPastDate } from './when-answers';

export interface ParseContext {
  language: Lang;
  now: Date;
  /** IANA zone of the firm, e.g. 'America/New_York'. */
  timeZone: string;
}

/** The day the traveler must be there, when the words give one (not "as soon as possible", not "next week"). */
export function parseFutureDate(text: string, ctx: ParseContext): string | null {
  const a = readNeededBy(text, ctx);
  return a && 'value' in a ? String(a.value) : null;
}

/**
 * When something happened: "2009", "in 2009" -> "2009"; "March 2009", "03/2009" -> "2009-03";
 * "3 March 2009" -> "2009-03-03". Never later than today.
 */
export function parsePastDate(text: string, ctx: ParseContext): string | null {
  const a = readPastDate(text, ctx);
  return a && 'value' in a ? String(a.value) : null;
}
