/**
 * Words to events: what a message means, given the question it answers. The statechart never
 * sees text; it sees ANSWER with a typed value, UNSURE, NONE, UNCLEAR or a command.
 */
import type { Answers, Facts, IntakeContext, IntakeEvent, Lang, Value } from '../../dialogs/context';
import { questionDef, type QuestionDef, type QuestionId } from '../../dialogs/questions';
import { reviewItems } from '../../dialogs/review';
import { hasAnswer } from '../../dialogs/answers';
import type { Ask, Choice } from '../i18n/render';
import * as nlu from '../nlu';
import { normalize } from '../nlu/normalize';
import { placeAnswer, whereInstead } from './place-answers';
import { alsoChosen, alsoInStory, alsoSaid, type AlsoAnswers } from './also';

/** What the chart waits for: a question, the review, or the read-back of a story (confirmStory, borderNow). */
export type Asking = Ask | null;

export interface Understanding {
  language: Lang;
  now: Date;
  timeZone: string;
  /** The choices shown with the question being answered, in the user's language. */
  choices: Choice[];
}

const COMMAND_EVENTS = {
  help: 'HELP',
  back: 'BACK',
  restart: 'RESTART',
  stop: 'STOP',
  start: 'START',
  human: 'HUMAN',
  docs: 'DOCS',
} as const;

/** Control characters (but line breaks and tabs) are noise from copy-paste or a broken client. */
export function clean(text: string): string {
  return (
    text
      .normalize('NFC')
      // Control characters are what this strips.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
      .trim()
  );
}

export function command(text: string, at: string, o: nlu.CommandOptions = {}): IntakeEvent | null {
  const c = nlu.detectCommand(text, o);
  if (!c) return null;
  if (c.command === 'language') return { type: 'LANGUAGE', language: c.language, at };
  return { type: COMMAND_EVENTS[c.command], at };
}

/**
 * A message that tells a story rather than answering a short question. Noise is not one (a
 * flood, a link, keyboard mash), nor a message whose only substance is a link (an ad, a spam).
 */
export function storyIn(text: string, u: Pick<Understanding, 'language' | 'now' | 'timeZone'>): { text: string; facts: Facts } | null {
  if (nlu.isNoise(text)) return null;
  const facts = nlu.extractFacts(text, u);
  const told = Object.keys(facts.answers).length > 0 || facts.incidents.length > 0;
  if (!told && nlu.hasLink(text)) return null;
  const words = text.split(/\s+/).filter(Boolean).length;
  return told || words >= 6 ? { text, facts } : null;
}

/** Danger happening now, in any message: the event that puts the 911 / 988 message first. */
export function danger(text: string, u: Pick<Understanding, 'language' | 'now' | 'timeZone'>): IntakeEvent | null {
  if (!nlu.detectDanger(text)) return null;
  return { type: 'DANGER', text, facts: nlu.extractFacts(text, u), language: nlu.detectLanguage(text), at: u.now.toISOString() };
}

/** Where "call me…" is the answer, not a request for a person: the best time to call, a phone number. */
const callMeIsAnswer = (asking: Asking) =>
  asking !== null &&
  asking !== 'review' &&
  asking !== 'confirmStory' &&
  asking !== 'borderNow' &&
  (asking === 'bestTime' || questionDef(asking).kind === 'phone');

/** A story told with the yes to the notice: what it answers, used as a story told up front is (its first incident's too). */
function toldWithConsent(yn: nlu.YesNoReading, p: nlu.ParseContext): AlsoAnswers | undefined {
  if (yn.verdict !== 'yes' || !yn.details) return undefined;
  const facts = nlu.extractFacts(yn.details, p);
  const answers: AlsoAnswers = { ...facts.answers, ...(facts.incidents[0] ?? {}) };
  return Object.keys(answers).length ? answers : undefined;
}

/**
 * Where the traveler is, said with another answer (the danger question's): what the location
 * question would read in the same words, its port and place with it; nothing when it is answered.
 */
function whereSaid(text: string | null, ctx: IntakeContext, u: Understanding): AlsoAnswers | undefined {
  if (!text || hasAnswer(ctx, 'location')) return undefined;
  return locationAlso(nlu.readLocation(text, u.language, u.now.getUTCFullYear()), ctx, false);
}

