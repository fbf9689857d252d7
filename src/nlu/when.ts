/**
 * Time in what families write: every mention of a day, a month, a year, a duration from now or
 * ago, and every number that only looks like a date (an age, an amount, a sentence served, a
 * decade), found in the words with the vocabulary of locales/<lang>/vocab.json (`time`, `months`,
 * `durationUnits`, `within`, `ago`, `asap`).
 *
 * A mention is found once and resolved against today in the firm's time zone for the direction
 * the question or the sentence gives: "Thursday" is the last one when someone died, the next one
 * when someone must be there; "March 04" is a year when it is past. Nothing here reads the clock.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { addDays, formatYm, formatYmd, isValidDate, type Ymd } from './calendar';
import { durationSpans } from './duration';
import { PhraseIndex, asText, longestMatches, tokenize, type PhraseMatch, type Token } from './normalize';
import { corrected } from './fuzzy';
import { readNumber, type NumberRead } from './numbers';
import { perLang, vocab, type Vocab } from './vocab';

export type Orientation = 'future' | 'past';

type Unit = 'week' | 'month' | 'year';

export type Spec =
  | { t: 'rel'; days: number }
  /** `later`: days after that weekday ("vendredi en huit": a week later). */
  | { t: 'weekday'; wd: number; mod: -1 | 0 | 1; later?: number }
  /** `wd`: the weekday written with it ("Monday the 23rd"), which the day must fall on. */
  | { t: 'dom'; day: number; wd?: number }
  | { t: 'md'; month: number; day: number; wd?: number }
  | { t: 'ymd'; year: number; month: number; day: number }
  | { t: 'ym'; year: number; month: number }
  | { t: 'm'; month: number }
  | { t: 'y'; year: number }
  | { t: 'holiday'; month: number; day: number; year: number | null; oneDay?: boolean }
  /** `loose`: a range or a count that is no number ("in 2 or 3 weeks", "a couple of weeks ago"). */
  | { t: 'in'; days: number; loose?: boolean }
  | { t: 'ago'; days: number; loose?: boolean }
  | { t: 'period'; unit: Unit; offset: number; month: number | null }
  /** 12/03/2010: day and month cannot be told apart; only the year is sure. */
  | { t: 'ambiguous'; year: number }
  | { t: 'decade' }
  | { t: 'vague' }
  | { t: 'asap'; strong: boolean }
  | { t: 'noDate' }
  /** "a day before" / "la veille": the day needed is this many days before the one named. */
  | { t: 'shift'; days: number }
  /** Numbers that are no date: an age, an amount, a duration (a stay or a sentence), an hour. */
  | { t: 'age' }
  | { t: 'amount' }
  | { t: 'duration'; days: number; sentence: boolean; loose?: boolean }
  | { t: 'approx' }
  | { t: 'before' }
  | { t: 'when' }
  | { t: 'depends' }
  | { t: 'or' };

export interface Mention {
  /** Tokens [start, end). */
  start: number;
  end: number;
  spec: Spec;
}

/** Where a date read from words sits, and how precise it is. */
export interface Resolved {
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  date: string;
  precision: 'day' | 'month' | 'year';
  /** As a day, for comparisons (the first day of the month or year). */
  day: Ymd;
}

interface TimeIndexes {
  days: PhraseIndex<number>;
  partOfDay: PhraseIndex<true>;
  weekdays: PhraseIndex<number>;
  last: PhraseIndex<true>;
  next: PhraseIndex<true>;
  periods: PhraseIndex<{ unit: Unit; offset: number }>;
  decadeBefore: PhraseIndex<true>;
  ageBefore: PhraseIndex<true>;
  ageAfter: PhraseIndex<true>;
  currency: PhraseIndex<true>;
  sentence: PhraseIndex<true>;
  vague: PhraseIndex<true>;
  asap: PhraseIndex<boolean>;
  noDate: PhraseIndex<true>;
  holidays: PhraseIndex<{ month: number; day: number; oneDay: boolean }>;
  seasons: PhraseIndex<true>;
  before: PhraseIndex<true>;
  approx: PhraseIndex<true>;
  when: PhraseIndex<true>;
  depends: PhraseIndex<true>;
  months: PhraseIndex<number>;
  /** Month names that are no abbreviation ("may" is May; "mar" may be the sea, "sept" seven). */
  fullMonths: Set<string>;
  within: PhraseIndex<true>;
  ago: PhraseIndex<true>;
  fromNow: PhraseIndex<true>;
  after: PhraseIndex<true>;
  weekLater: PhraseIndex<true>;
  dayBefore: PhraseIndex<true>;
  vagueCount: PhraseIndex<true>;
  fixed: PhraseIndex<number>;
  or: PhraseIndex<true>;
  /** Words between a day and its month or year ("de", "d", "of", "del"). */
  dayOf: Set<string>;
  /** Words before a day of the month alone ("the", "le", "el", "on"). */
  determiners: Set<string>;
  /** Possessives ("his", "son", "su", "my"): "his 1st grandson" is a rank, no day. */
  possessives: Set<string>;
}

const flag = (phrases: readonly string[]) => new PhraseIndex(phrases.map((p) => [p, true] as const));

