/**
 * Facts from a message that tells the whole story at once ("my dad needs to come for my son's
 * heart surgery on Dec 15, he got a DUI in 2009 and was refused at the border in 2015, he's in
 * Hamilton"), so the intake does not ask again what it was already told, once the family has
 * confirmed what was understood (the chart's confirmStory).
 *
 * Each fact is read for the person and the time its words give (src/nlu/story-people.ts): the
 * traveler is the one who must come; a relation is resolved from the writer to the traveler
 * (src/nlu/kin.ts); "at the border" counts only now, a past refusal is a refusal; a date is the
 * day needed only in a clause about what is to come, and numbers that are no date (a decade, an
 * amount, a sentence, an age) never become one (src/nlu/when.ts). What the words do not settle
 * is left for the questions: two possible reasons, a negated history word ("never arrested"), a
 * patient whose relation to the traveler is not sure.
 */
import { conditionPhrase } from './condition-phrase';
import { LANGUAGES, type Answer, type Answers, type Facts, type IncidentAnswers, type Lang, type Value } from '../../dialogs/context';
import { todayIn, type Ymd } from './calendar';
import type { ParseContext } from './dates';
import { detectLanguage } from './language';
import { asTraveler, familyWordAt, inverse, namesDonor, type AsTraveler } from './kin';
import { PhraseIndex, asText, tokenize, type PhraseMatch } from './normalize';
import { countryMatches } from './countries';
import { parsePhone } from './phone';
import { parsePlace } from './place';
import { citiesNamed, prominent } from './geo';
import { isVocabularyWord } from './lexicon';
import { readLocation } from './location';
import { wordIndex } from './placeWords';
import { phrases, readStory, samePerson, whoOf, type Clause, type StoryText, type Who } from './story-people';
import { perLang, vocab, type KinType, type StoryKey } from './vocab';
import { resolve, timeMentions, timeText, type Mention } from './when';
import { REASONS, type Reason } from '../summary/contract';

/** A story longer than this is read up to here (a screenful is where the facts are). */
const MAX_STORY = 4000;

/** The reasons a story's words can name: all of the contract's but 'other' (named by its own words). */
const STORY_REASONS = REASONS.filter((r): r is Exclude<Reason, 'other'> => r !== 'other');

const negationIndex = perLang((v) => new PhraseIndex(v.negations.map((p) => [p, true] as const)));

/** How many words before a history word a negation still applies ("I have never been arrested"). */
const NEGATION_REACH = 3;

/**
 * The story's own language and the one it is detected in: story words are only looked up in
 * those, since a word can mean something else next door (French "court" is "short").
 */
function storyLanguages(text: string, ctx: ParseContext): Lang[] {
  const detected = detectLanguage(text);
  return detected && detected !== ctx.language ? [detected, ctx.language] : [ctx.language];
}

const v = (value: Value): Answer => ({ value });

interface Read {
  st: StoryText;
  today: Ymd;
  /** The person each clause is about when it names no one (who the story was about just before). */
  carried: Array<Who | null>;
  /** Found once per story: time mentions by language and direction, phrases said by kind, negations. */
  memo: Map<string, unknown>;
}

function once<T>(r: Read, key: string, make: () => T): T {
  if (!r.memo.has(key)) r.memo.set(key, make());
  return r.memo.get(key) as T;
}

/** The story's time mentions in one language and direction (src/nlu/when.ts). */
function mentionsOf(r: Read, lang: Lang, orientation: 'future' | 'past'): Mention[] {
  return once(r, `t:${lang}:${orientation}`, () => timeMentions(timeText(r.st.text), lang, orientation, r.today));
}

const negationsFound = new WeakMap<StoryText, PhraseMatch<true>[]>();

/** Whether a phrase is negated just before ("never arrested", "no tiene récord"). */
function negated(st: StoryText, m: PhraseMatch<unknown>): boolean {
  let all = negationsFound.get(st);
  if (!all) negationsFound.set(st, (all = st.langs.flatMap((l) => negationIndex(l).all(st.w))));
  return all.some((n) => n.end <= m.start && m.start - n.end < NEGATION_REACH);
}

/**
 * Whether a negation comes anywhere before a phrase in its clause ("he isn't at the border",
 * "jamais eu de problème à la frontière"): said of where someone is, the clause denies it.
 */
function deniedInClause(st: StoryText, c: Clause, m: PhraseMatch<unknown>): boolean {
  if (!negationsFound.get(st)) negated(st, m);
  return (negationsFound.get(st) ?? []).some((n) => n.start >= c.start && n.end <= m.start);
}

/** The kinds whose person may come after the words ("ICE arrested my husband"); the others' come before ("my dad needs to come"). */
const OBJECT_AFTER: ReadonlySet<StoryKey> = new Set<StoryKey>(['detained', 'deported', 'refused']);
/** Words that tie a treatment to the one it is for ("de", "of", "for", "para", "pour"). */
const OF_WORDS = new Set(['de', 'd', 'du', 'del', 'of', 'for', 'para', 'pour']);

/** Words between "I'm" and a family word that still make it the writer's relation ("I'm his wife", "soy la nuera"). */
const SELF_IS_BETWEEN = new Set([
  'his',
  'her',
  'their',
  'the',
  'a',
  'an',
  'su',
  'sus',
  'la',
  'el',
  'una',
  'un',
  'une',
  'sa',
  'son',
  'le',
  'l',
  'leur',
  'also',
  'aussi',
  'tambien',
  'también',
]);

/** First-person possessives before a record ("my record", "mon casier", "mi récord"). */
const MINE = new Set(['my', 'mon', 'ma', 'mes', 'mi', 'mis']);

/**
 * Whether what a phrase says is now though its clause tells of the past: a present verb just
 * before it ("a ver a su papá que está en coma ... después de un accidente la semana pasada").
 */
function presentAt(r: Read, m: { start: number }): boolean {
  return presentVerb(r, m) !== undefined;
}

/** The present verb just before a phrase, or sharing its first word ("sigue en" of "en coma"). */
function presentVerb(r: Read, m: { start: number }): PhraseMatch<true> | undefined {
  return phrases(r.st.w, r.st.langs, 'present')
    .filter((p) => p.start < m.start && m.start - p.end <= 1)
    .pop();
}

/** Kinds whose "we" before is the family paying or telling ("On a payé la caution pour mon fils"): the one after is meant. */
const HISTORY: ReadonlySet<StoryKey> = new Set<StoryKey>(['criminalHistory', 'conviction', 'charges']);

/** Each clause's phrases of a kind, with the person they are about. */
function said(r: Read, kind: StoryKey): Array<{ c: Clause; k: number; m: PhraseMatch<true>; who: Who | null }> {
  return once(r, `said:${kind}`, () => saidOnce(r, kind));
}

function saidOnce(r: Read, kind: StoryKey): Array<{ c: Clause; k: number; m: PhraseMatch<true>; who: Who | null }> {
  const out: Array<{ c: Clause; k: number; m: PhraseMatch<true>; who: Who | null }> = [];
  r.st.clauses.forEach((c, k) => {
    for (const m of phrases(r.st.w, r.st.langs, kind, c.start, c.end)) {
      // Inside the words that name someone ("his dying father", "mi mamá enferma"): about that one.
      const within = c.people.find((p) => p.start < m.start && m.end <= p.end);
      let who = within ? within.who : whoOf(c, m, r.carried[k], OBJECT_AFTER.has(kind));
      // "à cause de mon casier", "my record": the writer's own.
      if (HISTORY.has(kind) && m.start > 0 && MINE.has(r.st.w[m.start - 1])) who = { kind: 'self' };
      else if (who?.kind === 'we' && HISTORY.has(kind)) who = c.people.find((p) => p.start >= m.end && p.who.kind === 'kin')?.who ?? who;
      out.push({ c, k, m, who });
    }
  });
  return out;
}

/** The writer as the object of a verb ("me crió", "m'a élevé"), not its subject. */
const OBJECT_CLITICS = new Set(['me', 'm']);

/** Who each clause is about when it names no one: the last person named before it. */
/** Words before a person that make them the owner of a thing named before ("el funeral de mi abuela"). */
const OWNER_OF = new Set(['de', 'del', 'du', 'des', 'd', 'of']);
const ON_BEHALF = new Set(['nom', 'part', 'parte', 'behalf']);