/** Where the traveler is, said where another question is asked: what is not known yet. */
function whereaboutsAlso(text: string, ctx: IntakeContext, u: Understanding): AlsoAnswers | undefined {
  return locationAlso(nlu.readLocation(text, u.language, u.now.getUTCFullYear()), ctx, true);
}

/**
 * What one reading of the location question adds: the location with its place and port while the
 * location is not answered; otherwise (or with no location read) only a place still unknown, when
 * `placeAlone` allows it.
 */
function locationAlso(r: ReturnType<typeof nlu.readLocation>, ctx: IntakeContext, placeAlone: boolean): AlsoAnswers | undefined {
  if (r?.value && !hasAnswer(ctx, 'location')) {
    const also: AlsoAnswers = { location: { value: r.value } };
    if (r.whereNow && !hasAnswer(ctx, 'whereNow')) also.whereNow = { value: r.whereNow };
    if (r.port && !hasAnswer(ctx, 'port')) also.port = { value: r.port };
    return also;
  }
  return placeAlone && r?.whereNow && !hasAnswer(ctx, 'whereNow') ? { whereNow: { value: r.whereNow } } : undefined;
}

/** The family's words beyond the answer, on the event when there are any. */
const said = (details: string | null | undefined): { details?: string } => (details ? { details } : {});

function byLabel(text: string, choices: Choice[]): Choice | undefined {
  const said = normalize(text);
  // Numbers pick numbered choices only: "0" or "2009" may well be a real answer elsewhere.
  if (/^\d+$/.test(said)) return choices.find((c) => c.n > 0 && String(c.n) === said);
  return choices.find((c) => normalize(c.label) === said);
}