/** Small grammar words of each language: not vocabulary a paralegal edits. */
const GRAMMAR: Record<Lang, { dayOf: string[]; determiners: string[] }> = {
  en: { dayOf: ['of', 'the'], determiners: ['the', 'on', 'by', 'before', 'for'] },
  fr: { dayOf: ['de', 'd', 'du'], determiners: ['le', 'au', 'du', 'pour', 'avant', 'jusqu', 'd', 'l'] },
  es: { dayOf: ['de', 'd', 'del'], determiners: ['el', 'del', 'para', 'antes', 'al'] },
};

const timeIndexes = perLang((v: Vocab, lang: Lang): TimeIndexes => {
  const t = v.time;
  return {
    possessives: new Set([...v.values.mine, ...v.values.theirs].filter((x) => !/\s/u.test(x))),
    days: new PhraseIndex([...Object.entries(t.days), ...Object.entries(v.relativeDates)]),
    partOfDay: flag(t.partOfDay),
    weekdays: new PhraseIndex(Object.entries(t.weekdays).flatMap(([n, names]) => names.map((x) => [x, Number(n)] as const))),
    last: flag(t.last),
    next: flag(t.next),
    periods: new PhraseIndex(
      Object.entries(t.periods).map(([p, spec]) => {
        const [unit, offset] = spec.split(':');
        return [p, { unit: unit as Unit, offset: Number(offset) }] as const;
      }),
    ),
    decadeBefore: flag(t.decadeBefore),
    ageBefore: flag(t.ageBefore),
    ageAfter: flag(t.ageAfter),
    currency: flag(t.currency),
    sentence: flag(t.sentence),
    vague: flag(t.vague),
    // The strong phrases first: a phrase in both lists is strong.
    asap: new PhraseIndex([...t.asapStrong.map((p) => [p, true] as const), ...v.asap.filter((p) => !t.asapStrong.includes(p)).map((p) => [p, false] as const)]),
    noDate: flag(t.noDate),
    holidays: new PhraseIndex(
      Object.entries(t.holidays).map(([p, md]) => [p, { month: Number(md.slice(0, 2)), day: Number(md.slice(3)), oneDay: t.holidayDays.includes(p) }] as const),
    ),
    seasons: flag(t.seasons),
    before: flag(t.before),
    approx: flag(t.approx),
    when: flag(t.when),
    depends: flag(t.depends),
    months: new PhraseIndex(Object.entries(v.months).flatMap(([m, names]) => names.map((n) => [n, Number(m)] as const))),
    fullMonths: new Set(
      Object.values(v.months).flatMap((names) =>
        names
          .filter((n) => n.length >= 3 && !names.some((o) => o.length > n.length && o.startsWith(n)))
          .map((n) =>
            tokenize(n)
              .map((t) => t.t)
              .join(' '),
          ),
      ),
    ),
    within: flag(v.within),
    ago: flag(v.ago),
    fromNow: flag(t.fromNow),
    after: flag(t.after),
    weekLater: flag(t.weekLater),
    dayBefore: flag(t.dayBefore),
    vagueCount: flag(t.vagueCount),
    fixed: new PhraseIndex(Object.entries(t.fixedDurations)),
    or: flag(v.or),
    dayOf: new Set(GRAMMAR[lang].dayOf),
    determiners: new Set(GRAMMAR[lang].determiners),
  };
});

/** The most words a duration takes ("between two and three months", "a couple of weeks"). */
const DURATION_WORDS = 8;

/** Words that may follow an age ("hes 17 and going", "tiene 72 años y vive", "81 ans, de Rimouski"). */
const AGE_FOLLOWERS = new Set(['and', 'now', 'y', 'et', 'ya', 'ahora', 'maintenant', 'asteure', 'pis', 'but', 'pero', 'mais', 'so', 'today']);

/** Words before a two-digit year ("en el 98", "in 05", "depuis 99"). */
const YEAR_PREPOSITIONS = new Set(['in', 'since', 'en', 'el', 'del', 'desde', 'depuis', 'année', 'annee', 'year', 'año', 'ano']);

/** Words before a weekday that make it a place's name ("Santo Domingo"). */
const SAINTS = new Set(['santo', 'san', 'santa', 'saint', 'st', 'sainte', 'ste']);

/** Prepositions that make a bare month a time ("in May", "en octubre", "depuis mars"). */
const MONTH_PREPOSITIONS = new Set(['in', 'since', 'last', 'this', 'next', 'of', 'en', 'de', 'depuis', 'desde', 'durant', 'pendant', 'au', 'mois', 'el']);

/** Every word of the time vocabularies, of every language ("noche", "lunes", "tarde"): words already, never a slip. */
let timeWordsAll: Set<string> | null = null;
function timeWords(): Set<string> {
  if (timeWordsAll) return timeWordsAll;
  const strings = (o: unknown): string[] =>
    typeof o === 'string'
      ? [o]
      : Array.isArray(o)
        ? o.flatMap(strings)
        : o && typeof o === 'object'
          ? Object.entries(o).flatMap(([k, x]) => [k, ...strings(x)])
          : [];
  timeWordsAll = new Set(
    LANGUAGES.flatMap((l) => {
      const v = vocab(l);
      return strings([v.time, v.months, v.durationUnits, v.numberWords, v.relativeDates, v.within, v.ago, v.asap, v.unsure, v.none, v.stopwords, v.filler]);
    }).flatMap((p) => tokenize(p).map((t) => t.t)),
  );
  return timeWordsAll;
}