/** A person named as whose something is: "…de mi abuela", "…of my grandma", "my grandma's funeral". */
function possessorAt(st: StoryText, start: number, end: number): boolean {
  // Not "au nom de mon père", "de parte de mi papá", "on behalf of my dad": for whom one writes.
  if (start > 1 && OWNER_OF.has(st.w[start - 1]) && !ON_BEHALF.has(st.w[start - 2])) return true;
  const next = st.tokens[end];
  return !!next && next.t === 's' && /^['’]$/u.test(st.text.slice(st.tokens[end - 1].end, next.start));
}

function carriedPeople(st: StoryText): Array<Who | null> {
  const out: Array<Who | null> = [];
  let last: Who | null = null;
  for (const c of st.clauses) {
    out.push(last);
    // Several people ("our kids") are not whom a clause naming no one is about.
    // Nor the writer as an object ("mi abuela me crió y está en cuidados paliativos": she is).
    const one = c.people.filter(
      (p) => !(p.who.kind === 'kin' && p.who.plural) && !(p.who.kind === 'self' && p !== c.people[0] && OBJECT_CLITICS.has(st.w[p.start])),
    );
    // Nor one named as whose something is ("al funeral de mi abuela, está en Guatemala": the one
    // who must come is; "my grandma's funeral"), when someone else in the clause is not.
    const owners = one.filter((p) => possessorAt(st, p.start, p.end));
    const subjects = one.filter((p) => !owners.includes(p));
    const pick = subjects.length ? subjects : one;
    if (pick.length) last = pick[pick.length - 1].who;
  }
  return out;
}

// ---- the traveler and the writer ---------------------------------------------------------------

/**
 * Who travels: the one who must come, else the one at the border or detained, else the one with
 * a history, else the one who needs the treatment ("elle a besoin d'une chirurgie").
 */
/**
 * The one brought from abroad: "bring my father from Guatemala", "traer a mi papá de Honduras",
 * "faire venir mon père du Cameroun" (a relative or friend of the writer's right after the word of
 * bringing, then where from, a place outside the U.S.): that one travels, from there.
 */
function fetchedFrom(r: Read): { who: Who; at: number } | null {
  const { st } = r;
  for (const m of phrases(st.w, st.langs, 'fetch')) {
    if (negated(st, m)) continue;
    const c = st.clauses.find((x) => m.start >= x.start && m.end <= x.end);
    const p = c?.people.find((x) => x.start >= m.end && x.start - m.end <= 1 && x.who.kind === 'kin' && x.who.owner === 'writer' && !x.who.plural);
    if (!p || !c) continue;
    const from = phrases(st.w, st.langs, 'from', p.end, Math.min(c.end, p.end + 1)).find((f) => f.start === p.end);
    const place = from ? placeAfter(r, from.end) : null;
    if (from && place && place.country !== 'US') return { who: p.who, at: from.end };
  }
  return null;
}

function travelerOf(r: Read): Who | null {
  const fetched = fetchedFrom(r);
  if (fetched) return fetched.who;
  // "my aunt would bring me", "sa mère l'amène", "mi tía iría conmigo": the one brought travels
  // (when no one is said to come: "Jorge has to go get her and bring her to the hearing").
  const brought = broughtOf(r);
  for (const kind of ['travel', 'atBorder', 'detained', 'criminalHistory', 'conviction', 'charges', 'refused', 'deported', 'medical'] as const) {
    if (kind === 'atBorder' && brought) return brought;
    // "my brother lives in Winnipeg ... his son is having surgery": the one abroad travels, not the patient.
    if (kind === 'medical') {
      const away = abroadOne(r);
      if (away) return away;
    }
    const found = said(r, kind).find((x) => x.who && x.who.kind !== 'we' && !negated(r.st, x.m) && (kind === 'travel' || !x.c.past || kind !== 'medical'));
    if (found) return kind === 'travel' && dyingOne(r, found.who!) ? (someoneElse(r, found) ?? found.who) : found.who;
  }
  return abroadOne(r);
}

/**
 * No one said to come: the one said to be abroad now ("my uncle passed away in NY and my dad is in
 * Haiti", "yo estoy en San Pedro Sula"), when only one person is.
 */
function abroadOne(r: Read): Who | null {
  const abroad = said(r, 'place').filter(
    (x) =>
      (!x.c.past || thereSince(r, x)) &&
      x.who &&
      (x.who.kind === 'self' || (x.who.kind === 'kin' && !x.who.plural)) &&
      !negated(r.st, x.m) &&
      !dyingOne(r, x.who) &&
      placeAfter(r, x.m.end)?.country !== undefined &&
      placeAfter(r, x.m.end)?.country !== 'US',
  );
  const people = abroad.map((x) => x.who!).filter((w, i, all) => all.findIndex((o) => samePerson(o, w)) === i);
  if (people.length) return people.length === 1 ? people[0] : null;
  // No one said to be abroad: the one coming from abroad ("mon fils arrive de Lyon pour voir son père").
  const coming = said(r, 'motion')
    .filter((x) => !x.c.past && x.who?.kind === 'kin' && !x.who.plural && !negated(r.st, x.m))
    .filter((x) => {
      const from = phrases(r.st.w, r.st.langs, 'from', x.m.end, Math.min(x.c.end, x.m.end + 3))[0];
      const place = from ? placeAfter(r, from.end) : null;
      return !!place && place.country !== 'US';
    })
    .map((x) => x.who!)
    .filter((w, i, all) => all.findIndex((o) => samePerson(o, w)) === i);
  return coming.length === 1 ? coming[0] : null;
}

/**
 * A place told with since ("stuck in Reynosa since CBP turned him back in October", "vive en
 * Montreal desde hace 20 años"): there since, so there now, though its clause tells of the past.
 */
function thereSince(r: Read, x: { c: Clause; m: PhraseMatch<true> }): boolean {
  return r.st.w.slice(x.m.end + 1, Math.min(x.c.end, x.m.end + 5)).some((t) => SINCE.has(t));
}

/** Words of the one brought along when it is the writer ("bring me", "avec moi", "conmigo"). */
const FIRST_PERSON_OBJECT = new Set(['me', 'moi', 'm', 'conmigo']);

/** The one someone brings or goes with: the writer ("bring me"), the one named in it ("bringing him"), or whom the story was about. */
function broughtOf(r: Read): Who | null {
  for (const x of said(r, 'withAdult')) {
    if (negated(r.st, x.m)) continue;
    const by = x.c.people.filter((p) => p.end <= x.m.start).pop()?.who ?? null;
    if (r.st.w.slice(x.m.start, x.m.end).some((t) => FIRST_PERSON_OBJECT.has(t))) return { kind: 'self' };
    const inside = x.c.people.find((p) => p.start >= x.m.start && p.end <= x.m.end)?.who;
    const who = inside ?? r.carried[x.k];
    if (who && who.kind !== 'we' && !(by && samePerson(by, who))) return who;
  }
  return null;
}

/** Someone named as dying or in a coma in that clause: not the one who travels ("his father is dying, he wants to go alone"). */
function dyingOne(r: Read, who: Who): boolean {
  return said(r, 'ill_relative').some(
    (x) => !x.c.past && !negated(r.st, x.m) && x.c.people.some((p) => p.end <= x.m.start && p.who.kind === 'kin' && samePerson(p.who, who)),
  );
}

/** The person named before the one a travel phrase fell on, who is not dying: the one the pronoun means. */
function someoneElse(r: Read, found: { c: Clause; m: PhraseMatch<true> }): Who | null {
  const before = r.st.clauses.flatMap((c) => c.people).filter((p) => p.end <= found.m.start && p.who.kind === 'kin');
  return before.reverse().find((p) => !dyingOne(r, p.who))?.who ?? null;
}

const isTraveler = (who: Who | null, traveler: Who | null) => !!who && !!traveler && samePerson(who, traveler);

/** The writer's relation to the traveler, when the traveler is the writer's family ("my dad": the writer is his child). */
function writerRelation(traveler: Who | null): KinType | null {
  return traveler?.kind === 'kin' && (traveler.owner === 'writer' || traveler.owner === 'ours') ? inverse(traveler.kin) : null;
}

/** A person of the story as the traveler's relation (the patient choices). */
function relationToTraveler(who: Who, traveler: Who, role: string | null): AsTraveler {
  if (samePerson(who, traveler)) return 'traveler';
  if (who.kind === 'we' || who.kind === 'someone') return 'ask';
  // "la niña", "the kid", with no one's word before it, from a friend writing for the traveler: whose it is is
  // not said (a social worker's "the child" is their patient, the traveler's child).
  if (who.kind === 'kin' && who.owner === 'none' && role === 'friend') return 'ask';
  const writer = { role, relation: writerRelation(traveler) };
  if (who.kind === 'self') return asTraveler({ who: 'self', start: 0, end: 0 }, writer);
  // "his son" said of the traveler; a family word of the writer's through the writer's relation.
  return asTraveler({ who: 'kin', kin: who.kin, owner: who.owner, start: 0, end: 0 }, writer);
}

// ---- time --------------------------------------------------------------------------------------

function mentionsIn(r: Read, c: Clause): Mention[] {
  for (const l of r.st.langs) {
    const found = mentionsOf(r, l, 'future').filter((m) => m.start >= c.start && m.end <= c.end);
    if (found.length) return found;
  }
  return [];
}

/** The day the traveler must be there: a day to come, in a clause about what is to come, not about a death. */
function neededByOf(r: Read, died: Set<number>): Answer | null {
  let asap = false;
  // The day of a clause saying the traveler must come first ("he needs to come for the birth on
  // dec 15"), a day in a clause about the record last ("he has court on dec 1 for his DUI" is his
  // own case's day, not the trip's).
  const record = new Set((['criminalHistory', 'conviction', 'pending', 'charges'] as const).flatMap((k) => said(r, k).map((x) => x.k)));
  const travel = new Set(said(r, 'travel').map((x) => x.k));
  let best: { rank: number; date: string } | null = null;
  for (let k = 0; k < r.st.clauses.length; k++) {
    const c = r.st.clauses[k];
    if (c.past || died.has(k)) continue;
    // "ICE sent him a letter to report to them on December 3rd": a check-in's day, not the trip's.
    if (phrases(r.st.w, r.st.langs, 'checkIn', c.start, c.end).length > 0) continue;
    const rank = travel.has(k) ? 0 : record.has(k) ? 2 : 1;
    const ms = mentionsIn(r, c);
    for (const m of ms) {
      if (m.spec.t === 'asap') asap ||= m.spec.strong;
      // "around Christmas", "a finales de enero": a time near a day is no day.
      if (ms.some((x) => (x.spec.t === 'approx' || x.spec.t === 'vague') && x.end === m.start)) continue;
      if (!['rel', 'weekday', 'dom', 'md', 'ymd', 'holiday', 'in'].includes(m.spec.t)) continue;
      // "tonight", "today" in a story are about now, not the day needed.
      if (m.spec.t === 'rel' && m.spec.days <= 0) continue;
      // "detained since Thursday", "depuis jeudi", "desde el jueves": a day gone by, not to come.
      if (sinceBefore(r.st, m.start)) continue;
      const day = resolve(m.spec, 'future', r.today);
      if (day && day.precision === 'day' && (!best || rank < best.rank)) best = { rank, date: day.date };
    }
  }
  if (best) return v(best.date);
  return asap ? { unsure: true, asap: true } : null;
}

/** Words that make the day after them one gone by ("since Thursday", "depuis jeudi", "desde el jueves"). */
const SINCE = new Set(['since', 'depuis', 'desde']);
const SINCE_ARTICLES = new Set(['the', 'last', 'le', 'la', 'el', 'dernier']);

function sinceBefore(st: StoryText, at: number): boolean {
  for (let i = at - 1; i >= 0 && i >= at - 2; i--) {
    if (SINCE.has(st.w[i])) return true;
    if (!SINCE_ARTICLES.has(st.w[i])) return false;
  }
  return false;
}

/** The day of a death said in its clause ("murió anoche", "est mort jeudi soir", "died two weeks ago"). */
function deathDateOf(r: Read, clauses: Set<number>): Answer | null {
  for (const k of clauses) {
    const c = r.st.clauses[k];
    for (const l of r.st.langs) {
      const ms = mentionsOf(r, l, 'past').filter((m) => m.start >= c.start && m.end <= c.end);
      for (const m of ms) {
        const day = resolve(m.spec, 'past', r.today);
        if (day) return v(day.date);
      }
      if (ms.length) break;
    }
  }
  return null;
}

// ---- history -----------------------------------------------------------------------------------

/** The incident a story tells: its year (no decade), charge, outcome and sentence, from its own clauses. */
/** Two spans in one clause of the story. */
function sameClause(r: Read, a: { start: number }, b: { start: number }): boolean {
  return r.st.clauses.some((c) => a.start >= c.start && a.start < c.end && b.start >= c.start && b.start < c.end);
}

function incidentOf(r: Read, record: Array<{ c: Clause; k: number }>): IncidentAnswers {
  const incident: IncidentAnswers = {};
  const ks = [...new Set(record.map((x) => x.k))];
  // The clauses of the record, and the one after when it only adds to it ("tiene 3 DUIs, el último en 2019").
  const around = new Set<number>(ks);
  for (const k of ks) {
    for (let j = k + 1; j <= k + 2; j++) {
      const next = r.st.clauses[j];
      if (!next || PREDICATES.some((p) => phrases(r.st.w, r.st.langs, p, next.start, next.end).length > 0)) break;
      around.add(j);
    }
  }
  const inScope = (m: { start: number; end: number }) => [...around].some((k) => m.start >= r.st.clauses[k].start && m.end <= r.st.clauses[k].end);
  const lang = r.st.langs[0];
  // "refusé à Champlain en 2018 à cause d'une vieille condamnation": a date before the words for
  // why is the date of what happened because of the record, not of the record.
  const history = (['criminalHistory', 'conviction', 'charges'] as const).flatMap((k) => phrases(r.st.w, r.st.langs, k)).filter(inScope);
  const causes = phrases(r.st.w, r.st.langs, 'causeOf').filter((m) => inScope(m) && history.some((h) => h.start >= m.end && sameClause(r, h, m)));
  const ofTheRecord = (m: { start: number; end: number }) => !causes.some((c) => m.end <= c.start && sameClause(r, m, c));
  const past = mentionsOf(r, lang, 'past').filter((m) => inScope(m) && ofTheRecord(m));
  const decade = past.some((m) => m.spec.t === 'decade');
  if (!decade) {
    for (const m of past) {
      if (!['y', 'ym', 'ymd', 'md', 'ago', 'holiday', 'period', 'ambiguous'].includes(m.spec.t)) continue;
      const d = resolve(m.spec, 'past', r.today);
      if (d) {
        incident.incidentDate = v(d.date);
        break;
      }
    }
  }
  const charge = phrases(r.st.w, r.st.langs, 'charges').find((m) => inScope(m) && !negated(r.st, m));
  if (charge) {
    // "fraud over $50,000", "vol de plus de 5000 $": an amount that names the charge is part of it.
    let end = charge.end;
    const by = phrases(r.st.w, r.st.langs, 'chargeAmount', charge.end, charge.end + 4).find((m) => m.start === charge.end);
    const amount = by && mentionsOf(r, lang, 'past').find((m) => m.spec.t === 'amount' && m.start === by.end);
    if (amount) {
      end = amount.end;
      // "50,000": thousands after a comma are the same number.
      while (end < r.st.tokens.length && /^\d{3}$/.test(r.st.w[end]) && /^[,.\s]$/.test(r.st.text.slice(r.st.tokens[end - 1].end, r.st.tokens[end].start)))
        end++;
    }
    // The amount's sign may follow its number ("5000 $").
    let to = r.st.tokens[end - 1].end;
    if (amount) {
      const sign = /^\s?[$€£]/.exec(r.st.text.slice(to));
      if (sign) to += sign[0].length;
    }
    incident.incidentCharge = v(r.st.text.slice(r.st.tokens[charge.start].start, to));
  }
  const convicted = phrases(r.st.w, r.st.langs, 'conviction').some((m) => inScope(m) && !negated(r.st, m));
  // "pending" of the case (told with the record), not of a fine told before it.
  const pending = phrases(r.st.w, r.st.langs, 'pending').some(inScope);
  // "il a été acquitté", "fue absuelto": the outcome's own words (the question's choices).
  const acquitted = r.st.langs.some((l) =>
    acquittedIndex(l)
      .all(r.st.w)
      .some((m) => inScope(m) && !negated(r.st, m)),
  );
  if (acquitted && !convicted && !pending) incident.incidentOutcome = v('acquitted');
  else if (convicted !== pending) incident.incidentOutcome = v(convicted ? 'convicted' : 'pending');
  // "5 years in prison", "18 meses en la cárcel", "30 jours de prison": the sentence, as written.
  const served = mentionsOf(r, lang, 'past').find((m) => m.spec.t === 'duration' && m.spec.sentence);
  if (served) {
    const words = sentenceWords(r, served);
    if (words) incident.incidentSentence = v(words);
  }
  return incident;
}

const reportedIndex = perLang((voc) => new PhraseIndex(voc.values.reported.map((p) => [p, true] as const)));

const acquittedIndex = perLang((voc) => new PhraseIndex((voc.choices.incidentOutcome?.acquitted ?? []).map((p) => [p, true] as const)));

const SENTENCE_INDEX = perLang((voc) => new PhraseIndex(voc.time.sentence.map((p) => [p, true] as const)));

/** The words of a sentence served, from its length to the place it was served ("5 years in prison"). */
function sentenceWords(r: Read, m: Mention): string | null {
  for (const l of r.st.langs) {
    const idx = SENTENCE_INDEX(l);
    for (let j = m.end; j < Math.min(m.end + 3, r.st.w.length); j++) {
      const hit = idx.at(r.st.w, j)[0];
      if (hit && !['did', 'served', 'fait', 'pasó', 'paso', 'sentenced', 'sentence'].includes(r.st.w[j])) {
        return r.st.text.slice(r.st.tokens[m.start].start, r.st.tokens[hit.end - 1].end);
      }
    }
  }
  return null;
}

/** The kinds of phrase that say something of a person (a clause with none only adds to the one before). */
const PREDICATES: readonly StoryKey[] = ['travel', 'refused', 'deported', 'died', 'ill', 'medical', 'funeral', 'atBorder', 'detained'];

// ---- places ------------------------------------------------------------------------------------

/** "is in Toronto", "está en Tegucigalpa", "mon frère à Edmundston": a place the words name, with its country. */
function placeAfter(r: Read, at: number): { city: string | null; country: string; region?: string } | null {
  const { tokens, text } = r.st;
  if (at >= tokens.length) return null;
  // The place is the capitalised words after it ("Santo Domingo", "Port-au-Prince", "St. Catharines").
  let end = at;
  // Not over a sentence's end or a comma ("revenu au Canada. Sa date de cour": the place is Canada).
  const joined = (k: number) => {
    if (k === at) return true;
    const gap = text.slice(tokens[k - 1].end, tokens[k].start);
    // "Port-au-Prince": words joined by hyphens are one name, whatever their case.
    return !/[,.;:!?()]/.test(gap) || (/^\.\s*$/.test(gap) && /^(?:St|Ste|Mt|Ft)$/.test(tokens[k - 1].raw));
  };
  const hyphened = (k: number) => k > at && text.slice(tokens[k - 1].end, tokens[k].start) === '-';
  while (end < tokens.length && end - at < 4 && (/^\p{Lu}/u.test(tokens[end].raw) || (end > at && hyphened(end))) && joined(end)) end++;
  if (end === at) return lowercasePlace(r, at, joined);
  const words = text.slice(tokens[at].start, tokens[end - 1].end);
  let place = parsePlace(words, r.st.langs[0]);
  const capital = (k: number) => k < tokens.length && /^\p{Lu}/u.test(tokens[k].raw);
  const upTo = (k: number) => text.slice(tokens[at].start, tokens[k - 1].end);
  // "Santiago, au Chili", "Cali, en Colombia": the country after the comma comes with its article.
  const countryArticle = (k: number) => k + 1 < tokens.length && /^(?:au|aux|en|in)$/iu.test(tokens[k].raw) && capital(k + 1) && joined(k + 1);
  // "Port au Prince", "Kingston en Ontario": a lowercase word between capitalised ones, when the
  // longer words name the city (or the same city, with its province or country).
  if (end - at < 4 && end + 1 < tokens.length && /^\p{Ll}/u.test(tokens[end].raw) && capital(end + 1) && joined(end) && joined(end + 1)) {
    let e = end + 2;
    while (e - at < 5 && capital(e) && joined(e)) e++;
    const longer = parsePlace(upTo(e), r.st.langs[0]);
    if (
      longer?.city &&
      longer.country &&
      (fold(longer.city) === fold(upTo(e)) || (fold(longer.city) === fold(words) && (!place?.country || place.country === longer.country)))
    )
      place = longer;
  }
  // "Kingston, Jamaica", "Nogales, Sonora": the city, then after a comma its country or province.
  else if (end < tokens.length && /^\s*,\s*$/.test(text.slice(tokens[end - 1].end, tokens[end].start)) && (capital(end) || countryArticle(end))) {
    let e = countryArticle(end) ? end + 2 : end + 1;
    while (
      e - end < 3 &&
      capital(e) &&
      text.slice(tokens[e - 1].end, tokens[e].start) !== ',' &&
      !/[,.;:!?()]/.test(text.slice(tokens[e - 1].end, tokens[e].start))
    )
      e++;
    const longer = parsePlace(upTo(e), r.st.langs[0]);
    if (longer?.city && longer.country && fold(longer.city) === fold(words)) place = longer;
  }
  // A story written all in capitals ("NEEDS TO COME FROM EL SALVADOR BECAUSE"): capitals do not
  // say where a name ends there, and the place is read as in one written all in small letters.
  if (!place || !place.country) return /\p{Ll}/u.test(text) ? null : lowercasePlace(r, at, joined);
  return { city: place.city, country: place.country, ...(place.region ? { region: place.region } : {}) };
}

/**
 * A city whose name several countries share, the best known of them outside the U.S. ("my
 * daughter is in Kingston", "im in Hamilton"): outside the U.S., as the location question reads
 * the name alone, and the city with no country, as "where is the traveler now" records it.
 */
function sharedNameAfter(r: Read, at: number): { city: string; country: null; region?: undefined } | null {
  const { tokens, text } = r.st;
  let end = at;
  while (
    end < tokens.length &&
    end - at < 3 &&
    /^\p{Lu}/u.test(tokens[end].raw) &&
    (end === at || /^[ -]$/.test(text.slice(tokens[end - 1].end, tokens[end].start)))
  )
    end++;
  // In small letters, one word whose best-known namesake is well known ("est à kingston").
  // (Not a verb's "-ing", as wellKnownCityWord: "in reading group".)
  const small = end === at && /^\p{Ll}+$/u.test(tokens[at].raw) && !/ing$/u.test(tokens[at].raw);
  if (small) end = at + 1;
  if (end === at) return null;
  const words = tokens.slice(at, end).map((t) => t.t);
  if (words.length === 1 && isVocabularyWord(words[0])) return null;
  const [top] = citiesNamed(words);
  if (!top || top.country === 'US' || !(prominent(top) || (!small && top.population >= NEIGHBOUR_TOWN))) return null;
  return { city: text.slice(tokens[at].start, tokens[end - 1].end), country: null };
}

/**
 * A place typed all in lowercase ("she lives in san salvador", "esta en mexico"): two or three
 * words that name a city, or one word that names a country (a lowercase word alone may be a
 * village's name too: "court", "church").
 */
const fold = (x: string) =>
  x
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-\s]+/g, ' ');

