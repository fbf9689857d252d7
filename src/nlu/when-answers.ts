/**
 * Answers to the questions of time: the day the traveler must be there (`neededBy`), when
 * something happened (`deathDate`, `incidentDate`) and how long the stay is (`stayLength`).
 *
 * Each gives a value as precise as the words and no more ("March 2004" is 2004-03), "not sure"
 * when the words give a time that is no day ("next week", "the 90s", "when he was 19", "it
 * depends"), "as soon as possible" without inventing a date, or nothing when the words give no
 * time for this question (a past day for the day needed, an amount, a date for a length). The
 * rest of the message is kept for the attorney as `details`.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { addDays, formatYmd, todayIn, type Ymd } from './calendar';
import { hasPhrase, trimText } from './clauses';
import type { ParseContext } from './dates';
import { durationSpans } from './duration';
import { PhraseIndex, tokenize } from './normalize';
import { readNumber } from './numbers';
import { langOrder, perLang, vocab } from './vocab';
import { parsePlace } from './place';
import { phrases } from './story-people';
import { DATE_KINDS, resolve, timeMentions, timeText, type Mention, type Orientation, type Resolved, type TimeText } from './when';
import { clauseAt, clausesOf } from './tense-clauses';

export type TimeAnswer = { value: string | number; details?: string } | { unsure: true; asap?: true; details?: string };

const flag = (phrases: readonly string[]) => new PhraseIndex(phrases.map((p) => [p, true] as const));

/** Words that carry nothing beside a value ("just", "max", "environ", "the"). */
const GLUE = [
  'max',
  'maximum',
  'min',
  'just',
  'only',
  'solo',
  'sólo',
  'juste',
  'seulement',
  'nada',
  'mas',
  'más',
  'apenas',
  'like',
  'genre',
  'approx',
  'le',
  'la',
  'el',
  'de',
  'd',
  'of',
  'on',
  'the',
  'en',
  'in',
  'at',
  'a',
  'à',
  'por',
  'para',
  'pour',
  'avant',
  'before',
  'by',
  'for',
  'around',
  'about',
  'environ',
  'vers',
  'unos',
  'unas',
  'como',
  'it',
  'its',
  "it's",
  's',
  'is',
  'es',
  'est',
  'c',
  'was',
  'fue',
  'était',
  'etait',
  'he',
  'she',
  'il',
  'elle',
  'él',
  'ella',
  'passed',
  'died',
  'murió',
  'murio',
  'falleció',
  'fallecio',
  'mort',
  'morte',
  'décédé',
  'decede',
  'décédée',
  'ok',
  'so',
  'bon',
  'pues',
  'bueno',
];

const glue = perLang(
  (v) => new Set([...v.stopwords, ...v.filler, ...v.within, ...v.time.approx, ...v.time.partOfDay, ...GLUE].flatMap((p) => tokenize(p).map((t) => t.t))),
);
const unsureIndex = perLang((v) => flag(v.unsure));
const approxIndex = perLang((v) => flag(v.time.approx));

/** Segments of the message: split at punctuation and at "but" ("pero", "mais"). */
const SEGMENT = /[,;.!?\n]+|\s(?:but|pero|mais|pis|sino)\s/giu;

interface Segment {
  from: number;
  to: number;
}

function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of text.matchAll(SEGMENT)) {
    const i = m.index ?? 0;
    // "3.5", "12/03/2010", "Dec. 5": a dot between digits or after a short abbreviation is not a break.
    if (m[0] === '.' && /\d$/.test(text.slice(0, i)) && /^\d/.test(text.slice(i + 1))) continue;
    if (i > at) out.push({ from: at, to: i });
    at = i + m[0].length;
  }
  if (at < text.length) out.push({ from: at, to: text.length });
  return out.filter((s) => text.slice(s.from, s.to).trim() !== '');
}

const clip = (s: string) => s.replace(/^[\s,;.:!?¡¿\-–—]+|[\s,;:!?¡¿\-–—]+$/gu, '').trim();

/** Whether some of these tokens say something beyond the value (not glue words). */
function saysMore(tt: TimeText, from: number, to: number, skip: (i: number) => boolean, lang: Lang): boolean {
  const g = glue(lang);
  for (let i = 0; i < tt.tokens.length; i++) {
    const t = tt.tokens[i];
    if (t.start < from || t.end > to || skip(i)) continue;
    if (!g.has(t.t) && !/^\d+$/.test(t.t)) return true;
  }
  return false;
}