export function interpret(raw: string, asking: Asking, ctx: IntakeContext, u: Understanding): IntakeEvent {
  const at = u.now.toISOString();
  const text = clean(raw);
  // Danger first, at any point. At the danger question it is its answer, yes.
  // What they said of the danger is kept for the staff alerted ("yes she stopped breathing").
  if (asking === 'danger' && nlu.detectDanger(text)) {
    const said = nlu.readYesNo(text, 'danger', { language: u.language, now: u.now });
    const details = said?.verdict === 'yes' ? said.details : text;
    return { type: 'ANSWER', value: 'yes', ...(details ? { details } : {}), at };
  }
  const urgent = danger(text, u);
  if (urgent) return urgent;
  // At the language question no language is chosen yet: an opt-out word of any offered one counts ("ALTO").
  const cmd = command(text, at, { callMeIsAnswer: callMeIsAnswer(asking), lang: asking === 'language' ? null : u.language });
  // "No, … can someone call me?" to the notice: refused. Nothing may be kept, a callback number neither.
  const refusesNotice = asking === 'consent' && cmd?.type === 'HUMAN' && nlu.parseYesNo(text, u.language) === 'no';
  // "Français" asked for a citizenship in French: a nationality, not a switch to the language already spoken.
  const ownNationality = asking === 'citizenship' && cmd?.type === 'LANGUAGE' && cmd.language === u.language;
  if (cmd && !refusesNotice && !ownNationality) return cmd;
  if (!text || asking === null) return { type: 'UNCLEAR', at };
  if (asking === 'review') return nlu.isNoise(text) ? { type: 'UNCLEAR', at } : atReview(text, ctx, u, at);
  if (asking === 'confirmStory') return nlu.isNoise(text) ? { type: 'UNCLEAR', at } : atStoryCheck(text, ctx, u, at);
  if (asking === 'borderNow') {
    const yn = byLabel(text, u.choices)?.value ?? nlu.parseYesNo(text, u.language);
    if (yn === 'yes' || yn === 'no') return { type: 'ANSWER', value: yn, at };
    return nlu.isUnsure(text, u.language) ? { type: 'UNSURE', at } : { type: 'UNCLEAR', at };
  }

  const q = asking;
  const def = questionDef(q);
  const lang = u.language;
  const p = { language: lang, now: u.now, timeZone: u.timeZone };

  // A button, or the number of a choice shown.
  const picked = byLabel(text, u.choices);
  if (picked) {
    if (picked.value === 'unsure') return { type: 'UNSURE', at };
    if (picked.value === 'none') return { type: 'NONE', at };
    return { type: 'ANSWER', value: def.kind === 'multi' ? [picked.value] : picked.value, at };
  }
  // Noise is not an answer, nor a story: asked again, briefly.
  if (nlu.isNoise(text)) return { type: 'UNCLEAR', noise: true, at };
  // Who the patient is, from who writes ("my son" from the traveler's daughter is a grandchild); not settled: asked again.
  // "pa q quieren saber", "why do u need that": a question back names no patient ("pa" is no dad there).
  if (q === 'patient' && nlu.offKind(text, q, lang) === 'question') return { type: 'UNCLEAR', at };
  if (q === 'patient') {
    const patient = nlu.patientOf(text, lang, nlu.writerOf(ctx.answers, lang));
    if (patient?.value === 'ask') return { type: 'UNCLEAR', at };
    const details = patient ? nlu.wordsAfter(text, patient.end) : undefined;
    // "my son, he has leukemia": the illness named with the patient answers the next question too.
    const condition = details && !ctx.answers.condition ? nlu.conditionIn(details, lang) : null;
    const also = condition ? { also: { condition: { value: condition } } } : {};
    if (patient) return { type: 'ANSWER', value: patient.value, ...(details ? { details } : {}), ...also, at };
  }
  // "el 10 de enero tiene que estar" where words are asked for: the day needed, not this answer (asked again).
  if (def.kind === 'text') {
    const day = nlu.neededDayOnly(text, p);
    if (day) return { type: 'UNCLEAR', also: { neededBy: { value: day } }, at };
  }
  // "thanks", "is this confidential?", "$2000", "my dad" where a condition is asked: of another
  // kind than this question takes (src/nlu/off-kind.ts), so no answer; asked again.
  const off = nlu.offKind(text, q, lang, p);
  // "hes in Guelph", "está en Puebla" where something else is asked: no answer there, but where the
  // traveler is, when no one else is named ("my mom is in Lima" may be about someone else).
  if (off === 'whereabouts') {
    const where = whereaboutsAlso(text, ctx, u);
    return { type: 'UNCLEAR', ...(where ? { also: where } : {}), at };
  }
  if (off) return { type: 'UNCLEAR', at };
  // Who is ill, and how: the day of a death or of a funeral told with it, for those questions.
  // A death is no prognosis ("il est mort hier soir"): asked again, the day kept.
  const told: Answers = {};
  if (q === 'relation' || q === 'prognosis') {
    const died = ctx.answers.deathDate ? null : nlu.deathDay(text, p);
    if (died) told.deathDate = { value: died };
    const funeral = ctx.answers.neededBy ? null : nlu.funeralDay(text, p);
    if (funeral) told.neededBy = { value: funeral };
    if (q === 'prognosis' && died) return { type: 'UNCLEAR', also: told, at };
  }
  // "he is in Winnipeg" where the reason or the story is asked: where he is, not this answer (asked again).
  const instead = q === 'reason' || q === 'story' ? whereInstead(text, p, ctx) : null;
  if (instead) return { type: 'UNCLEAR', ...(Object.keys(instead).length ? { also: instead } : {}), at };
  // Values, not sentences: what the attorney needs, read out of what was written (src/nlu/extract.ts).
  const read = nlu.readAnswer(text, q, { ...p, answers: ctx.answers });
  // What happened, told at a screening "yes", may answer the screening's questions to come too.
  const saidToo = read && 'value' in read && typeof read.value === 'string' ? alsoSaid(q, null, text, ctx, p) : undefined;
  if (saidToo) Object.assign(told, saidToo);
  // "leukemia, and there is no treatment for it in Honduras": the condition, and the care is not at home.
  // Only with a value: "no doctor lined up yet" is no hospital, not a word on care at home.
  const careDetails = read && (q === 'condition' || q === 'provider') && 'value' in read ? read.details : undefined;
  if (careDetails && !hasAnswer(ctx, 'unavailableAtHome') && nlu.unavailableToldWith(careDetails, p)) told.unavailableAtHome = { value: 'yes' };
  // A story told where it is asked says more than the story: a removal, a record, the day needed.
  const inStory = q === 'story' && read && 'value' in read ? alsoInStory(text, ctx, p) : undefined;
  if (inStory) Object.assign(told, inStory);
  if (read) return readingEvent(Object.keys(told).length ? { ...read, also: { ...told, ...(read.also ?? {}) } } : read, def, at);
  if (def.kind === 'yesno') {
    // "yes, no hospital in Canada does this": yes, the rest kept for the attorney.
    const yn = nlu.readYesNo(text, q, { language: lang, now: u.now });
    // "Yes, it's urgent" to "is anyone in danger right now?": the case is urgent; asked again.
    if (q === 'danger' && yn?.verdict === 'yes' && nlu.saysOnlyCaseIsUrgent(text)) return { type: 'UNCLEAR', at };
    // What the rest also answers ("no, but he was refused once"), for the questions to come.
    // At the notice, what comes with the yes is the story, as if told before it.
    const saidAlso = !yn ? undefined : q === 'consent' ? toldWithConsent(yn, p) : alsoSaid(q, yn.verdict, yn.details, ctx, p);
    // "sí, para el 15", "yes and the hearing is Monday": the day the order is for is the day needed.
    const appearOn = q === 'subpoena' && yn?.verdict === 'yes' && yn.details && !ctx.answers.neededBy ? nlu.dayToAppear(yn.details, p) : null;
    const also = appearOn ? { ...(saidAlso ?? {}), neededBy: { value: appearOn } } : saidAlso;
    // "No, but he's sitting at the Ambassador Bridge right now", "they arrested him at the border
    // an hour ago": where the traveler is, the question asked next, read in each clause's tense.
    const where = q === 'danger' ? whereSaid(yn ? yn.details : text, ctx, u) : undefined;
    const more = { ...said(yn?.details), ...(also || where ? { also: { ...(also ?? {}), ...(where ?? {}) } } : {}) };
    if (yn?.verdict === 'unsure') return { type: 'UNSURE', ...more, at };
    if (yn) return { type: 'ANSWER', value: yn.verdict, ...more, at };
    // "refusé en 2016" to "security concerns?": not this answer (asked again), but a refusal.
    const other = q === 'consent' || nlu.isNoise(text) ? undefined : alsoSaid(q, null, text, ctx, p);
    if (where || other) return { type: 'UNCLEAR', also: { ...(other ?? {}), ...(where ?? {}) }, at };
  }
  // Where the traveler is and the port: read in the tense of each clause, before the choice's
  // synonyms ("refused at the border in 2014, he is in Montréal" is no "at the border").
  const placed = placeAnswer(q, text, u, at, ctx);
  if (placed) return placed;
  if (def.kind === 'choice') {
    // "victim, the man who hit her is on trial": victim, the rest kept; "a wedding": other, in their words.
    const chosen = nlu.readChoice(text, lang, q, def.options ?? []);
    // "his mom passed", "su hermano está en cuidados paliativos": a reason told through a person
    // or an event, read as a story is (src/nlu/story.ts), where the list's own words name none.
    const c = q === 'reason' ? reasonToldOf(text, chosen, p) : chosen;
    // "idk honestly, his mom is sick but he also has a court thing": two reasons, not a doubt; which one is asked.
    if (q === 'reason' && c?.kind === 'unsure' && c.details && nlu.namedChoices(c.details, lang, q, def.options ?? []).length > 1)
      return { type: 'UNCLEAR', at };
    if (c?.kind === 'unsure') return { type: 'UNSURE', ...said(c.details), at };
    // "to testify", "declarar como testigo": the role in the case may be the reason's own words.
    let also = c?.kind === 'value' ? alsoChosen(q, c.value, c.details ?? text, ctx, lang) : undefined;
    if (q === 'reason' && c?.kind === 'value') {
      const more = toldWithReason(c.value, text, ctx, p);
      if (Object.keys(more).length) also = { ...(also ?? {}), ...more };
    }
    // "he got probation", "lo declararon culpable, 2 años de probatoria": the sentence too, for its question to come.
    const sentence = q === 'incidentOutcome' && !hasAnswer(ctx, 'incidentSentence') ? nlu.sentenceSaid(text, lang) : null;
    if (sentence) also = { ...(also ?? {}), incidentSentence: { value: sentence } };
    if (c) return { type: 'ANSWER', value: c.value, ...said(c.details), ...(also ? { also } : {}), at };
    // "il a reçu une assignation" where the role is asked: no role, but the subpoena's question answered.
    if (q === 'courtRole' && !ctx.answers.subpoena && nlu.readAbout(text, 'subpoena', p) === 'yes')
      return { type: 'UNCLEAR', also: { subpoena: { value: 'yes' } }, at };
    if (sentence) return { type: 'UNCLEAR', also: { incidentSentence: { value: sentence } }, at };
  }
  // Dates and lengths: as precise as the words, "not sure" or "as soon as possible", the rest kept.
  if (q === 'neededBy' || q === 'deathDate' || q === 'incidentDate' || q === 'stayLength') {
    // "hes 60 yrs old", "tiene 70 años": an age is no date and no length (asked again).
    if (nlu.saysOnlyAge(text, p)) return { type: 'UNCLEAR', at };
    const when = nlu.readTime(text, q, p);
    // What the words also say of another question (the funeral's day, a sentence), not answered yet.
    const told = Object.fromEntries(
      Object.entries({ ...nlu.timeAlso(text, q, p), ...placeAfterDate(when, q, ctx, p, text) }).filter(([k]) => !(ctx.answers as Record<string, unknown>)[k]),
    );
    const said = { ...(when?.details ? { details: when.details } : {}), ...(Object.keys(told).length ? { also: told } : {}) };
    if (when && 'value' in when) return { type: 'ANSWER', value: when.value, ...said, at };
    if (when) return { type: 'UNSURE', ...(when.asap ? { asap: true as const } : {}), ...said, at };
    if (Object.keys(told).length) return { type: 'UNCLEAR', also: told, at };
  }
  if (q === 'language') {
    // "spanish, my english is not good": the one chosen, not the one said to be hard.
    const notRefused = nlu.languageNotRefused(text);
    if (notRefused) return { type: 'ANSWER', value: notRefused, at };
    // Two languages named ("my mom speaks Spanish but I write in English"): which one is asked
    // again, unless either will do ("les deux, ça me va": the one the message is written in).
    const several = nlu.languageOfSeveral(text);
    if (several === 'unclear') return { type: 'UNCLEAR', at };
    if (several) return { type: 'ANSWER', value: several, at };
    // "Englis", "fracais": a language named with a typo; "hola", "bonjour": the language written in.
    const named = nlu.languageNamedLoosely(text) ?? greetingLanguage(text);
    if (named) return { type: 'ANSWER', value: named, at };
  }
  if (def.unsure && nlu.isUnsure(text, lang)) return { type: 'UNSURE', at };
  if (def.optional && (nlu.isNone(text, lang) || (def.kind === 'multi' && text === '0'))) return { type: 'NONE', at };
  if (def.kind === 'multi') {
    const m = nlu.readMulti(text, lang, q, def.options ?? []);
    // Nothing on the list named, and "none yet", "pas encore", "ninguno todavía": none, for now;
    // "no tenemos ningún documento", "on a aucun document" say none of a document, not another one.
    const absent = def.optional ? nlu.absenceIn(text, lang, { lacking: true, q }) : null;
    const noneOfIt = absent?.kind === 'none' && absent.clauses.length === 1 && m?.value.every((v) => v === 'other');
    if (m && !noneOfIt) return { type: 'ANSWER', value: m.value, ...said(m.details), at };
    if (absent?.kind === 'none') return { type: 'NONE', ...said(absent.bare ? null : absent.details), at };
  }

  const value = parse(text, q, u, p);
  if (value !== null) return { type: 'ANSWER', value, at };

  // Before the notice is accepted, a long message is the story: it is held until consent.
  if (q === 'language' || q === 'consent') {
    const story = storyIn(text, p);
    if (story) return { type: 'STORY', ...story, language: nlu.detectLanguage(text), at };
  }
  // "hola, escribo por mi hermano": a greeting first, and the rest in the same language, chooses it.
  if (q === 'language') {
    const greeted = leadingGreetingLanguage(text);
    if (greeted) return { type: 'ANSWER', value: greeted, at };
  }
  return { type: 'UNCLEAR', at };
}

