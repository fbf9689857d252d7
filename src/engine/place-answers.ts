/**
 * The questions about places (where the traveler is now, in which city, through which port) read
 * as a whole: one answer can settle more than its question ("at the Peace Bridge right now" is at
 * the border, at the Peace Bridge; "Vancouver" is outside the U.S., in Vancouver), and the words
 * of a place are never stored as the place ("estoy en Guatemala" is Guatemala, not "estoy").
 */
import type { Answers, IntakeContext, IntakeEvent, Place } from '../../dialogs/context';
import type { QuestionId } from '../../dialogs/questions';
import * as nlu from '../nlu';

interface Reading {
  language: Parameters<typeof nlu.readPlace>[1];
  now: Date;
  timeZone?: string;
}

/**
 * A refusal told with where the traveler is ("refused at the Peace Arch last year, he went back to
 * Surrey"): yes to "ever refused entry?", which is not asked again. Nothing else of the story is
 * taken here: where they are is this answer's own reading.
 */
function refusalTold(text: string, u: Reading, ctx: Pick<IntakeContext, 'answers'>): Answers {
  if (ctx.answers.refusals) return {};
  const facts = nlu.extractFacts(text, { language: u.language, now: u.now, timeZone: u.timeZone ?? 'America/New_York' });
  const refused = facts.answers.refusals;
  return refused && 'value' in refused && refused.value === 'yes' ? { refusals: { value: 'yes' } } : {};
}

/** The country the traveler is known to be in: said before ("Canada"), or the U.S. */
function knownCountry(ctx: Pick<IntakeContext, 'answers'>): string | null {
  const before = ctx.answers.whereNow;
  if (before && 'value' in before) {
    const p = before.value as Place;
    if (p?.country) return p.country;
  }
  const where = ctx.answers.location;
  return where && 'value' in where && (where.value === 'in_us' || where.value === 'detained') ? 'US' : null;
}

/** What an event says beyond its answer: the rest of the message, and the other questions it answers. */
function said(details: string | null | undefined, also: Answers): { details?: string; also?: Answers } {
  return { ...(details ? { details } : {}), ...(Object.keys(also).length ? { also } : {}) };
}

/** Words that say a name follows ("his name is", "il s'appelle", "se llama"). */
const NAME_SAID = /\b(?:name|nom|nombre|llama|appelle)\b/iu;

/**
 * "his name is Marco Ruiz", "se llama Jorge Pérez" where the place is asked: no place (asked
 * again), but the traveler's name, which is not asked again. Null when no name is told.
 */
function nameTold(text: string, u: Reading, ctx: Pick<IntakeContext, 'answers'>, at: string): IntakeEvent | null {
  if (ctx.answers.travelerName || !NAME_SAID.test(text)) return null;
  const r = nlu.readAnswer(text, 'travelerName', { language: u.language, now: u.now, timeZone: u.timeZone ?? 'America/New_York', answers: ctx.answers });
  return r && 'value' in r && typeof r.value === 'string' ? { type: 'UNCLEAR', also: { travelerName: { value: r.value } }, at } : null;
}

/** In the U.S. or outside it, when a place settles which. */
function sideOf(place: Place): Answers['location'] | undefined {
  if (!place.country) return undefined;
  return { value: place.country === 'US' ? 'in_us' : 'outside_us' };
}

/**
 * The event for an answer to a place question, or null when the question is not one of them or
 * the words are left to the general reading (a choice's number or synonym, "not sure").
 */
export function placeAnswer(q: QuestionId, text: string, u: Reading, at: string, ctx: Pick<IntakeContext, 'answers'>): IntakeEvent | null {
  const lang = u.language;
  const year = u.now.getUTCFullYear();
  // "Pas certaine, peut-être encore à Ottawa": not sure, with the place kept in their words. A
  // hedge ("I think he's in Toronto") still says where: the reading below keeps the place.
  const unsure = q === 'location' || q === 'whereNow' || q === 'port' ? nlu.readUnsure(text, lang) : null;
  if (unsure && q !== 'port' && unsure.details !== text.trim()) return { type: 'UNSURE', ...said(unsure.details, {}), at };
  // "not sure rn, hes moving around", "no se todavia": not sure, when the words name nothing either.
  const notSure: IntakeEvent | null = unsure ? { type: 'UNSURE', ...said(unsure.details, {}), at } : null;
  switch (q) {
    case 'location': {
      const r = nlu.readLocation(text, lang, year);
      if (!r) return notSure ?? nameTold(text, u, ctx, at);
      if (!r.value) return nameTold(text, u, ctx, at) ?? { type: 'UNCLEAR', at };
      // "maybe at the border", "idk she might of already left for the border": not known to be
      // there now; not sure, the words kept for the attorney (no page on a guess).
      if (r.value === 'at_border' && nlu.doubtsWhere(text, lang)) return { type: 'UNSURE', details: text.trim(), at };
      const also: Answers = {};
      if (r.whereNow) also.whereNow = { value: r.whereNow };
      if (r.port) also.port = { value: r.port };
      if (r.value !== 'at_border' && r.value !== 'detained') Object.assign(also, refusalTold(text, u, ctx));
      return { type: 'ANSWER', value: r.value, ...said(r.details, also), at };
    }
    case 'whereNow': {
      const r = nlu.readPlace(text, lang, year, knownCountry(ctx));
      if (!r.place) return notSure ?? { type: 'UNCLEAR', at };
      const side = sideOf(r.place);
      return { type: 'ANSWER', value: r.place, ...said(r.details, side ? { location: side } : {}), at };
    }
    case 'port': {
      const r = nlu.readPort(text, lang);
      if (r.undecided) return { type: 'UNSURE', ...said(r.details, {}), at };
      if (notSure && !r.port) return notSure;
      const value = r.port?.id ?? r.asWritten;
      if (!value) return { type: 'UNCLEAR', at };
      // "We're in line at the Rainbow Bridge": at the border now, too.
      const where = nlu.readLocation(text, lang, year);
      const also: Answers = where?.value === 'at_border' || where?.value === 'detained' ? { location: { value: where.value } } : {};
      return { type: 'ANSWER', value, ...said(r.details, also), at };
    }
    default:
      return null;
  }
}

/**
 * Where the traveler is, said instead of the answer asked ("he is in Winnipeg", "il est à
 * Gatineau", "esta en Puebla" where the reason or the story is asked): not that answer (asked
 * again), but where they are, for the questions still unanswered. Null when the words say more.
 */
export function whereInstead(text: string, u: Reading, ctx: Pick<IntakeContext, 'answers'>): Answers | null {
  if (!nlu.saysOnlyWhere(text, u.language)) return null;
  const r = nlu.readPlace(text, u.language, u.now.getUTCFullYear(), knownCountry(ctx));
  if (!r.place) return null;
  const also: Answers = {};
  if (!ctx.answers.whereNow) also.whereNow = { value: r.place };
  const side = sideOf(r.place);
  if (side && !ctx.answers.location) also.location = side;
  return also;
}