/**
 * The rest of the message, for the attorney: the whole message when the value shares its
 * sentence with other words ("Funeral is Saturday Dec 5 at 11"), else the other sentences
 * ("le 9 décembre, c'est la date de l'audience" -> "c'est la date de l'audience").
 */
function detailsBeside(tt: TimeText, used: Array<[number, number]>, lang: Lang): string | undefined {
  if (used.length === 0) return detailsOfAll(tt, lang);
  const segs = segments(tt.text);
  const first = tt.tokens[used[0][0]];
  const seg = segs.find((s) => first.start >= s.from && first.start < s.to) ?? { from: 0, to: tt.text.length };
  const inUse = (i: number) => used.some(([a, b]) => i >= a && i < b);
  if (saysMore(tt, seg.from, seg.to, inUse, lang)) return clip(tt.text);
  const others = segs.filter((s) => s !== seg && saysMore(tt, s.from, s.to, inUse, lang));
  if (others.length === 0) return undefined;
  return clip(tt.text.slice(others[0].from, others[others.length - 1].to));
}

function detailsOfAll(tt: TimeText, lang: Lang): string | undefined {
  return saysMore(tt, 0, tt.text.length, () => false, lang) ? clip(tt.text) : undefined;
}

/** "not sure, depends on the recovery": the unsure words first; the rest is the details. */
function unsureLead(tt: TimeText, lang: Lang): { end: number } | null {
  const g = glue(lang);
  let i = 0;
  while (i < tt.w.length && g.has(tt.w[i]) && !unsureIndex(lang).at(tt.w, i).length) i++;
  for (const l of langOrder(lang)) {
    const hit = unsureIndex(l).at(tt.w, i)[0];
    if (hit && (hit.end - hit.start >= 2 || /^[a-z]{3,}$/.test(tt.w[hit.start]))) return { end: hit.end };
  }
  return null;
}

function restAfter(tt: TimeText, token: number, lang: Lang): string | undefined {
  if (token >= tt.tokens.length) return undefined;
  const rest = clip(tt.text.slice(tt.tokens[token].start));
  const sub = timeText(rest);
  return rest && saysMore(sub, 0, rest.length, () => false, lang) ? rest : undefined;
}

interface Read {
  tt: TimeText;
  mentions: Mention[];
  lang: Lang;
}

/** The mentions in the first language (of the conversation's, then the others) that finds any time at all. */
function read(text: string, ctx: ParseContext, orientation: Orientation, today: Ymd, also: readonly string[] = []): Read {
  const tt = timeText(text);
  let best: Read | null = null;
  for (const lang of langOrder(ctx.language)) {
    const mentions = timeMentions(tt, lang, orientation, today);
    const named = mentions.filter((m) => DATE_KINDS.has(m.spec.t) || ['asap', 'vague', 'decade', 'noDate', 'depends', ...also].includes(m.spec.t));
    if (named.length > 0) return { tt, mentions, lang };
    best ??= { tt, mentions, lang };
  }
  return best!;
}

/** "or" and "to" in any of the languages ("2015 ou 2016", "jeudi à vendredi", "2019 or 2020"). */
let orSet: Set<string> | null = null;
function orWords(): Set<string> {
  orSet ??= new Set(LANGUAGES.flatMap((l) => vocab(l).or.flatMap((p) => tokenize(p).map((t) => t.t))));
  return orSet;
}

const isKind = (m: Mention, ...kinds: string[]) => kinds.includes(m.spec.t);
const span = (m: Mention): [number, number] => [m.start, m.end];

const WEAK_ASAP_WORDS = 6;

/** The segment of the message a mention is in. */
function segmentOf(tt: TimeText, m: Mention): Segment | undefined {
  const at = tt.tokens[m.start].start;
  return segments(tt.text).find((s) => at >= s.from && at < s.to);
}

/**
 * "she might not make it to christmas", "we dont know if she makes it to christmas eve", "no
 * sabemos si llega a navidad": a holiday said after a negation or a doubt of a few words in its
 * sentence is what the family fears, not the day to be there.
 */
function holidayFeared(tt: TimeText, m: Mention, lang: Lang): boolean {
  if (m.spec.t !== 'holiday') return false;
  const seg = segmentOf(tt, m);
  if (!seg) return false;
  const before = (n: { start: number; end: number }) => n.end <= m.start && tt.tokens[n.start].start >= seg.from;
  return langOrder(lang).some(
    (l) =>
      negationIndex(l).all(tt.w).some(before) ||
      unsureIndex(l)
        .all(tt.w)
        .some((n) => n.end - n.start >= 2 && before(n)),
  );
}