/** The one-word names of days ("yesterday", "miércoles", "demain"), by what they mean: a slip from one is read as it. */
const slipTargets = perLang((v: Vocab): Map<string, string> => {
  const out = new Map<string, string>();
  const one = (p: string) => tokenize(p).map((t) => t.t);
  for (const [n, names] of Object.entries(v.time.weekdays)) for (const name of names) if (one(name).length === 1) out.set(one(name)[0], `wd${n}`);
  for (const [p, d] of Object.entries(v.time.days)) if (one(p).length === 1) out.set(one(p)[0], `day${d}`);
  return out;
});

/** Words five letters or longer: a slip from a shorter word is too likely another word. */
const SLIP_MIN = 5;

/**
 * "yesteday", "mierkoles", "jeudii": a word one slip of the thumb from exactly one day's name (a
 * weekday, "yesterday", "demain"), with the same first letter, is read as that name; a word of any
 * time vocabulary is left.
 */
function withDaySlips(tt: TimeText, lang: Lang): TimeText {
  const targets = slipTargets(lang);
  const known = timeWords();
  let changed = false;
  const w = tt.w.map((t) => {
    if (t.length < SLIP_MIN || known.has(t) || !/^\p{L}+$/u.test(t)) return t;
    // The first letter stays: a slip is made inside a word ("banana" is no "mañana").
    const c = corrected(t, targets);
    if (c === t || c[0] !== t[0]) return t;
    changed = true;
    return c;
  });
  return changed ? { ...tt, w } : tt;
}

export interface TimeText {
  text: string;
  tokens: Token[];
  w: string[];
}

/** The words of a text, with "2oo8" read as 2008 (a letter O typed for a zero inside a year). */
export function timeText(text: string): TimeText {
  const s = asText(text).replace(/\b[12][0-9oO]{3}\b/g, (m) => (/[0-9]{2}/.test(m.slice(1)) || /[oO]/.test(m) ? m.replace(/[oO]/g, '0') : m));
  const tokens = tokenize(s);
  return { text: s, tokens, w: tokens.map((t) => t.t) };
}

const CURRENCY_SIGN = /[$€£¢]/;

/** A currency sign written against the number ("$2,000", "5000 $", "1500$"). */
function besideCurrencySign(tt: TimeText, n: NumberRead): boolean {
  const from = tt.tokens[n.start].start;
  const to = tt.tokens[n.end - 1].end;
  const before = tt.text.slice(Math.max(0, from - 2), from);
  const after = tt.text.slice(to, to + 2);
  return CURRENCY_SIGN.test(before) || CURRENCY_SIGN.test(after) || /^[,.]\d{3}/.test(tt.text.slice(to, to + 4));
}

/** A number joined by a hyphen to letters ("2019-CR-1234", "CV-2018"): part of an identifier. */
function inIdentifier(tt: TimeText, n: NumberRead): boolean {
  const from = tt.tokens[n.start].start;
  const to = tt.tokens[n.end - 1].end;
  return /^-\p{L}/u.test(tt.text.slice(to, to + 2)) || /\p{L}-$/u.test(tt.text.slice(Math.max(0, from - 2), from));
}

