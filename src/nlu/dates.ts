/**
 * Dates the user types: when the traveler must be there (future) and when something happened
 * (past). chrono does the reading; this module anchors it to the firm's calendar day, falls back
 * to the other two languages' parsers, and fills the gaps chrono has (from the vocabulary:
 * "la próxima semana", "mars 2009", "hace diez años", "ASAP").
 */
import * as chrono from 'chrono-node';
import type { Lang } from '../../dialogs/context';
import { addDays, formatYmd, isValidDate, offsetMinutes, todayIn, type Ymd } from './calendar';
import { durationSpans } from './duration';
import { PhraseIndex, asText, digitsValue, longestMatches, tokenize, type Token } from './normalize';
import { langOrder, perLang } from './vocab';
import { readNeededBy, readPastDate } from './when-answers';

export interface ParseContext {
  language: Lang;
  now: Date;
  /** IANA zone of the firm, e.g. 'America/New_York'. */
  timeZone: string;
}

/** Cap on what chrono reads: a date is in the first screenful, and chrono is not linear-time. */
const MAX_DATE_TEXT = 1000;

const PARSERS: Record<Lang, chrono.Chrono> = { en: chrono.en.casual, fr: chrono.fr.casual, es: chrono.es.casual };

const relativeIndex = perLang((v) => new PhraseIndex(Object.entries(v.relativeDates)));
const asapIndex = perLang((v) => new PhraseIndex(v.asap.map((p) => [p, true] as const)));
const agoIndex = perLang((v) => new PhraseIndex(v.ago.map((p) => [p, true] as const)));

const cmp = (a: Ymd, b: Ymd) => a.year - b.year || a.month - b.month || a.day - b.day;

/** A chrono result that names a day (not just a time of day like "at 3pm"). */
function namesADay(r: chrono.ParsedResult): boolean {
  const s = r.start;
  return (
    s.isCertain('day') || s.isCertain('weekday') || s.isCertain('month') || s.isCertain('year') || r.tags().has('result/relativeDate')
  );
}

/** Where chrono's match sits in tokens, to see what is next to it. */
function tokenRange(tokens: Token[], r: chrono.ParsedResult): [number, number] {
  const start = tokens.findIndex((t) => t.end > r.index);
  const endChar = r.index + r.text.length;
  let end = start;
  while (end >= 0 && end < tokens.length && tokens[end].start < endChar) end++;
  return [Math.max(start, 0), Math.max(end, 0)];
}

/** "hace 10 años": chrono es reads only "10 años", forward. The "ago" word next to it makes it past. */
function besideAgo(tokens: Token[], r: chrono.ParsedResult, langs: Lang[]): boolean {
  const w = tokens.map((t) => t.t);
  const [start, end] = tokenRange(tokens, r);
  return langs.some((l) =>
    agoIndex(l)
      .all(w)
      .some((m) => m.end === start || m.start === end),
  );
}

interface Reading {
  result: chrono.ParsedResult;
  day: Ymd;
}

/** chrono's readings in the first language that finds any day at all. */
function chronoReadings(text: string, ctx: ParseContext, forward: boolean): Reading[] {
  const ref = { instant: ctx.now, timezone: offsetMinutes(ctx.now, ctx.timeZone) };
  const tokens = tokenize(text);
  const langs = langOrder(ctx.language);
  for (const lang of langs) {
    let results: chrono.ParsedResult[];
    try {
      results = PARSERS[lang].parse(text, ref, { forwardDate: forward });
    } catch {
      results = [];
    }
    const days = results
      .filter(namesADay)
      .filter((r) => !(forward && besideAgo(tokens, r, langs)))
      .map((r) => ({ result: r, day: { year: r.start.get('year') ?? 0, month: r.start.get('month') ?? 0, day: r.start.get('day') ?? 0 } }))
      .filter((x) => isValidDate(x.day));
    if (days.length > 0) return days;
  }
  return [];
}

export interface FutureDateOptions {
  /**
   * Reading a story, not answering "when": only plain mentions of a coming day count. Not
   * "now"/"today" ("I'm at the border now"), not a bare month ("we will march"), not a 3-letter
   * abbreviation ("mar" is the sea in Spanish), not a bare duration ("8 years old", "waiting for
   * 2 weeks") unless introduced as one ("in 2 weeks").
   */
  inStory?: boolean;
  /** Reading a story that also tells a past incident: a bare "March 3" may be about that. */
  requireCertainDay?: boolean;
}

const vagueIndex = perLang((v) => new PhraseIndex(v.time.vague.map((p) => [p, true] as const)));
const withinIndex = perLang((v) => new PhraseIndex(v.within.map((p) => [p, true] as const)));

/** Whether a chrono reading is plain enough to be taken from a story (see FutureDateOptions). */
function plainInStory(result: chrono.ParsedResult, tokens: Token[], ctx: ParseContext): boolean {
  const langs = langOrder(ctx.language);
  const words = tokenize(result.text).map((t) => t.t);
  if (langs.some((l) => asapIndex(l).whole(words.join(' ')).length > 0)) return false;
  // "next week", "la semaine prochaine": a week is no day.
  if (langs.some((l) => vagueIndex(l).some(words))) return false;
  if (words.join('').length <= 3 && !/[0-9]/.test(result.text)) return false;
  const c = result.start;
  const relative = result.tags().has('result/relativeDate');
  if (!relative && c.isCertain('month') && !c.isCertain('day')) return false;
  if (relative) {
    const w = tokens.map((t) => t.t);
    const [start] = tokenRange(tokens, result);
    for (const l of langs) {
      const span = durationSpans(w.slice(start), l)[0];
      if (!span) continue;
      const at = start + span.start;
      // The duration must be announced: "in 2 weeks", "dans deux semaines", "en dos semanas".
      return langs.some((x) =>
        withinIndex(x)
          .all(w.slice(Math.max(0, at - 4), at))
          .some((m) => m.end === Math.min(at, 4)),
      );
    }
  }
  return true;
}

/** The first day in the text that is today or later, as YYYY-MM-DD. */
export function futureDate(text: string, ctx: ParseContext, opts: FutureDateOptions = {}): string | null {
  const s = asText(text).slice(0, MAX_DATE_TEXT);
  const today = todayIn(ctx.now, ctx.timeZone);
  const tokens = tokenize(s);
  const w = tokens.map((t) => t.t);
  // Phrases chrono misses or misreads ("day after tomorrow" is not "tomorrow") come first.
  for (const l of langOrder(ctx.language)) {
    const m = longestMatches(relativeIndex(l).all(w))[0];
    if (m) return formatYmd(addDays(today, m.value));
  }
  const readings = chronoReadings(s, ctx, true);
  for (const { result, day } of readings) {
    if (cmp(day, today) < 0) continue;
    if (opts.inStory && !plainInStory(result, tokens, ctx)) continue;
    if (opts.requireCertainDay && !result.start.isCertain('year') && !result.tags().has('result/relativeDate') && !result.start.isCertain('weekday'))
      continue;
    return formatYmd(day);
  }
  if (readings.length > 0 || opts.inStory) return null;
  if (langOrder(ctx.language).some((l) => asapIndex(l).some(w))) return formatYmd(today);
  return null;
}

/** The day the traveler must be there, when the words give one (src/nlu/when-answers.ts). */
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