/**
 * The days a message names, the day the traveler must be there first: one said right after being
 * there ("the funeral is on the 5th so he has to be there by the 4th"), then one in a clause saying the
 * traveler must come ("he needs to come for the birth on dec 15"), then one in a clause naming what
 * the trip is for ("the funeral is on december 9"), then the others; not one in a clause that tells
 * of something that happened ("he was refused on the 3rd", "he called me today"): "now" and "today"
 * there are when it happened, not when they must be there.
 */
function daysByWhatTheyAreFor(tt: TimeText, days: Mention[], lang: Lang, today: Ymd): Mention[] {
  if (days.length === 0) return days;
  const langs = langOrder(lang);
  const { clauses } = clausesOf(tt.text, today.year, langs);
  const travel = phrases(tt.w, langs, 'travel');
  const purpose = (['funeral', 'medical', 'court', 'other'] as const).flatMap((k) => phrases(tt.w, langs, k));
  const inClauseOf = (m: Mention, hits: Array<{ start: number }>) => {
    const c = clauseAt(clauses, m.start);
    return !!c && hits.some((h) => h.start >= c.start && h.start < c.end);
  };
  const saidWithTravel = (m: Mention) => travel.some((x) => x.end <= m.start && m.start - x.end <= 4);
  const rank = (m: Mention) => (inClauseOf(m, travel) ? 0 : inClauseOf(m, purpose) ? 1 : 2);
  const told = (m: Mention) => {
    const tense = clauseAt(clauses, m.start)?.tense;
    return (tense === 'past' || tense === 'recent') && rank(m) === 2;
  };
  // A day in a clause of what happened counts only when it is the only thing the message says.
  const kept = days.length > 1 || clauses.length > 1 ? days.filter((m) => !told(m)) : days;
  return [...kept].sort((a, b) => Number(saidWithTravel(b)) - Number(saidWithTravel(a)) || rank(a) - rank(b));
}

/** The day the traveler must be there. */
export function readNeededBy(text: string, ctx: ParseContext): TimeAnswer | null {
  const today = todayIn(ctx.now, ctx.timeZone);
  const { tt, mentions, lang } = read(text, ctx, 'future', today);
  const withDetails = (a: TimeAnswer, used: Mention[]): TimeAnswer => {
    const details = detailsBeside(tt, used.map(span), lang);
    return details ? { ...a, details } : a;
  };
  const dated = mentions.filter((m) => DATE_KINDS.has(m.spec.t));
  const days = daysByWhatTheyAreFor(tt, dated, lang, today);
  // "around Christmas", "dans 3 semaines environ": a word of about just before or after.
  const approx = (m: Mention) =>
    mentions.some((x) => (x.spec.t === 'approx' && x.end === m.start) || (x.spec.t === 'vague' && x.end === m.start)) ||
    langOrder(lang).some((l) => approxIndex(l).at(tt.w, m.end).length > 0);
  // "maybe the 10th? not sure": a day said with doubt is no day; the words are kept.
  const doubted =
    unsureLead(tt, lang) !== null ||
    segments(tt.text).some((g) => langOrder(lang).some((l) => unsureIndex(l).whole(timeText(tt.text.slice(g.from, g.to)).w.join(' ')).length > 0));
  for (const m of days) {
    const r = resolve(m.spec, 'future', today);
    if (!r || r.precision !== 'day' || holidayFeared(tt, m, lang)) continue;
    // "around Christmas", "fin décembre", "in a couple of weeks", "dans 2 ou 3 semaines": a time near a day is no day.
    if (approx(m) || (m.spec.t === 'in' && m.spec.loose)) return { unsure: true, details: clip(tt.text) };
    // "la cirugía es el 9 pero tiene que llegar un día antes": the day before.
    const shift = mentions.find((x) => x.spec.t === 'shift');
    const day = shift && shift.spec.t === 'shift' ? addDays(r.day, -shift.spec.days) : r.day;
    if (formatYmd(day) < formatYmd(today)) continue;
    // "next tuesday or wednesday", "el 5 o el 6": one of two days is no day.
    const other = dated.find((x) => x.start >= m.end && x.start - m.end <= 3 && tt.w.slice(m.end - 1, x.start).some((t) => orWords().has(t)));
    if (doubted || other) return { unsure: true, details: clip(tt.text) };
    return withDetails({ value: formatYmd(day) }, [m, ...(shift ? [shift] : [])]);
  }
  const unsure = unsureLead(tt, lang);
  const noDate = mentions.some((m) => isKind(m, 'noDate'));
  const asap = mentions.filter((m) => m.spec.t === 'asap' && (m.spec.strong || noDate || tt.w.length <= WEAK_ASAP_WORDS));
  if (asap.length > 0) return withDetails({ unsure: true, asap: true }, asap);
  // A day that is past ("the hearing was yesterday", "le 31 novembre"): no answer to when they must be there.
  if (
    days.some((m) => resolve(m.spec, 'past', today) !== null && !holidayFeared(tt, m, lang)) &&
    !mentions.some((m) => isKind(m, 'vague', 'period', 'm', 'ym'))
  )
    return null;
  if (unsure) {
    const details = restAfter(tt, unsure.end, lang);
    return details ? { unsure: true, details } : { unsure: true };
  }
  if (mentions.some((m) => isKind(m, 'vague', 'period', 'm', 'ym', 'noDate', 'depends', 'holiday', 'weekday'))) {
    const details = clip(tt.text);
    return details ? { unsure: true, details } : { unsure: true };
  }
  return null;
}