/**
 * What the words of a reason also answer, for questions not answered yet: the funeral's day is the
 * day needed ("funeral on Monday"), and who is ill or died the relation ("my aunt died", "su papá
 * está grave"); the day of the death told with the funeral ("su hermano murió ayer"); the day a
 * court case needs the traveler there ("se presente el 3 de diciembre").
 */
function toldWithReason(reason: string, text: string, ctx: IntakeContext, p: nlu.ParseContext): AlsoAnswers {
  const more: AlsoAnswers = {};
  const neededBy = ctx.answers.neededBy ? null : reason === 'funeral' ? nlu.funeralDay(text, p) : reason === 'court' ? nlu.parseFutureDate(text, p) : null;
  if (neededBy) more.neededBy = { value: neededBy };
  const relation =
    (reason === 'ill_relative' || reason === 'funeral') && !ctx.answers.relation
      ? nlu.relationToldWithReason(text, p.language, p, nlu.writerOf(ctx.answers, p.language).role)
      : null;
  if (relation) more.relation = { value: relation };
  const diedOn = reason === 'funeral' && !ctx.answers.deathDate ? nlu.deathDay(text, p) : null;
  if (diedOn) more.deathDate = { value: diedOn };
  // "he got subpoenaed to testify", "le llegó un citatorio": the order to appear, told with the court case.
  if (reason === 'court' && !ctx.answers.subpoena && nlu.readAbout(text, 'subpoena', p) === 'yes') more.subpoena = { value: 'yes' };
  // "il a besoin d'une greffe de rein": who the treatment is for and where, as a story told up front reads them.
  if (reason === 'medical' && (!ctx.answers.patient || !ctx.answers.provider)) {
    const facts = nlu.extractFacts(text, p).answers;
    const same = facts.reason && 'value' in facts.reason && facts.reason.value === 'medical';
    if (same && facts.patient && !ctx.answers.patient) more.patient = facts.patient;
    if (same && facts.provider && !ctx.answers.provider) more.provider = facts.provider;
  }
  return more;
}