/** Words that are a country's name and nothing more ("el salvador", "costa rica"). */
function namesCountryAlone(words: string, lang: Lang): boolean {
  const tokens = tokenize(words);
  const found = countryMatches(words, tokens, lang, false);
  return found.length === 1 && found[0].start === 0 && found[0].end === tokens.length;
}

/** The land neighbours of the U.S., where most travelers wait: a town of theirs is no village. */
const NEIGHBOURS = new Set(['CA', 'MX']);
const NEIGHBOUR_TOWN = 50_000;

/**
 * One word in small letters that is a well-known city, or a town of a neighbour, and no word the
 * assistant knows of any language ("in toronto", "à sherbrooke", "en matamoros"; not "in court",
 * "en route", nor a verb's "-ing" as "in reading"): a village of that name is not what a family
 * means.
 */
function wellKnownCityWord(word: string, place: { country: string | null }): boolean {
  return (
    !isVocabularyWord(word) &&
    !/ing$/u.test(word) &&
    citiesNamed([word]).some((c) => c.country === place.country && (prominent(c) || (NEIGHBOURS.has(c.country) && c.population >= NEIGHBOUR_TOWN)))
  );
}

/**
 * A place typed all in one case: "san salvador", "el salvador" (the words are all its name), a
 * city word as above, or a city followed by its country or province, with or without a comma
 * ("kingston, jamaica", "london ontario", "nogales sonora"), where the second names the first.
 */