/**
 * The day needed, when a message says only that ("el 10 de enero tiene que estar", "he has to be
 * there by the 15th"): the answer to that question, given where another is asked. A day alone
 * says nothing of what it is the day of.
 */
const beforeWords = perLang((v) => flag(v.time.before));

export function neededDayOnly(text: string, ctx: ParseContext): string | null {
  const a = readNeededBy(text, ctx);
  if (!a || !('value' in a)) return null;
  const { tt, mentions } = read(text, ctx, 'future', todayIn(ctx.now, ctx.timeZone));
  const w = tt.w;
  const langs = langOrder(ctx.language);
  const covered = new Array<boolean>(w.length).fill(false);
  for (const m of mentions) if (DATE_KINDS.has(m.spec.t)) for (let i = m.start; i < m.end; i++) covered[i] = true;
  const said = covered.map(() => false);
  // It must say that someone has to be there ("tiene que estar"); a pronoun of the message's own
  // language may go with it (French "on" is no English word).
  const travel = phrases(w, langs, 'travel');
  for (const m of travel) for (let i = m.start; i < m.end; i++) said[i] = true;
  for (const kind of ['third', 'self', 'we'] as const) for (const m of phrases(w, [ctx.language], kind)) for (let i = m.start; i < m.end; i++) said[i] = true;
  // "antes del 10 de diciembre", "avant le 10": by that day.
  for (const l of langs) for (const m of beforeWords(l).all(w)) for (let i = m.start; i < m.end; i++) said[i] = true;
  const g = langs.map((l) => glue(l));
  const only = w.every((t, i) => covered[i] || said[i] || g.some((x) => x.has(t)));
  return only && travel.length > 0 ? String(a.value) : null;
}

const sentenceIndex = perLang((v) => flag(v.time.sentence));

/** The part of a message that tells of a funeral (not of the death) and its day to come. */
function funeralPart(text: string, ctx: ParseContext): { from: number; to: number; day: string } | null {
  const langs = langOrder(ctx.language);
  for (const seg of segments(text)) {
    const part = text.slice(seg.from, seg.to);
    const w = tokenize(part).map((t) => t.t);
    if (phrases(w, langs, 'funeral').length === 0 || phrases(w, langs, 'died').length > 0) continue;
    const day = readNeededBy(part, ctx);
    if (day && 'value' in day) return { from: seg.from, to: seg.to, day: String(day.value) };
  }
  return null;
}

/**
 * The day of a funeral to come, told in a message ("funeral on Monday", "el velorio es el jueves
 * en Queens"): the day the traveler must be there, unless the words place it abroad ("at home in
 * Santo Domingo. The burial is Tuesday": no day to be here).
 */
export function funeralDay(text: string, ctx: ParseContext): string | null {
  if (placedAbroad(text, ctx.language)) return null;
  return funeralPart(text, ctx)?.day ?? null;
}

/**
 * The day of a death told in a message ("elle est décédée ce matin", "il est mort hier soir"),
 * from the part that tells of it. "passed" alone is no death ("the worst has passed").
 */