/** The reason a story's words give ("his brother is in hospice"), where the choice read names none but other. */
function reasonToldOf(text: string, chosen: nlu.ChoiceReading | null, p: { language: Lang; now: Date; timeZone: string }): nlu.ChoiceReading | null {
  if (chosen && !(chosen.kind === 'value' && chosen.value === 'other')) return chosen;
  const told = nlu.extractFacts(text, p).answers.reason;
  const value = told && 'value' in told && typeof told.value === 'string' && told.value !== 'other' ? told.value : null;
  return value ? { kind: 'value', value, details: null } : chosen;
}

/** The words after an incident's date that only name a place ("mars 2004, à Gatineau", "2009, in Hamilton"): where it happened. */
function placeAfterDate(when: nlu.TimeAnswer | null, q: QuestionId, ctx: IntakeContext, p: nlu.ParseContext, text: string): Record<string, { value: Value }> {
  // "oct 2017 in buffalo": what follows the date, also when it shares the date's sentence (the details are then the whole message).
  const rest = (when?.details ? nlu.afterTheTime(text, p) : null) ?? when?.details;
  if (q !== 'incidentDate' || !rest || rest.split(/\s+/u).length > 4 || !nlu.parsePlace(rest, p.language)) return {};
  const r = nlu.readAnswer(rest, 'incidentPlace', { ...p, answers: ctx.answers });
  return r && 'value' in r && typeof r.value === 'string' && !r.details ? { incidentPlace: { value: r.value } } : {};
}