/** An apostrophe just before the number ("back in '98"). */
function afterApostrophe(tt: TimeText, n: NumberRead): boolean {
  const from = tt.tokens[n.start].start;
  return /['’‘]$/.test(tt.text.slice(Math.max(0, from - 1), from));
}

const ending = (idx: PhraseIndex<unknown>, w: readonly string[], end: number, reach = 5) => {
  for (let s = Math.max(0, end - reach); s < end; s++) if (idx.at(w, s).some((m) => m.end === end)) return s;
  return -1;
};

/** Where the words before `i` start once "about" / "como" / "environ" are passed over ("hace como 15 años"). */
function pastApprox(ix: TimeIndexes, w: readonly string[], i: number): number {
  let at = i;
  for (let k = 0; k < 2; k++) {
    const s = ending(ix.approx, w, at, 3);
    if (s < 0) break;
    at = s;
  }
  return at;
}
function startsAt<T>(idx: PhraseIndex<T>, w: readonly string[], i: number): PhraseMatch<T> | undefined {
  return idx.at(w, i)[0];
}

/** Two-digit year: '98 is 1998, '04 is 2004 (not later than this year). */
const fullYear = (n: number, thisYear: number) => (n >= 100 ? n : n + 2000 <= thisYear ? n + 2000 : n + 1900);

const isYear = (n: number, thisYear: number) => n >= 1900 && n <= thisYear + 5;

interface Scan {
  tt: TimeText;
  lang: Lang;
  orientation: Orientation;
  thisYear: number;
  ix: TimeIndexes;
}

/** The year written after a month ("March 2004", "marzo de 2004", "dic del 2019", "mars 04", "Oct '17"). */
function yearAfter(sc: Scan, at: number, dayGiven: boolean): { year: number; end: number } | null {
  const { w } = sc.tt;
  let j = at;
  if (j < w.length && sc.ix.dayOf.has(w[j])) j++;
  const n = readNumber(w, j, sc.lang);
  if (!n || n.ordinal) return null;
  if (isYear(n.value, sc.thisYear)) return { year: n.value, end: n.end };
  if (n.inWords || n.value >= 100) return null;
  // Two digits: a year after an apostrophe, after a day ("5 mai 13"), or in the past when it cannot be a day.
  const twoDigits = sc.tt.w[n.start].length === 2;
  if (afterApostrophe(sc.tt, n) || (dayGiven && twoDigits) || (!dayGiven && sc.orientation === 'past' && twoDigits && (n.leadingZero || n.value > 31)))
    return { year: fullYear(n.value, sc.thisYear), end: n.end };
  return null;
}

/** A day of the month written after a month ("December 3", "Nov 20th"), with a year after it if one is. */
function dayAfterMonth(sc: Scan, month: number, at: number): { spec: Spec; end: number } | null {
  const { w } = sc.tt;
  let j = at;
  if (j < w.length && w[j] === 'the') j++;
  const n = readNumber(w, j, sc.lang);
  if (!n || n.value < 1 || n.value > 31) return null;
  if (sc.orientation === 'past' && n.leadingZero && !n.ordinal) return null; // "march 04": the year, read by yearAfter
  if (besideCurrencySign(sc.tt, n)) return null;
  const y = yearAfter(sc, n.end, true);
  if (y) return { spec: { t: 'ymd', year: y.year, month, day: n.value }, end: y.end };
  return { spec: { t: 'md', month, day: n.value }, end: n.end };
}

const ARTICLES = new Set(['the', 'le', 'la', 'el', 'this', 'ce']);

/** A duration that starts at `i` ("in 2 weeks", "3 months ago", "a day before", "30 days in jail"). */
function durationMention(sc: Scan, i: number): Mention | null {
  const { w } = sc.tt;
  const { ix } = sc;
  // A duration said in one phrase ("quinze jours" is two weeks), else a few words ("between 2 and 3 months").
  const fixed = ix.fixed.at(w, i)[0];
  const span = fixed ? { days: fixed.value, start: 0, end: fixed.end - i, range: false } : durationSpans(w.slice(i, i + DURATION_WORDS), sc.lang)[0];
  if (!span || span.start !== 0) return null;
  const end = i + span.end;
  // "2 or 3 weeks", "a couple of weeks", "quelques jours": no one number of days.
  const loose = span.range || ix.vagueCount.all(w.slice(i, end)).length > 0 || (i > 0 && ending(ix.vagueCount, w, i, 2) >= 0);
  const m = (to: number, spec: Spec): Mention => ({ start: i, end: to, spec });
  const from = pastApprox(ix, w, i);
  // The mention takes in the words that make it a time ("in", "hace como", "from now").
  const within = ending(ix.within, w, from, 4);
  if (within >= 0) return { start: within, end, spec: { t: 'in', days: span.days, loose } };
  const ago = ending(ix.ago, w, from, 4);
  if (ago >= 0) return { start: ago, end, spec: { t: 'ago', days: span.days, loose } };
  const agoAfter = startsAt(ix.ago, w, end);
  if (agoAfter) return m(agoAfter.end, { t: 'ago', days: span.days, loose });
  const fromNow = startsAt(ix.fromNow, w, end);
  if (fromNow) return m(fromNow.end, { t: 'in', days: span.days, loose });
  const before = startsAt(ix.before, w, end);
  if (before) return m(before.end, { t: 'shift', days: span.days });
  // "a week from friday", "una semana después del viernes": only before a day named, else a stay ("2 weeks after the surgery").
  const after = startsAt(ix.after, w, end);
  if (after) {
    const k = after.end < w.length && ARTICLES.has(w[after.end]) ? after.end + 1 : after.end;
    if (k < w.length && (startsAt(ix.weekdays, w, k) || startsAt(ix.months, w, k))) return m(after.end, { t: 'shift', days: -span.days });
  }
  const sentence = ix.sentence.all(w.slice(Math.max(0, i - 3), end + 4)).length > 0;
  return m(end, { t: 'duration', days: span.days, sentence, loose });
}

/** What a number at `i` is the start of: a date, a duration, or a number that is no date. */
function numberMention(sc: Scan, n: NumberRead): Mention | null {
  const { w } = sc.tt;
  const { ix } = sc;
  const i = n.start;
  const m = (end: number, spec: Spec): Mention => ({ start: i, end, spec });
  if (besideCurrencySign(sc.tt, n) || startsAt(ix.currency, w, n.end)) return m(n.end, { t: 'amount' });
  // An age: "when he was 19", "tiene 72 años", "17 years old", "a 17 ans".
  const ageAfter = startsAt(ix.ageAfter, w, n.end);
  const counted = ending(ix.ago, w, pastApprox(ix, w, i), 3) >= 0 || ending(ix.within, w, pastApprox(ix, w, i), 3) >= 0;
  // "tiene 72", "hes 17 and...": an age verb, then the number alone or with its unit (not "tiene 3 DUIs").
  // The word right after the number, in the same sentence part ("17, she was..." has none).
  const nextWord = n.end < w.length && !/[,.;:!?]/.test(sc.tt.text.slice(sc.tt.tokens[n.end - 1].end, sc.tt.tokens[n.end].start)) ? w[n.end] : null;
  const ageBefore = ending(ix.ageBefore, w, i, 4) >= 0 && (nextWord === null || !!ageAfter || !/^\p{L}{2,}$/u.test(nextWord) || AGE_FOLLOWERS.has(nextWord));
  if (!n.ordinal && n.value < 130 && !counted && (ageBefore || (ageAfter && ageAfterIsAge(sc, n, ageAfter))))
    return m(ageAfter ? ageAfter.end : n.end, { t: 'age' });
  // A day and its month: "3 de marzo (de 2009)", "le 5 mai 2013", "15 d dic", "twenty-fifth of November".
  let j = n.end;
  while (j < w.length && j - n.end < 2 && ix.dayOf.has(w[j])) j++;
  const month = startsAt(ix.months, w, j);
  if (month && n.value >= 1 && n.value <= 31) {
    const y = yearAfter(sc, month.end, true);
    if (y) return m(y.end, { t: 'ymd', year: y.year, month: month.value, day: n.value });
    return m(month.end, { t: 'md', month: month.value, day: n.value });
  }
  // A duration: "in 2 weeks", "3 months ago", "hace 3 días", "30 days in jail", "a day before".
  const duration = durationMention(sc, i);
  if (duration) return duration;
  // A year, a decade ("the 90s", "los 80", "the 2000s"), a two-digit year ("'98").
  const s = n.end < w.length && w[n.end] === 's';
  const decadeWord = ending(ix.decadeBefore, w, i, 4) >= 0;
  if (!n.ordinal && n.value % 10 === 0 && (s || decadeWord) && ((n.value >= 10 && n.value <= 90) || isYear(n.value, sc.thisYear)))
    return m(s ? n.end + 1 : n.end, { t: 'decade' });
  // "case 2019-CR-1234", "FC-2018-55": a number inside an identifier is no year.
  if (!n.ordinal && isYear(n.value, sc.thisYear) && !inIdentifier(sc.tt, n)) return m(n.end, { t: 'y', year: n.value });
  if (!n.ordinal && n.value < 100 && !n.inWords && afterApostrophe(sc.tt, n)) return m(n.end, { t: 'y', year: fullYear(n.value, sc.thisYear) });
  // "en el 98", "en 99", "in 05": two digits after "in" that are no day of the month, when it is past.
  if (sc.orientation === 'past' && !n.ordinal && !n.inWords && w[i].length === 2 && (n.value > 31 || n.leadingZero) && i > 0 && YEAR_PREPOSITIONS.has(w[i - 1]))
    return m(n.end, { t: 'y', year: fullYear(n.value, sc.thisYear) });
  // "his 1st grandson", "son 1er petit-fils", "su 2do nieto": a rank after a possessive, no day.
  if (n.ordinal && i > 0 && ix.possessives.has(w[i - 1])) return null;
  // A day of the month alone: "el 15", "le 8", "the fifteenth", "on the 3rd", "avant le 12".
  if (n.value >= 1 && n.value <= 31) {
    const determined = i > 0 && ix.determiners.has(w[i - 1]);
    // "15th" alone, "the fifteenth"; not "his first marriage".
    // "the one who needs to travel", "el uno", "la une": the word "one" after a determiner is a pronoun, no day.
    const pronounOne = determined && n.inWords && !n.ordinal && n.value === 1;
    if (((n.ordinal && !n.inWords) || determined) && !pronounOne) {
      // Not "the 2 of us", "the 3 of them": "of" after the number and no month after it is no day.
      if (!n.ordinal && n.end + 1 < w.length && w[n.end] === 'of' && !startsAt(ix.months, w, n.end + 1)) return null;
      return m(n.end, { t: 'dom', day: n.value });
    }
  }
  return null;
}

/** "19 ans" is an age after "avait", "a", "de" (a person's), not after "depuis" or in a list of durations. */
function ageAfterIsAge(sc: Scan, n: NumberRead, after: PhraseMatch<true>): boolean {
  const phrase = sc.tt.w.slice(after.start, after.end).join(' ');
  // "years old", "yo", "años de edad": always an age. A bare year unit ("ans", "años") only after an age verb.
  if (!sc.ix.ageAfter.whole(phrase).length) return false;
  const units = durationSpans(sc.tt.w.slice(n.start, after.end), sc.lang);
  if (units.length === 0) return true;
  const i = n.start;
  const w = sc.tt.w;
  const prev = i > 0 ? w[i - 1] : '';
  // "de 8 años", "a 17 ans", "d 5 años" (SMS), "Mon père, Gérard, 81 ans,": a person's age.
  const aside = i > 0 && /,\s*$/.test(sc.tt.text.slice(sc.tt.tokens[i - 1].end, sc.tt.tokens[i].start));
  return (aside || ['de', 'd', 'a', 'of', 'los'].includes(prev)) && !sc.ix.ago.at(w, Math.max(0, i - 1)).length;
}

/** Every mention of time in the text, in order, not overlapping. */
export function timeMentions(typed: TimeText, lang: Lang, orientation: Orientation, today: Ymd): Mention[] {
  const tt = withDaySlips(typed, lang);
  const ix = timeIndexes(lang);
  const sc: Scan = { tt, lang, orientation, thisYear: today.year, ix };
  const { w } = tt;
  const out: Mention[] = [];
  const numeric = numericForms(tt, lang, orientation, today.year);
  for (let i = 0; i < w.length;) {
    const found = mentionAt(sc, i, numeric);
    if (found) {
      out.push(found);
      i = Math.max(found.end, i + 1);
    } else i++;
  }
  return out;
}

/** The phrase kinds, longest first at a position. */
function phraseAt(sc: Scan, i: number): Mention | null {
  const { ix } = sc;
  const { w } = sc.tt;
  const candidates: Array<PhraseMatch<Spec>> = [];
  const add = (idx: PhraseIndex<unknown>, spec: (v: never) => Spec) => {
    const hit = idx.at(w, i)[0];
    if (hit) candidates.push({ start: hit.start, end: hit.end, value: spec(hit.value as never) });
  };
  add(ix.partOfDay, () => ({ t: 'approx' }));
  add(ix.days, (d: number) => ({ t: 'rel', days: d }));
  add(ix.periods, (p: { unit: Unit; offset: number }) => ({ t: 'period', unit: p.unit, offset: p.offset, month: null }));
  add(ix.vague, () => ({ t: 'vague' }));
  add(ix.asap, (strong: boolean) => ({ t: 'asap', strong }));
  add(ix.noDate, () => ({ t: 'noDate' }));
  add(ix.depends, () => ({ t: 'depends' }));
  add(ix.when, () => ({ t: 'when' }));
  add(ix.approx, () => ({ t: 'approx' }));
  add(ix.before, () => ({ t: 'before' }));
  add(ix.or, () => ({ t: 'or' }));
  add(ix.dayBefore, () => ({ t: 'shift', days: 1 }));
  if (candidates.length === 0) return null;
  // The longest phrase; on a tie, the more specific kind (a day before a vague word).
  const order = ['shift', 'rel', 'period', 'noDate', 'asap', 'vague', 'depends', 'when', 'approx', 'before', 'or'];
  candidates.sort((a, b) => b.end - a.end || order.indexOf(a.value.t) - order.indexOf(b.value.t));
  const best = candidates[0];
  // "the week before" is a period; "before" alone is only a word next to a date.
  return { start: best.start, end: best.end, spec: best.value };
}

function mentionAt(sc: Scan, i: number, numeric: Map<number, Mention>): Mention | null {
  const { ix } = sc;
  const { w } = sc.tt;
  const num = numeric.get(i);
  if (num) return num;
  // Holidays: "Christmas", "para Navidad", "à Noël 2015".
  const holiday = startsAt(ix.holidays, w, i);
  if (holiday) {
    const y = yearAfter(sc, holiday.end, true);
    return { start: i, end: y ? y.end : holiday.end, spec: { t: 'holiday', ...holiday.value, year: y ? y.year : null } };
  }
  // Seasons with a year: "l'été 96", "summer 2019" (only the year is known). Alone: no date.
  const season = startsAt(ix.seasons, w, i);
  if (season) {
    const y = yearAfter(sc, season.end, true);
    return y ? { start: i, end: y.end, spec: { t: 'y', year: y.year } } : { start: i, end: season.end, spec: { t: 'vague' } };
  }
  // Weekdays, with "last" / "next" on either side: "last Sunday", "dimanche dernier", "el viernes que viene".
  const wd = startsAt(ix.weekdays, w, i);
  // "Santo Domingo", "San Martín": a place, not a Sunday or a Tuesday.
  if (wd && i > 0 && SAINTS.has(w[i - 1])) return { start: i - 1, end: wd.end, spec: { t: 'approx' } };
  if (wd) {
    const lastBefore = ending(ix.last, w, i, 2);
    const nextBefore = ending(ix.next, w, i, 2);
    const lastAfter = startsAt(ix.last, w, wd.end);
    const nextAfter = startsAt(ix.next, w, wd.end);
    const mod = lastBefore >= 0 || lastAfter ? -1 : nextBefore >= 0 || nextAfter ? 1 : 0;
    const start = Math.max(i - 0, 0);
    let end = lastAfter?.end ?? nextAfter?.end ?? wd.end;
    // "vendredi le 27", "Saturday Dec 5", "martes 24": the day named after the weekday, which must fall on it.
    const after = mentionAfterWeekday(sc, end, numeric);
    if (after) return { start, end: after.end, spec: after.spec.t === 'dom' || after.spec.t === 'md' ? { ...after.spec, wd: wd.value } : after.spec };
    if (end < w.length && ix.partOfDay.at(w, end)[0]) end = ix.partOfDay.at(w, end)[0].end;
    // "vendredi en huit", "el viernes en ocho": that weekday a week later.
    const weekLater = startsAt(ix.weekLater, w, end);
    if (weekLater) return { start, end: weekLater.end, spec: { t: 'weekday', wd: wd.value, mod: 1, later: 7 } };
    return { start: lastBefore >= 0 ? lastBefore : nextBefore >= 0 ? nextBefore : start, end, spec: { t: 'weekday', wd: wd.value, mod } };
  }
  // A month: "December 3", "March 2004", "in May"; a day before it is read from the number.
  const month = startsAt(ix.months, w, i);
  const phrase = phraseAt(sc, i);
  if (month && !(phrase && phrase.end > month.end)) {
    const byDay = dayAfterMonth(sc, month.value, month.end);
    if (byDay) return { start: i, end: byDay.end, spec: byDay.spec };
    const y = yearAfter(sc, month.end, false);
    if (y) return { start: i, end: y.end, spec: { t: 'ym', year: y.year, month: month.value } };
    // "en febrero del año pasado", "in March last year": the month of that year.
    const of = month.end < w.length && (ix.dayOf.has(w[month.end]) || w[month.end] === 'of') ? month.end + 1 : month.end;
    const year = startsAt(ix.periods, w, of) ?? startsAt(ix.periods, w, month.end);
    if (year && year.value.unit === 'year')
      return { start: i, end: year.end, spec: { t: 'period', unit: 'year', offset: year.value.offset, month: month.value } };
    const name = w.slice(month.start, month.end).join(' ');
    const introduced = i > 0 && MONTH_PREPOSITIONS.has(w[i - 1]);
    const alone = w.length === month.end - month.start;
    if ((introduced || alone) && (ix.fullMonths.has(name) || alone)) return { start: i, end: month.end, spec: { t: 'm', month: month.value } };
  }
  if (phrase) {
    // "this year, in May" / "cette année, en mai": the month of that year.
    if (phrase.spec.t === 'period' && phrase.spec.unit === 'year') {
      const later = monthSoonAfter(sc, phrase.end);
      if (later) return { start: i, end: later.end, spec: { ...phrase.spec, month: later.value } };
    }
    return phrase;
  }
  const n = readNumber(w, i, sc.lang);
  if (n) return numberMention(sc, n);
  // "a week", "un mes", "une semaine": an article for "one".
  return durationMention(sc, i);
}

function monthSoonAfter(sc: Scan, at: number): PhraseMatch<number> | null {
  for (let j = at; j < Math.min(at + 3, sc.tt.w.length); j++) {
    const month = startsAt(sc.ix.months, sc.tt.w, j);
    if (month) return month;
  }
  return null;
}

function mentionAfterWeekday(sc: Scan, at: number, numeric: Map<number, Mention>): Mention | null {
  const { w } = sc.tt;
  let j = at;
  if (j < w.length && (w[j] === 'the' || sc.ix.determiners.has(w[j]))) j++;
  const num = numeric.get(j);
  if (num) return num;
  const month = startsAt(sc.ix.months, w, j);
  if (month) {
    const d = dayAfterMonth(sc, month.value, month.end);
    if (d) return { start: j, end: d.end, spec: d.spec };
  }
  const n = readNumber(w, j, sc.lang);
  if (!n || n.value < 1 || n.value > 31) return null;
  const m = numberMention(sc, n);
  if (m && (m.spec.t === 'md' || m.spec.t === 'ymd')) return m;
  if (m === null || m.spec.t === 'dom') return { start: j, end: n.end, spec: { t: 'dom', day: n.value } };
  return null;
}

/**
 * Dates written with digits and separators: "12/18", "27/11/2026", "2009-03", "03/2009",
 * "2027-01-15". Month first in English, day first in French and Spanish, unless only the other
 * order is a date; a past day whose day and month could be swapped keeps only its year.
 */
function numericForms(tt: TimeText, lang: Lang, orientation: Orientation, thisYear: number): Map<number, Mention> {
  const out = new Map<number, Mention>();
  const re = /(?<![\d/.-])(\d{1,4})([/.-])(\d{1,4})(?:\2(\d{2,4}))?(?![\d/]|[.-]\d)/g;
  for (const m of tt.text.matchAll(re)) {
    const from = m.index ?? 0;
    const to = from + m[0].length;
    const start = tt.tokens.findIndex((t) => t.start >= from);
    let end = start;
    while (end < tt.tokens.length && tt.tokens[end].end <= to) end++;
    if (start < 0 || end <= start) continue;
    // "2-3 weeks", "4/5 days": a range of a duration, no date.
    if (m[4] === undefined && durationSpans(tt.w.slice(start, end + 3), lang)[0]?.start === 0) continue;
    const [a, b] = [Number(m[1]), Number(m[3])];
    const c = m[4] !== undefined ? Number(m[4]) : null;
    let spec: Spec | null = null;
    if (m[1].length === 4) {
      // 2009-03, 2027-01-15
      if (m[3].length <= 2 && b >= 1 && b <= 12) spec = c !== null ? { t: 'ymd', year: a, month: b, day: c } : { t: 'ym', year: a, month: b };
    } else if (m[1].length <= 2 && m[3].length === 4 && c === null) {
      // 03/2009
      if (a >= 1 && a <= 12) spec = { t: 'ym', year: b, month: a };
    } else if (m[1].length <= 2 && m[3].length <= 2 && (c === null || m[4].length === 2 || m[4].length === 4)) {
      const year = c === null ? null : fullYear(c, thisYear);
      let [day, month] = lang === 'en' ? [b, a] : [a, b];
      if (month > 12 && day <= 12) [day, month] = [month, day];
      if (month < 1 || month > 12 || day < 1 || day > 31) spec = null;
      else if (year === null) spec = { t: 'md', month, day };
      else if (orientation === 'past' && a <= 12 && b <= 12 && a !== b) spec = { t: 'ambiguous', year };
      else spec = { t: 'ymd', year, month, day };
    }
    if (spec) out.set(start, { start, end, spec });
  }
  return out;
}

// ---- resolution --------------------------------------------------------------------------------

const cmp = (a: Ymd, b: Ymd) => a.year - b.year || a.month - b.month || a.day - b.day;
const dayOf = (d: Ymd): Resolved => ({ date: formatYmd(d), precision: 'day', day: d });
const monthOf = (year: number, month: number): Resolved => ({ date: formatYm(year, month), precision: 'month', day: { year, month, day: 1 } });
const yearOf = (year: number): Resolved => ({ date: String(year), precision: 'year', day: { year, month: 1, day: 1 } });

/** ISO weekday of a day (1 Monday .. 7 Sunday). */
function weekday(d: Ymd): number {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return x === 0 ? 7 : x;
}

/** How far back a day-and-month with no year is still read as past, rather than next year's. */
const RECENT_DAYS = 90;

function daysBetween(a: Ymd, b: Ymd): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/**
 * A mention as a date, read forward (when someone must be there) or back (when something
 * happened). Null: it is no date (a vague time, an age...), or no date in that direction.
 */
export function resolve(spec: Spec, orientation: Orientation, today: Ymd): Resolved | null {
  const r = resolveDay(spec, orientation, today);
  // "Monday the 23rd": a day that does not fall on the weekday written with it is not that day.
  if (r && (spec.t === 'dom' || spec.t === 'md') && spec.wd !== undefined && weekday(r.day) !== spec.wd) return null;
  return r;
}

function resolveDay(spec: Spec, orientation: Orientation, today: Ymd): Resolved | null {
  const future = orientation === 'future';
  const valid = (d: Ymd) => isValidDate(d);
  switch (spec.t) {
    case 'rel':
      // "tomorrow" is no past day, "yesterday" no day to come.
      return (future ? spec.days >= 0 : spec.days <= 0) ? dayOf(addDays(today, spec.days)) : null;
    case 'in':
      return future ? dayOf(addDays(today, spec.days)) : null;
    case 'ago': {
      if (future) return null;
      const d = addDays(today, -spec.days);
      if (spec.days >= 365) return yearOf(d.year);
      if (spec.days >= 28) return monthOf(d.year, d.month);
      return dayOf(d);
    }
    case 'weekday': {
      const diff = spec.wd - weekday(today);
      // "last Tuesday", "el martes pasado": a day gone by, no day to come.
      if (future && spec.mod === -1) return null;
      if (future || spec.mod === 1) return dayOf(addDays(today, (diff > 0 ? diff : diff + 7) + (spec.later ?? 0)));
      return dayOf(addDays(today, diff < 0 ? diff : diff - 7));
    }
    case 'dom': {
      let d: Ymd = { year: today.year, month: today.month, day: spec.day };
      if (future) {
        if (!valid(d) || cmp(d, today) < 0)
          d = today.month === 12 ? { year: today.year + 1, month: 1, day: spec.day } : { year: today.year, month: today.month + 1, day: spec.day };
        return valid(d) ? dayOf(d) : null;
      }
      // Back: only this month's, when it is past; "le 30" on the 28th is no date.
      return valid(d) && cmp(d, today) <= 0 ? dayOf(d) : null;
    }
    case 'md':
    case 'holiday': {
      if (spec.t === 'holiday' && spec.year !== null) {
        const d = { year: spec.year, month: spec.month, day: spec.day };
        if (!valid(d)) return null;
        // A holiday in the past is a time of year ("at Christmas 2015": December 2015).
        return future ? (cmp(d, today) >= 0 ? dayOf(d) : null) : cmp(d, today) <= 0 ? (spec.oneDay ? dayOf(d) : monthOf(d.year, d.month)) : null;
      }
      const d: Ymd = { year: today.year, month: spec.month, day: spec.day };
      if (!valid(d) && !(spec.month === 2 && spec.day === 29)) return null;
      if (future) {
        if (valid(d) && cmp(d, today) >= 0) return dayOf(d);
        // A day just past is past (a story's "le 20 novembre"), not next year's.
        if (valid(d) && daysBetween(d, today) <= RECENT_DAYS) return null;
        const next = { ...d, year: today.year + 1 };
        return valid(next) ? dayOf(next) : null;
      }
      if (valid(d) && cmp(d, today) <= 0) return dayOf(d);
      const last = { ...d, year: today.year - 1 };
      return valid(last) ? dayOf(last) : null;
    }
    case 'ymd': {
      const d = { year: spec.year, month: spec.month, day: spec.day };
      if (!valid(d)) return null;
      return (future ? cmp(d, today) >= 0 : cmp(d, today) <= 0) ? dayOf(d) : null;
    }
    case 'ym': {
      const after = spec.year > today.year || (spec.year === today.year && spec.month > today.month);
      if (future) return null; // a month is no day to be there
      return after ? null : monthOf(spec.year, spec.month);
    }
    case 'm': {
      if (future) return null;
      const year = spec.month <= today.month ? today.year : today.year - 1;
      return monthOf(year, spec.month);
    }
    case 'y':
    case 'ambiguous':
      if (future) return null;
      return spec.year <= today.year ? yearOf(spec.year) : null;
    case 'period': {
      if (future) return null;
      if (spec.offset > 0) return null;
      if (spec.unit === 'year') {
        const year = today.year + spec.offset;
        if (spec.month !== null) return year < today.year || spec.month <= today.month ? monthOf(year, spec.month) : null;
        return yearOf(year);
      }
      if (spec.unit === 'month') {
        const d = spec.offset === 0 ? today : addDays({ ...today, day: 1 }, -1);
        return monthOf(d.year, d.month);
      }
      // A week: its month when the whole week is in one, else its year.
      const monday = addDays(today, 1 - weekday(today) + 7 * spec.offset);
      const sunday = addDays(monday, 6);
      if (spec.offset === 0) return monthOf(today.year, today.month);
      return monday.month === sunday.month ? monthOf(monday.year, monday.month) : monday.year === sunday.year ? yearOf(monday.year) : null;
    }
    default:
      return null;
  }
}

/** The kinds of mention that name a time (a day, a month, a year, or a vague or urgent one). */
export const DATE_KINDS: ReadonlySet<Spec['t']> = new Set([
  'rel',
  'weekday',
  'dom',
  'md',
  'ymd',
  'ym',
  'm',
  'y',
  'holiday',
  'in',
  'ago',
  'period',
  'ambiguous',
]);

export { longestMatches };