export function deathDay(text: string, ctx: ParseContext): string | null {
  const langs = langOrder(ctx.language);
  for (const seg of segments(text)) {
    const part = text.slice(seg.from, seg.to);
    const w = tokenize(part).map((t) => t.t);
    const died = phrases(w, langs, 'died').filter((m) => m.end - m.start > 1 || w[m.start] !== 'passed');
    if (
      died.length === 0 ||
      died.some((m) =>
        langs.some((l) =>
          negationIndex(l)
            .all(w)
            .some((n) => n.end <= m.start && m.start - n.end <= 2),
        ),
      )
    )
      continue;
    const day = readPastDate(part, ctx, { recent: true });
    if (day && 'value' in day) return String(day.value);
  }
  return null;
}

const negationIndex = perLang((v) => flag(v.negations));

/** Whether the words name a place outside the U.S. (a run of capitalised words that is one). */
function placedAbroad(text: string, lang: Lang): boolean {
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    if (!/^\p{Lu}/u.test(tokens[i].raw)) continue;
    let j = i;
    // "Port-au-Prince": words joined by hyphens are one name, whatever their case.
    while (j < tokens.length && j - i < 4 && (/^\p{Lu}/u.test(tokens[j].raw) || (j > i && text.slice(tokens[j - 1].end, tokens[j].start) === '-'))) j++;
    const place = parsePlace(text.slice(tokens[i].start, tokens[j - 1].end), lang);
    if (place?.country && place.country !== 'US') return true;
    i = j - 1;
  }
  return false;
}

/**
 * What an answer to a question of time also says of another ("el martes, y el entierro es el
 * miércoles que viene" at "when did they die?": the funeral's day is the day needed; "30 jours de
 * prison" at "when?": the sentence, no date), for those questions.
 */
export function timeAlso(text: string, q: 'neededBy' | 'deathDate' | 'incidentDate' | 'stayLength', ctx: ParseContext): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  const langs = langOrder(ctx.language);
  // A death and burial abroad ("at home in Santo Domingo. The burial is Tuesday"): no day to be here.
  if (q === 'deathDate') {
    const day = funeralDay(text, ctx);
    if (day) out.neededBy = { value: day };
  }
  if (q === 'incidentDate') {
    // A sentence served ("30 jours de prison", "6 months in jail"), from its length to its word.
    const { tt, mentions, lang } = read(text, ctx, 'past', todayIn(ctx.now, ctx.timeZone), ['duration']);
    const served = mentions.find((m) => m.spec.t === 'duration' && m.spec.sentence);
    if (served) {
      const hit = [lang, ...langs.filter((l) => l !== lang)]
        .map((l) =>
          sentenceIndex(l)
            .all(tt.w)
            .find((x) => x.start >= served.end && x.start - served.end <= 2),
        )
        .find((x) => x !== undefined);
      if (hit) out.incidentSentence = { value: tt.text.slice(tt.tokens[served.start].start, tt.tokens[hit.end - 1].end) };
    }
    // A fine ("$500 fine", "multa de 800 dolares", "1000 $ d'amende"): the sentence, in the family's words.
    if (!out.incidentSentence && !served && mentions.some((m) => m.spec.t === 'amount') && !mentions.some((m) => DATE_KINDS.has(m.spec.t))) {
      const w = tokenize(text).map((t) => t.t);
      if (hasPhrase(w, ['penalties'], langs)) out.incidentSentence = { value: trimText(text) };
    }
  }
  return out;
}

export interface PastOptions {
  /** A recent event (a death): a day of this month alone ("el 24") is a day. */
  recent?: boolean;
}