/**
 * A reading as the chart's event. "We don't have one yet" where none is no answer is "not sure" (a
 * hospital not chosen yet); "not sure" where the question has no "not sure", or a bare "no" where
 * it cannot be skipped, asks again, keeping what the message said for other questions.
 */
function readingEvent(r: nlu.Reading, def: QuestionDef, at: string): IntakeEvent {
  const also = r.also && Object.keys(r.also).length > 0 ? { also: r.also } : {};
  const details = 'details' in r && r.details ? { details: r.details } : {};
  if ('value' in r) return { type: 'ANSWER', value: r.value, ...details, ...also, at };
  if ('unsure' in r && def.unsure) return { type: 'UNSURE', ...details, ...also, at };
  if ('none' in r && (def.optional || def.noneWhenSaid)) return { type: 'NONE', ...details, ...also, at };
  if ('none' in r && r.lacking && def.unsure) return { type: 'UNSURE', ...details, ...also, at };
  return { type: 'UNCLEAR', ...also, at };
}

/** A short greeting or polite word alone ("hola", "Bonjour", "hello?") tells the language it is written in. */
function greetingLanguage(text: string): Lang | null {
  return nlu.isGreeting(text) ? nlu.detectLanguage(text) : null;
}

/** A message that opens with a greeting of one language and goes on in that language: that language. */
function leadingGreetingLanguage(text: string): Lang | null {
  const first = text.split(/[,.!;:\n]/u)[0] ?? '';
  if (!first.trim() || first.trim() === text.trim() || !nlu.isGreeting(first)) return null;
  const greeted = nlu.detectLanguage(first);
  return greeted && nlu.detectLanguage(text) === greeted ? greeted : null;
}