function lowercasePlace(r: Read, at: number, joined: (k: number) => boolean): { city: string | null; country: string; region?: string } | null {
  const { tokens, text } = r.st;
  const lang = r.st.langs[0];
  const shouted = !/\p{Ll}/u.test(text);
  const oneCase = shouted ? /^\p{Lu}[\p{Lu}'’-]*$/u : /^\p{Ll}[\p{Ll}'’-]*$/u;
  // Up to five words, over at most one comma (between a city and its country).
  let n = 0;
  let commas = 0;
  while (at + n < tokens.length && n < 5 && oneCase.test(tokens[at + n].raw)) {
    if (!joined(at + n)) {
      if (commas > 0 || !/^\s*,\s*$/u.test(text.slice(tokens[at + n - 1].end, tokens[at + n].start))) break;
      commas++;
    }
    n++;
  }
  for (let len = n; len >= 1; len--) {
    const words = text.slice(tokens[at].start, tokens[at + len - 1].end);
    const place = parsePlace(words, lang);
    if (!place || !place.country) continue;
    const region = place.region ? { region: place.region } : {};
    // All the words name it ("san salvador", "el salvador"), not one of them ("eu des problèmes": Eu, France).
    const allOfIt = place.city ? fold(place.city) === fold(words) : namesCountryAlone(words, lang);
    if (allOfIt && !words.includes(',') && (len > 1 || !place.city || wellKnownCityWord(tokens[at].t, place)))
      return { city: place.city, country: place.country, ...region };
    if (place.city && namedWithItsPlace(words, place, lang)) return { city: place.city, country: place.country, ...region };
  }
  return null;
}

/** "kingston, jamaica", "london ontario": the city's name, then only its country or province. */
function namedWithItsPlace(words: string, place: { city: string | null; country: string | null; region?: string | null }, lang: Lang): boolean {
  const city = fold(place.city ?? '');
  const all = fold(words);
  if (!city || (!all.startsWith(city + ' ') && !all.startsWith(city + ','))) return false;
  const rest = words.slice(words.length - (all.length - city.length)).replace(/^[\s,]+/u, '');
  const after = parsePlace(rest, lang);
  return !!after && !after.city && after.country === place.country && (!after.region || after.region === place.region);
}