/** When something happened: a day, a month or a year, as precise as the words. */
export function readPastDate(text: string, ctx: ParseContext, opts: PastOptions = {}): TimeAnswer | null {
  const today = todayIn(ctx.now, ctx.timeZone);
  const { tt, mentions, lang } = read(text, ctx, 'past', today);
  // Not sure, with the words that say what is known ("the 90s", "when he was 19").
  const unsureWith = (used: Mention[]): TimeAnswer => {
    const lead = unsureLead(tt, lang);
    const details = lead && used.length === 0 ? restAfter(tt, lead.end, lang) : clip(tt.text) || undefined;
    return details ? { unsure: true, details } : { unsure: true };
  };
  const dated = mentions
    .filter((m) => DATE_KINDS.has(m.spec.t) && (opts.recent || m.spec.t !== 'dom'))
    .map((m) => ({ m, r: resolve(m.spec, 'past', today) }))
    .filter((x): x is { m: Mention; r: Resolved } => x.r !== null);
  // "in the 90s", "a finales de los 80": a decade is no year.
  if (mentions.some((m) => m.spec.t === 'decade') && !dated.some((x) => x.r.precision !== 'year'))
    return unsureWith(mentions.filter((m) => m.spec.t === 'decade'));
  if (dated.length === 0) {
    const lead = unsureLead(tt, lang);
    if (lead) return unsureWith([]);
    // "when he was 19", "cuando era joven", "at 88" with "when": a time, but no date.
    // "a few days ago", "hace unos días": a time that is no day.
    if (mentions.some((m) => isKind(m, 'when') || (isKind(m, 'vague') && /\S\s+\S/u.test(tt.text.slice(tt.tokens[m.start].start, tt.tokens[m.end - 1].end)))))
      return unsureWith(mentions);
    return null;
  }
  const first = dated[0];
  // "2 or 3 years ago", "a couple of weeks ago": no one day or year.
  if (first.m.spec.t === 'ago' && first.m.spec.loose) return unsureWith([first.m]);
  // "2019 or 2020", "jeudi à vendredi": two times joined; what they share, else not sure.
  const dashed = (x: { m: Mention }) =>
    x.m.start === first.m.end && /^\s*[-–/]\s*$/u.test(tt.text.slice(tt.tokens[first.m.end - 1].end, tt.tokens[x.m.start].start));
  const joined = dated.find(
    (x, k) =>
      k > 0 && ((x.m.start - first.m.end <= 3 && x.m.start > first.m.end && tt.w.slice(first.m.end, x.m.start).some((t) => orWords().has(t))) || dashed(x)),
  );
  // "2014 i think, maybe 2013", "2014 creo, o tal vez 2013": a second year offered with doubt, a few words on.
  const hedged = (x: { m: Mention; r: Resolved }) => {
    if (x.m.start <= first.m.end || x.m.start - first.m.end > 5 || x.r.date === first.r.date) return false;
    const between = tt.w.slice(first.m.end, x.m.start);
    return langOrder(lang).some((l) => unsureIndex(l).all(between).length > 0);
  };
  const doubted = dated.find((x, k) => k > 0 && first.m.spec.t === 'y' && x.m.spec.t === 'y' && hedged(x));
  if (doubted) return unsureWith([first.m, doubted.m]);
  if (joined) {
    const a = first.r.date;
    const b = joined.r.date;
    if (a === b) return { value: a };
    const shared = a.slice(0, 7) === b.slice(0, 7) && a.length >= 7 && b.length >= 7 ? a.slice(0, 7) : null;
    return shared ? { value: shared } : unsureWith([first.m, joined.m]);
  }
  // "avant 2010", "before 2015", "après 2015": a bound, not a date.
  if (mentions.some((o) => o.spec.t === 'before' && o.end === first.m.start)) return unsureWith([first.m]);
  if (
    langOrder(lang).some((l) =>
      afterBoundIndex(l)
        .all(tt.w)
        .some((b) => b.end === first.m.start),
    )
  )
    return unsureWith([first.m]);
  // "not sure, sometime last week": unsure of a time that is itself approximate.
  const lead = unsureLead(tt, lang);
  // "not sure of the exact day, my cousin only told me today": the day the news came, not the day asked.
  const news = langOrder(lang).some((l) =>
    newsIndex(l)
      .all(tt.w)
      .some((n) => n.end <= first.m.start && first.m.start - n.end <= 1),
  );
  if (lead && news) return unsureWith([]);
  const approximate = ['period', 'm', 'ago'].includes(first.m.spec.t) || mentions.some((o) => isKind(o, 'vague'));
  if (lead && approximate) return unsureWith([]);
  const details = detailsBeside(tt, [span(first.m)], lang);
  return details ? { value: first.r.date, details } : { value: first.r.date };
}

const afterBoundIndex = perLang((v) => flag(v.time.afterBound));
const newsIndex = perLang((v) => flag(v.time.newsCame));
const fixedIndex = perLang((v) => new PhraseIndex(Object.entries(v.time.fixedDurations)));
const halfIndex = perLang((v) => flag(v.time.half));
const unitIndex = perLang((v) => flag(Object.values(v.durationUnits).flat()));
const DAYS_BY_UNIT = [
  [365, 180],
  [30, 15],
  [7, 3],
] as const;