function parse(text: string, q: QuestionId, u: Understanding, p: nlu.ParseContext) {
  const def = questionDef(q);
  const lang = u.language;
  switch (def.kind) {
    case 'choice':
    case 'multi':
      return null; // read above (readChoice, readMulti), or not at all
    case 'choiceOrText':
      return nlu.parseChoice(text, lang, q, def.options ?? []) ?? text;
    case 'yesno':
      return null; // understood above, or not at all
    case 'text':
      return text;
    case 'names': {
      const names = nlu.parseNames(text, lang);
      return names && names.length ? names : null;
    }
    case 'futureDate':
      return nlu.parseFutureDate(text, p);
    case 'pastDate':
      return nlu.parsePastDate(text, p);
    case 'duration':
      return nlu.parseDuration(text, lang);
    case 'phone':
      return nlu.parsePhone(text);
    case 'email':
      return nlu.parseEmail(text);
    case 'countries':
      return nlu.parseCountries(text, lang);
    case 'place':
      return nlu.parsePlace(text, lang);
  }
}

/**
 * What was understood from a story, read back: yes uses it, "the date is wrong" uses the rest
 * (EDIT of that question), no drops it. A "no" with a field named is that field.
 */
function atStoryCheck(text: string, ctx: IntakeContext, u: Understanding, at: string): IntakeEvent {
  const lang = u.language;
  const held = ctx.opener?.facts;
  const picked = byLabel(text, u.choices)?.value;
  const yn = picked === 'yes' || picked === 'no' ? picked : nlu.parseYesNo(text, lang);
  const questions = held ? (Object.keys(held.answers) as QuestionId[]) : [];
  if (held?.incidents.length) questions.push('criminal');
  const named = nlu.fieldsNamed(text, lang).filter((q) => questions.includes(q));
  if (yn === 'yes' && named.length === 0) return { type: 'ANSWER', value: 'yes', at };
  if (named.length) return { type: 'EDIT', question: named[0], at };
  if (yn === 'no') return { type: 'ANSWER', value: 'no', at };
  if (nlu.isConfirm(text, lang)) return { type: 'ANSWER', value: 'yes', at };
  return { type: 'UNCLEAR', at };
}

/** At the review: send it, or name (by number or in words) what to correct. */
function atReview(text: string, ctx: IntakeContext, u: Understanding, at: string): IntakeEvent {
  const lang = u.language;
  if (nlu.isConfirm(text, lang)) return { type: 'CONFIRM', at };
  const items = reviewItems(ctx);
  const n = /^\s*#?(\d{1,2})\b/.exec(text);
  if (n) {
    const item = items.find((i) => i.n === Number(n[1]));
    return item ? { type: 'EDIT', question: item.question, at } : { type: 'UNCLEAR', at };
  }
  const yn = nlu.parseYesNo(text, lang);
  if (yn === 'yes') return { type: 'CONFIRM', at };
  // "The date is wrong": the field named, among those read back.
  const named = nlu.fieldsNamed(text, lang).filter((q) => items.some((i) => i.question === q));
  if (named.length) return { type: 'EDIT', question: named[0], at };
  if (yn === 'no') return { type: 'EDIT', question: null, at };
  return { type: 'UNCLEAR', at };
}