/** Words that say a name is a hospital's or a clinic's, not a town's. */
const CARE_WORD =
  /\b(?:hospital|clinic|general|children['’]?s|medical|center|centre|memorial|health|institute|h[ôo]pital|clinique|cl[íi]nica|m[ée]dico|infantil|presbyterian|methodist|mount sinai|kettering|hopkins|mayo|anderson|roswell|chop|upmc|sloan)\b/iu;
/** A capitalised name after "at", "au", "al", "en el" ("surgery at Mass General", "en el MD Anderson"). */
const PROVIDER_AT =
  /(?:^|\s)(?:at|au|al|à|a|en el|en la)\s+(?:the\s+|le\s+|la\s+|el\s+)?(\p{Lu}[\p{L}\p{M}'’&.-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}'’&.-]*|of|de|du|des|del|for))*)/gu;

/**
 * The name of the hospital or clinic a medical story names, as written: a capitalised name after
 * "at" that says it is a place of care or is no town ("at Johns Hopkins", "at CHOP"). Not in a
 * story written all in capitals (every word is capitalised there).
 */
function providerIn(text: string): string | null {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.6) return null;
  for (const m of text.matchAll(PROVIDER_AT)) {
    // Not over a sentence's end ("at CHOP. My husband").
    const name = m[1].split(/[.](?:\s|$)/u)[0].replace(/(?:\s+(?:of|de|du|des|del|for))+$/u, '');
    if (CARE_WORD.test(name)) return name;
    const place = parsePlace(name, 'en');
    if (!place && !/^(?:I|I'm|Im|Dec|December|Jan|January|Nov|November)$/u.test(name.split(/\s+/)[0])) return name;
  }
  return providerInSmallLetters(text);
}

/** A name after "at" typed in small letters: its words up to a small word or punctuation. */
const PROVIDER_AT_SMALL =
  /(?:^|\s)(?:at|au|al|à|a|en el|en la)\s+(?:the\s+|le\s+|la\s+|el\s+|l['’])?(\p{Ll}[\p{Ll}\p{M}'’&-]*(?:\s+\p{Ll}[\p{Ll}\p{M}'’&-]*){0,3})/gu;
/** Words of a place of care that name none alone ("at the hospital" names no hospital). */
const CARE_KIND = /^(?:hospital|clinic|general|medical|center|centre|memorial|health|institute|h[ôo]pital|clinique|cl[íi]nica|m[ée]dico|infantil)$/u;
const storyStopwords = new Set(LANGUAGES.flatMap((l) => vocab(l).stopwords.map((w) => w.toLowerCase())));

/**
 * "surgery at mass general", "au memorial sloan kettering", "en el md anderson": in a story in
 * small letters, a name that says it is a place of care (a care word and a name, or a hospital
 * known by its own name: "chop", "roswell park"), never a kind alone ("at the hospital").
 */
function providerInSmallLetters(text: string): string | null {
  for (const m of text.matchAll(PROVIDER_AT_SMALL)) {
    const taken: string[] = [];
    for (const w of m[1].split(/\s+/u)) {
      if (storyStopwords.has(w)) break;
      taken.push(w);
    }
    const name = taken.join(' ');
    if (name && CARE_WORD.test(name) && !taken.every((w) => CARE_KIND.test(w))) return name;
  }
  return null;
}

// ---- the facts ---------------------------------------------------------------------------------

/** Immigration enforcement by its names ("ICE", "la migra", "migración"): one it holds is held still. */
const ENFORCEMENT = /(?<!\p{L})(?:ice|la migra|migraci[oó]n|inmigraci[oó]n|immigration|cbp|border patrol)(?!\p{L})/iu;

export function extractFacts(text: string, ctx: ParseContext): Facts {
  const s = (typeof text === 'string' ? asText(text) : '').slice(0, MAX_STORY);
  const langs = storyLanguages(s, ctx);
  const today = todayIn(ctx.now, ctx.timeZone);
  const st = readStory(s, langs, today.year);
  const r: Read = { st, today, carried: carriedPeople(st), memo: new Map() };
  const answers: Answers = {};
  const incidents: IncidentAnswers[] = [];

  // Who travels, and who writes.
  const lawyer = phrases(st.w, langs, 'lawyer').length > 0;
  // A lawyer writes for a client: the client travels, whoever else the story names.
  const client = st.clauses.flatMap((c) => c.people).find((p) => p.who.kind === 'kin' && p.who.kin === 'client')?.who;
  const traveler = lawyer ? (client ?? travelerOf(r) ?? { kind: 'someone' as const, sex: null }) : travelerOf(r);
  let role: string | null = null;
  // "on behalf of the Refugee Help Centre", "de parte del Centro de Apoyo": an organization writes.
  const organization = !lawyer && phrases(st.w, langs, 'organization').some((m) => !negated(st, m));
  if (lawyer) role = 'lawyer';
  else if (organization) role = 'organization';
  else if (traveler?.kind === 'self') role = 'traveler';
  // "my friend Ahmed needs to come": a friend writes; "my brother": family.
  // "escribo por una amiga": a friend, with no one's word before it, is the writer's.
  else if (traveler?.kind === 'kin' && (traveler.owner === 'writer' || traveler.owner === 'ours' || (traveler.kin === 'friend' && traveler.owner === 'none')))
    role = traveler.kin === 'friend' ? 'friend' : 'family';
  // "Soy la nuera", "I'm his wife": how the writer is related, in their words (and so, family).
  if (role === null || role === 'family') {
    for (const m of phrases(st.w, langs, 'selfIs')) {
      const c = st.clauses.find((x) => m.start >= x.start && m.start < x.end);
      // Only articles and possessives between ("I'm his wife", "soy la nuera"), not a verb ("I'm having a baby").
      const next = c?.people.find(
        (p) => p.start >= m.end && p.start - m.end <= 2 && p.who.kind === 'kin' && st.w.slice(m.end, p.start).every((t) => SELF_IS_BETWEEN.has(t)),
      );
      if (next && next.who.kind === 'kin' && !(traveler && samePerson(next.who, traveler))) {
        role = 'family';
        answers.relationship = v(st.text.slice(st.tokens[next.end - 1].start, st.tokens[next.end - 1].end));
        break;
      }
    }
  }
  if (role) answers.role = v(role);

  // Why: the reason words of what is, not of what was (a surgery last September is over, an
  // illness one is better from is no reason); a death counts when told. Court words about the
  // traveler's own pending case are history, not the reason.
  // "ahora está en tratamiento y estable": better now, in that clause or of the one just before.
  const recovered = new Set(said(r, 'recovered').flatMap((x) => [x.k, x.k - 1]));
  const recordClauses = new Set((['criminalHistory', 'conviction', 'pending', 'charges'] as const).flatMap((k) => said(r, k).map((x) => x.k)));
  const reasonWords = (k: StoryKey, pastToo = false) =>
    said(r, k).filter(
      (x) =>
        (pastToo || !x.c.past || presentAt(r, x.m)) &&
        !negated(st, x.m) &&
        (k === 'funeral' || !recovered.has(x.k)) &&
        !(k === 'court' && recordClauses.has(x.k)),
    );
  // In hospital for a treatment ("hospitalisée pour une greffe"): the treatment is the reason.
  const treated = new Set(reasonWords('medical').map((x) => x.k));
  const ill = [...reasonWords('ill'), ...reasonWords('ill_relative')].filter((x) => x.who !== null && !isTraveler(x.who, traveler) && !treated.has(x.k));
  // A child of the traveler's in hospital: a medical trip, the child the patient.
  const illChild = traveler ? ill.find((x) => x.who && relationToTraveler(x.who, traveler, role) === 'child' && (ageOf(r, x.who) ?? 99) < 18) : undefined;
  const visit = reasonWords('visit').length > 0;
  let reasons = STORY_REASONS.filter((k) => (k === 'ill_relative' ? ill.length > 0 : reasonWords(k, k === 'funeral').length > 0));
  if (illChild) reasons = [...new Set<Exclude<Reason, 'other'>>(['medical', ...reasons.filter((k) => k !== 'ill_relative')])];
  // Coming to see someone in treatment: an ill relative.
  else if (visit && reasons.includes('medical') && traveler) {
    const patient = reasonWords('medical')[0]?.who;
    if (patient && !isTraveler(patient, traveler))
      reasons = [...new Set<Exclude<Reason, 'other'>>(['ill_relative', ...reasons.filter((k) => k !== 'medical')])];
  }
  const other = reasonWords('other').length > 0;
  // Coming to see someone told to be getting better from an illness ("she's stable now", "va
  // mieux"): still an ill relative's visit, though that illness alone would be no reason to come.
  if (reasons.length === 0 && !other && visit && traveler) {
    // Not the traveler's own child, nor someone whose relation to the traveler is not settled: a
    // child in treatment may make it a medical trip, which is for the family to say.
    const mending = said(r, 'recovered').some((x) => x.who !== null && !negated(st, x.m) && relationToTraveler(x.who, traveler, role) === 'other_relative');
    if (mending) reasons = ['ill_relative'];
  }
  if (reasons.length === 1 && !other) answers.reason = v(reasons[0]);
  if (reasons.length === 0 && other) answers.reason = v('other');
  const reason = answers.reason && 'value' in answers.reason ? answers.reason.value : null;

  // The patient: who the treatment is for ("my son's surgery", "elle a besoin d'une chirurgie"), from the traveler.
  if (reason === 'medical' && traveler) {
    const medical = reasonWords('medical');
    // The traveler gives an organ, or "they need him for an operation": who counts as the patient is asked.
    const donor = namesDonor(st.text, langs[0]);
    const first = illChild ?? medical[0];
    if (first && !donor) {
      const c = first.c;
      // "my son's heart surgery": the one just before it, with 's.
      const genitive = c.people.find((p) => p.end <= first.m.start && first.m.start - p.end <= 3 && st.w[p.end] === 's');
      // "la operación de nuestro hijo", "l'opération de mon fils", "surgery for my son".
      // "la greffe de moelle de mon fils", "the bone marrow transplant for my son": a word of the treatment's between.
      const of = c.people.find(
        (p) =>
          p.start >= first.m.end &&
          (p.start - first.m.end <= 2
            ? st.w.slice(first.m.end, p.start).some((t) => OF_WORDS.has(t))
            : p.start - first.m.end <= 4 && OF_WORDS.has(st.w[p.start - 1])),
      );
      // "sa mère l'amène pour une greffe": the treatment is for the one brought, not the one who brings.
      const bringer = said(r, 'withAdult').find((x) => x.k === first.k && x.m.end <= first.m.start && !negated(st, x.m));
      const bringerWho = bringer ? bringer.c.people.filter((p) => p.end <= bringer.m.start).pop()?.who : undefined;
      // "my chemo appointments", "mes séances de chimio", "mis quimios": the writer's own treatment.
      // (A possessive of its own, not the start of a family word: "my daughter's surgery" is hers.)
      const ownPossessive = (j: number) =>
        MINE.has(st.w[j]) &&
        !c.people.some((p) => p.start <= j && j < p.end) &&
        !/[()]/.test(st.text.slice(st.tokens[j].start, st.tokens[first.m.start].start)) &&
        !langs.some((l) => familyWordAt(st.w, j, l) || familyWordAt(st.w, j + 1, l));
      const mineAt = [first.m.start - 1, first.m.start - 2, first.m.start - 3].find((j) => j >= c.start && ownPossessive(j));
      const between = mineAt === undefined ? [] : c.people.filter((p) => p.start > mineAt && p.start < first.m.start);
      const mine = mineAt !== undefined && between.length === 0 ? ({ kind: 'self' } as const) : undefined;
      // "to get my dad here for the surgery", "pour l'opération du petit": a treatment with "the", come
      // for, is no one's said; whose it is is asked.
      const at = first.m.start;
      const forThe = at >= 2 && FOR_WORDS.has(st.w[at - 2]) && THE_WORDS.has(st.w[at - 1]);
      const spoken = genitive?.who ?? of?.who ?? mine ?? (forThe ? undefined : first.who);
      const who = bringerWho && spoken && samePerson(bringerWho, spoken) ? traveler : spoken;
      const rel = who ? relationToTraveler(who, traveler, role) : 'ask';
      // Going with someone to their treatment settles the trip only for one's own child.
      const accompanies = reasonWords('accompany').length > 0;
      // A child taken to a treatment is a medical trip whoever goes with them (who that is, and so
      // the patient's relation, is asked); another adult's treatment may be an ill relative's.
      const aChild = who?.kind === 'kin' && who.kin === 'child';
      if (accompanies && rel !== 'child') {
        if (!aChild) delete answers.reason;
      } else if (rel !== 'ask') answers.patient = v(rel);
    }
  }
  const why = answers.reason && 'value' in answers.reason ? answers.reason.value : null;
  // Where the treatment is to be given, by its name ("at Johns Hopkins", "au Memorial Sloan Kettering").
  if (why === 'medical') {
    const provider = providerIn(st.text);
    if (provider) answers.provider = v(provider);
  }
  // What the treatment is for, or the treatment ("a kidney transplant", "cirugía del corazón"); of an
  // ill relative too ("tiene cáncer terminal"), though only a medical trip asks it.
  if (why === 'medical' || why === 'ill_relative') {
    const condition = conditionPhrase(st.text, langs[0]);
    if (condition) answers.condition = v(condition);
  }

  // Where the traveler is now: at the border now, detained now, or in a place outside the U.S.
  const now = (x: { c: Clause }) => !x.c.past;
  const atBorder = said(r, 'atBorder').find(
    (x) => now(x) && (x.who?.kind === 'we' || isTraveler(x.who, traveler)) && !negated(st, x.m) && !deniedInClause(st, x.c, x.m),
  );
  // Held by ICE is still held unless the words say otherwise ("ICE arrested my husband yesterday"),
  // but not when the detention is dated in a year ("held by ICE for 2 weeks in 2017"), or told
  // as over (vocab story.released: "released", "lo soltaron", "relâché"), or the traveler is placed
  // somewhere now ("… in 2017, he's in Mexico now").
  const released = phrases(st.w, langs, 'released').length > 0;
  const placedNow = said(r, 'place').some((x) => !x.c.past && isTraveler(x.who, traveler));
  const stillHeld = (x: { c: Clause }) =>
    ENFORCEMENT.test(st.text) && !released && !placedNow && !st.w.slice(x.c.start, x.c.end).some((t) => /^(?:19|20)\d\d$/.test(t));
  const detained = said(r, 'detained').find((x) => (now(x) || stillHeld(x)) && (isTraveler(x.who, traveler) || x.who === null));
  if (detained) answers.location = v('detained');
  else if (atBorder) answers.location = v('at_border');
  // The crossing where they wait or are held, as the location question reads the same words.
  if (detained || atBorder) {
    const port = readLocation(st.text, langs[0], today.year)?.port;
    if (port) answers.port = v(port);
  } else if (traveler) {
    // "is in Toronto", "qui est à Port-au-Prince"; else the traveler named with a place ("my brother
    // in Toronto needs to come", "mon frère à Edmundston veut aller": a place that names the person,
    // whatever the clause then tells of the past: "my mom in Lagos had a stroke").
    const placed = said(r, 'place').filter((x) => !negated(st, x.m));
    const companions = wordIndex('companion', langs).all(st.w);
    // "we are in Oaxaca with my father-in-law", "on est à Gatineau avec ma belle-mère": the writer there with the traveler.
    const withTraveler = (x: { c: Clause; m: PhraseMatch<true> }) =>
      companions.some(
        (w) => w.start >= x.m.end && w.end <= x.c.end && x.c.people.some((p) => p.start >= w.start && p.start < w.end + 1 && isTraveler(p.who, traveler)),
      );
    // "my parents are both in Santo Domingo. my mom is the one": the traveler among those placed.
    const among = (who: Who | null) => who?.kind === 'kin' && who.plural && traveler.kind === 'kin' && who.kin === traveler.kin && who.owner === traveler.owner;
    // "we live in Calgary. My husband needs to go": the writer's household, the writer's spouse travelling.
    const household = traveler.kind === 'kin' && traveler.kin === 'spouse' && traveler.owner === 'writer';
    const at = [
      // "lives in Toronto but right now she's in Kingston": a place said of now before one of where they live.
      ...placed
        .filter((x) => !x.c.past && isTraveler(x.who, traveler))
        .sort((a, b) => Number(phrases(st.w, langs, 'now', b.c.start, b.c.end).length > 0) - Number(phrases(st.w, langs, 'now', a.c.start, a.c.end).length > 0))
        .map((x) => x.m.end),
      ...st.clauses
        .flatMap((c) => c.people.filter((p) => isTraveler(p.who, traveler) && p.end < c.end && phrases(st.w, langs, 'personIn', p.end, p.end + 1).length > 0))
        .map((p) => p.end + 1),
      // "stuck in Reynosa since CBP turned him back in October": there since, so there now.
      ...placed.filter((x) => x.c.past && isTraveler(x.who, traveler) && thereSince(r, x)).map((x) => x.m.end),
      ...placed.filter((x) => !x.c.past && withTraveler(x)).map((x) => x.m.end),
      ...placed.filter((x) => !x.c.past && among(x.who)).map((x) => x.m.end),
      ...placed.filter((x) => !x.c.past && x.who?.kind === 'we' && household).map((x) => x.m.end),
      // "bring my father from Guatemala": the one brought travels from there.
      ...[fetchedFrom(r)].filter((f) => f !== null && isTraveler(f.who, traveler)).map((f) => f!.at),
      // "went back to Tegucigalpa", "lo regresaron a El Salvador": sent or gone back, and there since.
      // Not one feared ("il a peur d'être renvoyé à Kinshasa", "afraid of being sent back to Haiti").
      ...said(r, 'returnedTo')
        .filter((x) => isTraveler(x.who, traveler) && !negated(st, x.m) && phrases(st.w, langs, 'fear', x.c.start, x.m.end).every((f) => f.start > x.m.start))
        .map((x) => x.m.end),
      // Where the traveler comes from, when nothing else says where they are ("needs to come from
      // Honduras", "viene sola de Santo Domingo a Nueva York", "prend l'avion seule de Port-au-Prince").
      ...said(r, 'motion')
        .filter((x) => !x.c.past && isTraveler(x.who, traveler) && !negated(st, x.m))
        .flatMap((x) => phrases(st.w, langs, 'from', x.m.end, Math.min(x.c.end, x.m.end + 3)).slice(0, 1))
        .filter(
          (f) =>
            !wordIndex('habitual', langs)
              .all(st.w)
              .some((h) => h.end === f.end),
        )
        .map((f) => f.end),
    ];
    for (const from of at) {
      const place = placeAfter(r, from) ?? sharedNameAfter(r, from);
      if (place && place.country !== 'US') {
        answers.location = v('outside_us');
        answers.whereNow = v(
          place.city ? { city: place.city, ...(place.region ? { region: place.region } : {}), country: place.country } : { city: null, country: place.country },
        );
        break;
      }
    }
  }

  // The traveler's history: a record, a refusal, a removal, drugs; each for the traveler (or no one named).
  const forTraveler = (x: { who: Who | null }) => x.who === null || traveler === null || isTraveler(x.who, traveler);
  // Held by immigration now, an arrest told with it is that detention ("détenu par l'immigration
  // depuis hier soir, ils l'ont arrêté à la maison"), no record: only a charge or a conviction is.
  const heldNow = answers.location && 'value' in answers.location && answers.location.value === 'detained';
  const arrestWords = new Set(langs.flatMap((l) => vocab(l).story.arrests));
  const arrestOnly = (x: { m: PhraseMatch<true> }) => heldNow && arrestWords.has(st.w.slice(x.m.start, x.m.end).join(' '));
  const historyWords = (['criminalHistory', 'conviction', 'charges'] as const)
    .flatMap((k) => said(r, k))
    .filter(forTraveler)
    .filter((x) => !arrestOnly(x));
  const affirmed = historyWords.filter((x) => !negated(st, x.m) && x.who !== null);
  // "he was never arrested", "él no tiene récord ni na": no record, said of the traveler.
  // With no traveler named, "he has no record", "my husband was never arrested" are about the one the message is about (not "I", who may not travel).
  const denied = historyWords.filter(
    (x) => negated(st, x.m) && x.who !== null && (traveler === null ? x.who.kind === 'someone' || x.who.kind === 'kin' : isTraveler(x.who, traveler)),
  );
  if (affirmed.length === 0 && denied.length > 0) answers.criminal = v('no');
  if (affirmed.length > 0 && historyWords.filter((x) => x.who !== null).length === affirmed.length) {
    answers.criminal = v('yes');
    const incident = incidentOf(r, affirmed);
    if (Object.keys(incident).length > 0) incidents.push(incident);
    const drugs = affirmed.some((x) => phrases(st.w, langs, 'drugs', x.c.start, x.c.end).length > 0);
    if (drugs) answers.drugs = v('yes');
  }
  // "they sent us back": the family with the traveler was refused.
  // What is feared ("afraid of being sent back to Haiti") has not happened.
  const feared = (x: { c: Clause; m: PhraseMatch<true> }) => phrases(st.w, langs, 'fear', x.c.start, x.m.end).some((f) => f.start <= x.m.start);
  const refusedWords = said(r, 'refused').filter((x) => (forTraveler(x) || x.who?.kind === 'we') && !feared(x));
  const removedWords = said(r, 'deported').filter((x) => forTraveler(x) && !feared(x));
  // "never deported and never refused": no, said of the traveler (and nothing said otherwise).
  const yesNo = (xs: typeof refusedWords): Answer | null =>
    xs.some((x) => !negated(st, x.m)) ? v('yes') : xs.some((x) => x.who !== null && x.who.kind !== 'we' && negated(st, x.m)) ? v('no') : null;
  const refusals = yesNo(refusedWords);
  if (refusals) answers.refusals = refusals;
  const removal = yesNo(removedWords);
  if (removal) answers.priorRemoval = removal;
  if (said(r, 'fear').some((x) => forTraveler(x) && !negated(st, x.m))) answers.fearOfReturn = v('yes');

  // The traveler's nationality ("my fiancé is Mexican", "es canadiense y mexicano", "un passeport haïtien").
  const citizenships = nationalitiesOf(r, traveler);
  if (citizenships.length) answers.citizenship = v(citizenships);

  // The court: a witness, a defendant, a subpoena.
  if (why === 'court') {
    if (said(r, 'witness').some(forTraveler)) answers.courtRole = v('witness');
    else if (said(r, 'defendant').some(forTraveler)) answers.courtRole = v('defendant');
    if (said(r, 'subpoena').some((x) => !negated(st, x.m))) answers.subpoena = v('yes');
  }

  // The traveler's age: a minor or not; alone or not.
  const age = travelerAge(r, traveler);
  if (age !== null) {
    answers.isMinor = v(age < 18 ? 'yes' : 'no');
    // "his father is dying, he wants to go alone": the "he" who goes is not the one dying.
    const alone = said(r, 'alone').some((x) => (isTraveler(x.who, traveler) || x.who === null || dyingOne(r, x.who)) && !negated(st, x.m));
    if (age < 18 && alone) answers.accompanied = v('no');
    // "his mom is bringing him", "mi tía iría conmigo": an adult of the family goes with the minor.
    else if (age < 18 && said(r, 'withAdult').some((x) => !negated(st, x.m) && adultWith(r, x, traveler))) answers.accompanied = v('yes');
  }

  // Who is ill or died, as the traveler's relation, in the family's words.
  if (why === 'ill_relative' || why === 'funeral') {
    const rel = relationOf(r, traveler, why);
    if (rel) answers.relation = v(rel);
  }

  // How the ill person is, in the words that say it of now ("está en coma", "is in intensive care").
  if (why === 'ill_relative') {
    // What the doctors are reported to say ("les médecins disent que c'est grave"), to its clause's end.
    const reported = langs.flatMap((l) => reportedIndex(l).all(st.w)).sort((a, b) => b.end - a.end)[0];
    const c = reported && st.clauses.find((x) => reported.end < x.end && reported.start >= x.start);
    const said = c ? st.text.slice(st.tokens[reported!.end].start, c.to).trim() : '';
    if (said) answers.prognosis = v(said);
  }
  if (why === 'ill_relative' && !answers.prognosis) {
    const now = [...reasonWords('ill'), ...reasonWords('ill_relative')].find((x) => x.who !== null && !isTraveler(x.who, traveler) && presentAt(r, x.m));
    if (now) {
      const verb = presentVerb(r, now.m);
      if (verb) answers.prognosis = v(st.text.slice(st.tokens[verb.start].start, st.tokens[now.m.end - 1].end));
    }
  }

  // When: the day the traveler must be there, the day of a death.
  const died = new Set(
    said(r, 'died')
      .filter((x) => !negated(st, x.m))
      .map((x) => x.k),
  );
  const neededBy = neededByOf(r, died);
  if (neededBy) answers.neededBy = neededBy;
  const deathDate = deathDateOf(r, died);
  if (deathDate) answers.deathDate = deathDate;

  // A number to call back, written in the story.
  const phone = parsePhone(st.text);
  if (phone && /\d{3}\D{0,3}\d{3}\D{0,3}\d{4}/.test(st.text)) answers.contactPhone = v(phone);

  return { answers, incidents };
}

/**
 * Whether the one who brings or goes with the traveler is an adult of the family, not the traveler:
 * the family word named in the clause ("his mom is bringing him", "ma tante viendrait avec moi").
 */
function adultWith(r: Read, x: { c: Clause; m: PhraseMatch<true> }, traveler: Who | null): boolean {
  const by = x.c.people.filter((p) => p.end <= x.m.start).pop()?.who;
  if (!by || by.kind !== 'kin' || isTraveler(by, traveler)) return false;
  // A brother or a cousin may be a minor too: only an adult's family word (a parent, an aunt...) says it.
  return ADULT_KIN.has(by.kin) && (ageOf(r, by) ?? 99) >= 18;
}

/** Family words that name an adult, whoever says them: a parent, a grandparent, an aunt or uncle, a spouse. */
const ADULT_KIN: ReadonlySet<KinType> = new Set<KinType>(['parent', 'grandparent', 'pibling', 'spouse', 'parentInLaw']);

/** An age in brackets just after a person ("my daughter (19)", "mi hijo (12 años)"). */
const BRACKET_AGE = /^\s*\(\s*(\d{1,2})\s*(?:ans|an|años|anos|yo|y\/o|yrs?|years?(?: old)?)?\s*\)/iu;

/** The traveler's age, when a clause about the traveler gives one ("hes 17", "tiene 72 años", "mi hijo de 19 años"). */
function travelerAge(r: Read, traveler: Who | null): number | null {
  if (!traveler) return null;
  for (const c of r.st.clauses) {
    for (const p of c.people) {
      if (!isTraveler(p.who, traveler)) continue;
      const m = BRACKET_AGE.exec(r.st.text.slice(r.st.tokens[p.end - 1].end));
      if (m) return Number(m[1]);
    }
  }
  for (const l of [...r.st.langs, ...LANGUAGES.filter((x) => !r.st.langs.includes(x))]) {
    const ages = mentionsOf(r, l, 'past').filter((m) => m.spec.t === 'age');
    for (const m of ages) {
      const k = r.st.clauses.findIndex((c) => m.start >= c.start && m.start < c.end);
      if (k < 0) continue;
      const c = r.st.clauses[k];
      const who = whoOf(c, { start: m.start, end: m.end }, r.carried[k]);
      // "tiene 15 años y su mamá lo va a traer": an age said of no one named is the one the story is about.
      if (!isTraveler(who, traveler) && !(who === null && traveler.kind === 'someone')) continue;
      const n = Number(r.st.w.slice(m.start, m.end).find((t) => /^\d+$/.test(t)));
      if (Number.isFinite(n)) return n;
    }
    if (ages.length) break;
  }
  return null;
}

/** Words for a relation in each language, by kind and sex, for a relation resolved through the writer. */
const RELATION_WORDS: Partial<Record<Lang, Partial<Record<KinType, [string, string]>>>> = {
  en: { parent: ['father', 'mother'], grandparent: ['grandfather', 'grandmother'], sibling: ['brother', 'sister'] },
  fr: { parent: ['père', 'mère'], grandparent: ['grand-père', 'grand-mère'], sibling: ['frère', 'sœur'] },
};
const FEMININE =
  /^(?:mom|mum|mother|mommy|mama|maman|mère|mere|môman|moman|sister|sis|sœur|soeur|grandmother|grandma|granny|nana|grand-mère|grand mere|grand-maman|mémé|abuela|mamá|madre|mami|hermana|tía|tia|aunt)$/i;

/** The ill or dead person, as the traveler's relation in the family's words ("su mamá", "père", "grandmother"). */
function relationOf(r: Read, traveler: Who | null, reason: string): string | null {
  const kinds: StoryKey[] = reason === 'funeral' ? ['died', 'funeral'] : ['ill', 'ill_relative', 'medical'];
  for (const kind of kinds) {
    for (const x of said(r, kind)) {
      if (x.c.past && kind !== 'died' && !presentAt(r, x.m)) continue;
      // "the funeral of his mom", "funérailles de son père": the person after; else whom the clause is about.
      const after = x.c.people.find((p) => p.start >= x.m.end && p.start - x.m.end <= 2);
      const before = x.c.people.filter((p) => p.end <= x.m.start && x.m.start - p.end <= 2).pop();
      const who = kind === 'funeral' ? (after ?? before)?.who : x.who;
      if (!who || who.kind !== 'kin' || isTraveler(who, traveler)) continue;
      // "su hijo, mi esposo": the same person named from the traveler too; that name says the relation.
      const alias = traveler && who.owner !== 'traveler' ? travelerNamed(r, who, traveler) : null;
      if (alias) return r.st.langs[0] === 'es' ? alias.word : (alias.word.split(/\s+/).pop() ?? alias.word);
      // "his mothers funeral": an English possessive without its apostrophe; not the s of "fils".
      const word = who.word.replace(r.st.langs[0] === 'en' ? /['’]?s$/i : /['’]s$/i, '');
      const noun = word.split(/\s+/).pop() ?? word;
      // The traveler's own relative, or the writer's when the writer travels ("I need to go see my brother").
      if (who.owner === 'traveler' || (traveler?.kind === 'self' && (who.owner === 'writer' || who.owner === 'none')))
        return r.st.langs[0] === 'es' ? word : noun;
      // The writer's relative, through the writer: only a brother or sister of the traveler's shares it.
      if (
        (who.owner === 'writer' || who.owner === 'ours') &&
        traveler?.kind === 'kin' &&
        traveler.kin === 'sibling' &&
        (who.kin === 'parent' || who.kin === 'grandparent')
      ) {
        const words = RELATION_WORDS[r.st.langs[0]]?.[who.kin];
        if (words) return words[FEMININE.test(noun) ? 1 : 0];
      }
      if (who.owner === 'ours' && traveler?.kind === 'kin' && traveler.kin === 'sibling') return noun;
    }
  }
  return null;
}

const demonymIndex = perLang((voc) => new PhraseIndex(Object.entries(voc.demonyms).flatMap(([code, names]) => names.map((n) => [n, code] as const))));

/** Nationalities said of the traveler, in the clauses about the traveler. */
function nationalitiesOf(r: Read, traveler: Who | null): string[] {
  if (!traveler) return [];
  const codes = new Set<string>();
  r.st.clauses.forEach((c, k) => {
    for (const l of r.st.langs) {
      for (let i = c.start; i < c.end; i++) {
        const hit = demonymIndex(l).at(r.st.w, i)[0];
        if (!hit || hit.end > c.end) continue;
        // "Santiago, Dominican Republic", "santiago, dominican republic": the start of a country's name, not a nationality.
        const next = r.st.tokens[hit.end];
        if (next) {
          const words = r.st.text.slice(r.st.tokens[hit.start].start, next.end);
          const named = /^\p{Lu}/u.test(next.raw) ? parsePlace(words, r.st.langs[0]) : null;
          if ((named?.country && !named.city) || namesCountryAlone(words, r.st.langs[0])) continue;
        }
        // "English", "español" are languages too: only after the person, in their clause.
        const who = whoOf(c, hit, r.carried[k], false);
        if (isTraveler(who, traveler)) codes.add(hit.value);
      }
    }
  });
  return [...codes];
}

/** The same person named from the traveler ("su hijo" for the writer's husband when the traveler is his mother). */
function travelerNamed(r: Read, who: Who, traveler: Who): Extract<Who, { kind: 'kin' }> | null {
  const rel = relationToTraveler(who, traveler, 'family');
  if (rel !== 'child') return null;
  for (const c of r.st.clauses)
    for (const p of c.people)
      if (p.who.kind === 'kin' && p.who.owner === 'traveler' && p.who.kin === 'child' && p.who.sex === (who.kind === 'kin' ? who.sex : null)) return p.who;
  return null;
}

/** A person's age, when a clause about them gives one. */
function ageOf(r: Read, who: Who): number | null {
  for (const l of r.st.langs) {
    for (const m of mentionsOf(r, l, 'past').filter((x) => x.spec.t === 'age')) {
      const k = r.st.clauses.findIndex((c) => m.start >= c.start && m.start < c.end);
      if (k < 0) continue;
      const of = whoOf(r.st.clauses[k], { start: m.start, end: m.end }, r.carried[k]);
      if (!of || !samePerson(of, who)) continue;
      const n = Number(r.st.w.slice(m.start, m.end).find((t) => /^\d+$/.test(t)));
      if (Number.isFinite(n)) return n;
    }
  }
  return null;
}

/** Come for a treatment ("for the surgery", "pour l'opération", "para la cirugía"). */
const FOR_WORDS = new Set(['for', 'pour', 'para', 'pa']);
/** The definite articles before it: whose the treatment is, they do not say. */
const THE_WORDS = new Set(['the', 'l', 'la', 'le', 'el']);

/** Words that open a phrase about a state, not the name of an illness ("in hospital", "very sick", "está grave"). */
const STATE_OPENERS = new Set([
  'in',
  'is',
  'on',
  'has',
  'had',
  'a',
  'very',
  'so',
  'really',
  'not',
  'seriously',
  'critically',
  'gravely',
  'terminally',
  'en',
  'est',
  'aux',
  'dans',
  'sous',
  'tres',
  'gravement',
  'muy',
  'esta',
  'se',
  'tiene',
  'va',
  'pas',
  'etat',
  'the',
]);

/**
 * The illness or treatment named in a few words ("he has leukemia", "tiene leucemia", "with the
 * cancer", "il a la leucémie"), as typed: the longest illness or treatment word of the story
 * vocabulary, not a state ("in the hospital", "muy grave"). Null when none.
 */
export function conditionIn(text: string, lang: Lang): string | null {
  const st = readStory(asText(text), [lang]);
  const found = [...phrases(st.w, [lang], 'ill'), ...phrases(st.w, [lang], 'medical')]
    .filter((m) => !STATE_OPENERS.has(st.w[m.start]) && !negated(st, m))
    .sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  return found ? st.text.slice(st.tokens[found.start].start, st.tokens[found.end - 1].end) : null;
}