/** A number ends right before word `at` ("deux" of "deux mois et demi"). */
function countedBefore(w: readonly string[], at: number, lang: Lang): boolean {
  for (let i = Math.max(0, at - 3); i < at; i++) if (readNumber(w, i, lang)?.end === at) return true;
  return false;
}

/** How long the stay is, in days. */
export function readStay(text: string, ctx: ParseContext): TimeAnswer | null {
  const today = todayIn(ctx.now, ctx.timeZone);
  const { tt, mentions, lang } = read(text, ctx, 'future', today, ['duration']);
  const withDetails = (a: TimeAnswer, used: Array<[number, number]>): TimeAnswer => {
    const details = detailsBeside(tt, used, lang);
    return details ? { ...a, details } : a;
  };
  for (const l of langOrder(lang)) {
    // "deux mois et demi", "dos meses y medio": a number before the phrase counts its months ("mois et demi" is one).
    const fixed = fixedIndex(l)
      .all(tt.w)
      .find((f) => !countedBefore(tt.w, f.start, l));
    if (fixed) return withDetails({ value: fixed.value }, [[fixed.start, fixed.end]]);
  }
  const stays = mentions.filter((m) => m.spec.t === 'duration' && !m.spec.sentence);
  if (stays.length > 0) {
    const first = stays[0];
    // "2-3 weeks", "4 or 5 days", "deux-trois jours": a range is no one length; the words are kept.
    if (langOrder(lang).some((l) => durationSpans(tt.w.slice(first.start, first.end), l)[0]?.range)) return { unsure: true, details: clip(tt.text) };
    let days = first.spec.t === 'duration' ? first.spec.days : 0;
    let end = first.end;
    // "2 months and 2 weeks": the spans joined by "and" in the same sentence add up.
    for (const l of langOrder(lang)) {
      const all = durationSpans(tt.w.slice(first.start), l);
      if (all.length > 1 || (all[0] && first.start + all[0].end !== end)) {
        let total = all[0].days;
        let last = all[0];
        for (const s of all.slice(1)) {
          const between = tt.w.slice(first.start + last.end, first.start + s.start);
          if (between.length > 0 && between.length <= 2 && ['and', 'et', 'y', 'plus', 'e'].includes(between[0])) {
            total += s.days;
            last = s;
          } else if (between.length > 0 && between.length <= 2) {
            total = Math.max(total, s.days);
            last = s;
          } else break;
        }
        days = total;
        end = first.start + last.end;
      }
      break;
    }
    // "un mois et demi", "un año y medio", "a week and a half".
    for (const l of langOrder(lang)) {
      const half = halfIndex(l).at(tt.w, end)[0];
      if (!half) continue;
      const unit = DAYS_BY_UNIT.find(([u]) => days % u === 0 && days >= u);
      days += unit ? unit[1] : 0;
      end = half.end;
      break;
    }
    return withDetails({ value: days }, [[first.start, end]]);
  }
  const lead = unsureLead(tt, lang);
  if (lead) {
    const details = restAfter(tt, lead.end, lang);
    return details ? { unsure: true, details } : { unsure: true };
  }
  // "18 months in prison", "$3000", "hes 60 yrs old": a sentence, an amount or an age is no stay.
  if (mentions.some((m) => m.spec.t === 'duration' || m.spec.t === 'amount' || m.spec.t === 'age')) return null;
  // "quelques semaines", "just the weekend", "until she passes", "depende del tratamiento".
  const unitWithoutNumber = langOrder(lang).some((l) => unitIndex(l).some(tt.w)) && !mentions.some((m) => m.spec.t === 'amount');
  const vague = mentions.some((m) => isKind(m, 'vague', 'depends'));
  const dates = mentions.some((m) => DATE_KINDS.has(m.spec.t));
  if ((vague || unitWithoutNumber) && !dates) {
    const details = clip(tt.text);
    return details ? { unsure: true, details } : { unsure: true };
  }
  return null;
}

/** The answer to a question of time, by question (see the functions above); null: none in the words. */
export function readTime(text: string, q: 'neededBy' | 'deathDate' | 'incidentDate' | 'stayLength', ctx: ParseContext): TimeAnswer | null {
  switch (q) {
    case 'neededBy':
      return readNeededBy(text, ctx);
    case 'deathDate': {
      // The funeral's day is no day of the death: read without the part that tells of it.
      const whole = readPastDate(text, ctx, { recent: true });
      const funeral = funeralPart(text, ctx);
      if (!funeral) return whole;
      const rest = (text.slice(0, funeral.from) + ' ' + text.slice(funeral.to)).trim();
      const a = rest ? readPastDate(rest, ctx, { recent: true }) : null;
      // The same day without the funeral's words: the whole message read as it is.
      if (a && whole && JSON.stringify({ ...a, details: 0 }) === JSON.stringify({ ...whole, details: 0 })) return whole;
      if (!a) return null;
      const details = clip([a.details, text.slice(funeral.from, funeral.to)].filter(Boolean).join(', '));
      return { ...a, details };
    }
    case 'incidentDate':
      return readPastDate(text, ctx);
    case 'stayLength':
      return readStay(text, ctx);
  }
}

/**
 * The words after a time that opens the message ("oct 2017 in buffalo" -> "in buffalo", "hace 5
 * años en Houston" -> "en Houston"), where they share its sentence; null when no time opens it.
 */
export function afterTheTime(text: string, ctx: ParseContext): string | null {
  const { tt, mentions, lang } = read(text, ctx, 'past', todayIn(ctx.now, ctx.timeZone));
  const first = mentions.find((m) => DATE_KINDS.has(m.spec.t));
  if (!first || saysMore(tt, 0, tt.tokens[first.start].start, () => false, lang)) return null;
  const rest = clip(tt.text.slice(tt.tokens[first.end - 1].end));
  return rest || null;
}

/** The words say an age and nothing else ("he was 19", "tiene 79 años", "il a 80 ans"): no date, no stay, no sentence. */
export function saysOnlyAge(text: string, ctx: ParseContext): boolean {
  const { tt, mentions } = read(text, ctx, 'past', todayIn(ctx.now, ctx.timeZone), ['age']);
  return tt.w.length <= 5 && mentions.some((m) => m.spec.t === 'age') && mentions.every((m) => ['age', 'approx', 'or'].includes(m.spec.t));
}

/** Kinds of mention that say when and nothing else. */
const WHEN_KINDS: ReadonlySet<string> = new Set([...DATE_KINDS, 'decade', 'when', 'approx', 'vague', 'before']);

/**
 * The words say when and nothing else ("c'était en 2016", "back in the nineties", "hace como 5
 * años"): a time, no sentence and no charge.
 */
export function saysOnlyTime(text: string, ctx: ParseContext): boolean {
  const { tt, mentions, lang } = read(text, ctx, 'past', todayIn(ctx.now, ctx.timeZone), ['when']);
  if (!mentions.some((m) => DATE_KINDS.has(m.spec.t) || isKind(m, 'decade', 'when'))) return false;
  const covered = (i: number) => mentions.some((m) => WHEN_KINDS.has(m.spec.t) && i >= m.start && i < m.end);
  return !saysMore(tt, 0, tt.text.length, covered, lang);
}

/** Small words a time is said with ("by the 14th", "pour le 3", "para el viernes"), no verb among them. */
const TIME_LINKS = new Set(
  [
    'the on in by at around about for until till this next le la les l au aux de du des en a pour vers avant apres jusqu ce cette el los las del al para antes despues hasta este esta',
    // "if possible", "at the latest", "au plus tard", "si se puede"
    'if possible latest si plus tard se puede posible mas',
  ]
    .join(' ')
    .split(' '),
);
/** Kinds of mention a time said alone may be: a day, a time of the year, as soon as possible. */
const ALONE_KINDS: ReadonlySet<string> = new Set([...WHEN_KINDS, 'asap', 'noDate']);

/**
 * The words are a time and nothing else, not even a verb ("tomorrow", "christmas eve", "dans 2
 * semaines", "pasado mañana temprano", "the 14th"): where a name, a condition or a court is asked,
 * no answer. Stricter than saysOnlyTime ("she died this morning" says a death).
 */
export function timeAlone(text: string, ctx: ParseContext): boolean {
  const today = todayIn(ctx.now, ctx.timeZone);
  return (['future', 'past'] as const).some((orientation) => {
    const { tt, mentions } = read(text, ctx, orientation, today, ['when']);
    if (!mentions.some((m) => DATE_KINDS.has(m.spec.t) || isKind(m, 'when', 'asap'))) return false;
    const covered = (i: number) => mentions.some((m) => ALONE_KINDS.has(m.spec.t) && i >= m.start && i < m.end);
    return tt.tokens.every((t, i) => covered(i) || TIME_LINKS.has(t.t) || /^\d+$/u.test(t.t));
  });
}
