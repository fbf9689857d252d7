/**
 * A story told at once, as clauses: who each clause is about (the writer, "we", a family member
 * named from the writer, someone named before: "he", "elle", "lo", a name given before: "my
 * husband Jorge") and when (the past, or now). The facts are read from it in src/nlu/story.ts,
 * each for the person and the time the words give: "was refused at the border in 2015" is a
 * refusal, not "at the border now".
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { familyWordAt, possessiveAt } from './kin';
import { PhraseIndex, longestMatches, tokenize, type PhraseMatch, type Token } from './normalize';
import { PORT_LIST } from './portData';
import { citiesNamed, longForms, regionNamed } from './geo';
import { perLang, type KinType, type Vocab } from './vocab';

export type Owner = 'writer' | 'ours' | 'traveler' | 'none';
export type Sex = 'm' | 'f' | null;

/** Someone a story talks about. 'someone': a "he" or "she" with no one named before. */
export type Who =
  { kind: 'self' } | { kind: 'we' } | { kind: 'someone'; sex: Sex } | { kind: 'kin'; kin: KinType; owner: Owner; word: string; sex: Sex; plural?: boolean };

export interface Person {
  start: number;
  end: number;
  who: Who;
}

export interface Clause {
  /** Tokens [start, end). */
  start: number;
  end: number;
  /** Characters [from, to) of the text. */
  from: number;
  to: number;
  /** Says what was ("was", "a été", "fue", "last year"), and not what is now. */
  past: boolean;
  /** Says "now" ("right now", "ahorita", "en ce moment"). */
  now: boolean;
  /** Its sentence (clauses of one sentence share it). */
  sentence: number;
  people: Person[];
}

type Kind = keyof Vocab['story'];

/** A land crossing's name that is also a word of its own ("at the portal"). */
const NOT_ONLY_CROSSINGS = new Set(['Portal']);
let landPortNames: { all: string[]; crossingsOnly: string[] } | null = null;
/**
 * The names of land crossings (not airports, nor a road's number: "I-5", "autoroute 15"), and of
 * those the names that are only the crossing's ("Ambassador Bridge", "pont de la Paix", "Peace
 * Arch"): being at one of these is being at the border, while a name a town shares ("El Paso",
 * "Nogales", "Lacolle") may be where someone lives ("vive en Nogales").
 */
function landNames(): { all: string[]; crossingsOnly: string[] } {
  if (landPortNames) return landPortNames;
  const all = [...new Set(PORT_LIST.filter((p) => p.kind !== 'airport').flatMap((p) => [p.name, ...p.names]))].filter(
    (name) => !/\d/u.test(name) && !NOT_ONLY_CROSSINGS.has(name),
  );
  const crossingsOnly = all.filter((name) => citiesNamed(longForms(tokenize(name).map((t) => t.t))).length === 0 && !regionNamed(name));
  landPortNames = { all, crossingsOnly };
  return landPortNames;
}

/**
 * A kind's phrases; at the border, also a land crossing named after `atPort` ("au Peace Bridge",
 * "at the Ambassador Bridge"), and any crossing's name, a town's too, followed by `atPortKind`
 * ("at the San Ysidro crossing", "at the Lacolle border").
 */
function phrasesOf(v: Vocab, k: Kind): string[] {
  if (k !== 'atBorder') return v.story[k];
  const { all, crossingsOnly } = landNames();
  return [
    ...v.story.atBorder,
    ...v.story.atPort.flatMap((at) => crossingsOnly.map((name) => `${at} ${name}`)),
    ...v.story.atPort.flatMap((at) => all.flatMap((name) => v.story.atPortKind.map((kind) => `${at} ${name} ${kind}`))),
  ];
}

const storyIndexes = perLang((v) => {
  const out = {} as Record<Kind, PhraseIndex<true>>;
  for (const k of Object.keys(v.story) as Kind[]) out[k] = new PhraseIndex(phrasesOf(v, k).map((p) => [p, true] as const));
  return out;
});

/**
 * The kinds read in every language whatever the story's (people mix them: "my mom necesita
 * venir"); the reasons only in the story's own, since a word can mean something else next door
 * (French "court" is "short").
 */
const EVERY_LANGUAGE: ReadonlySet<Kind> = new Set<Kind>([
  'travel',
  'refused',
  'deported',
  'died',
  'atBorder',
  'detained',
  'place',
  'now',
  'past',
  'alone',
  'criminalHistory',
  'conviction',
  'charges',
  'visit',
  'accompany',
  'recovered',
]);

/** Each kind's phrases over a whole text, found once (a story asks for them clause by clause). */
const found = new WeakMap<readonly string[], Map<string, PhraseMatch<true>[]>>();

function allPhrases(w: readonly string[], langs: readonly Lang[], kind: Kind): PhraseMatch<true>[] {
  let byKind = found.get(w);
  if (!byKind) found.set(w, (byKind = new Map()));
  const key = `${kind}:${langs.join()}`;
  let list = byKind.get(key);
  if (!list) {
    const out: PhraseMatch<true>[] = [];
    const all = EVERY_LANGUAGE.has(kind) ? [...langs, ...LANGUAGES.filter((l) => !langs.includes(l))] : langs;
    for (const lang of all) out.push(...storyIndexes(lang)[kind].all(w));
    // "Dying to see him", "se muere por conocerlo", "this is killing me": a figure of speech says
    // no illness nor death; a phrase inside one is not said.
    const figures = kind === 'figures' ? [] : LANGUAGES.flatMap((l) => storyIndexes(l).figures.all(w));
    list = longestMatches(out.filter((m) => !figures.some((f) => f.start < m.end && m.start < f.end)));
    byKind.set(key, list);
  }
  return list;
}

/** The phrases of one kind in tokens [start, end), longest where they overlap. */
export function phrases(w: readonly string[], langs: readonly Lang[], kind: Kind, start = 0, end = w.length): PhraseMatch<true>[] {
  return allPhrases(w, langs, kind).filter((m) => m.start >= start && m.end <= end);
}

/**
 * Where one clause ends: a sentence's end (not the dot of "St." or "Dr."), a comma, and "and",
 * "but", "y", "et", "pis"... A clause cut at a conjunction keeps the time of the one before when
 * it says none ("estuvo hospitalizada en marzo y casi se muere").
 */
const SENTENCE_END = /(?<!\b(?:St|Ste|Dr|Mr|Mrs|Ms|Mt|Jr|Sr))[.!?;\n]+/gu;
/** The conjunctions that cut a clause, by language: French "y" ("il veut y aller") and "e" are no "and". */
const CONJUNCTIONS: Record<Lang, readonly string[]> = {
  en: ['and', 'but', 'so', 'because', 'then'],
  fr: ['et', 'mais', 'pis', 'car'],
  es: ['y', 'e', 'pero', 'porque'],
};
const breakOf = new Map<string, RegExp>();
function breakFor(langs: readonly Lang[]): RegExp {
  // Every language's conjunctions but the French story's "y" and "e" (mixed stories keep "and", "pero"...).
  const key = langs.join();
  let re = breakOf.get(key);
  if (!re) {
    const words = LANGUAGES.flatMap((l) => CONJUNCTIONS[l]).filter((c) => !(langs[0] === 'fr' && (c === 'y' || c === 'e')));
    re = new RegExp(`(?<!\\b(?:St|Ste|Dr|Mr|Mrs|Ms|Mt|Jr|Sr))[.!?;\\n]+|,(?!\\d)|(?<!\\bil)\\s(?:${[...new Set(words)].join('|')})\\s`, 'giu');
    breakOf.set(key, re);
  }
  return re;
}

export interface StoryText {
  text: string;
  tokens: Token[];
  w: string[];
  clauses: Clause[];
  langs: readonly Lang[];
}

interface Bound {
  from: number;
  to: number;
  start: number;
  end: number;
  /** Cut from the clause before at a conjunction (not at punctuation). */
  joined: boolean;
  sentence: number;
}

function clauseBounds(text: string, tokens: Token[], langs: readonly Lang[]): Bound[] {
  const cuts: Array<[number, number, boolean]> = [];
  for (const m of text.matchAll(breakFor(langs))) cuts.push([m.index ?? 0, (m.index ?? 0) + m[0].length, /^\s/.test(m[0])]);
  const ends = [...text.matchAll(SENTENCE_END)].map((m) => m.index ?? 0);
  const out: Bound[] = [];
  let from = 0;
  let joined = false;
  for (const [a, b, conj] of [...cuts, [text.length, text.length, false] as [number, number, boolean]]) {
    if (a > from) {
      const start = tokens.findIndex((t) => t.start >= from);
      let end = start;
      while (end >= 0 && end < tokens.length && tokens[end].end <= a) end++;
      if (start >= 0 && end > start) out.push({ from, to: a, start, end, joined, sentence: ends.filter((e) => e < from).length });
    }
    from = b;
    joined = conj;
  }
  return out;
}

/** Words that name a day or a month: a clause with one says its own time. */
const timeWordSet = perLang(
  (v) =>
    new Set(
      [...Object.values(v.time.weekdays).flat(), ...Object.keys(v.time.days), ...Object.values(v.months).flat()].flatMap((p) => tokenize(p).map((t) => t.t)),
    ),
);
const timeWordsOf = new Map<string, Set<string>>();
function timeWords(langs: readonly Lang[]): Set<string> {
  const key = langs.join();
  let set = timeWordsOf.get(key);
  if (!set) timeWordsOf.set(key, (set = new Set(langs.flatMap((l) => [...timeWordSet(l)]))));
  return set;
}

/** Feminine family words and pronouns, to tell "he" from "she" ("él quiere venir" is not "su hija"). */
const FEMININE =
  /^(?:mom|mum|mother|mommy|mama|maman|mère|mere|môman|moman|wife|sister|sis|daughter|girl|grandmother|grandma|granny|nana|granddaughter|aunt|auntie|niece|fiancee|fiancée|girlfriend|amie|amiga|meilleure amie|mejor amiga|comadre|stepdaughter|mother in law|daughter in law|sister in law|femme|épouse|epouse|conjointe|blonde|copine|fiancée|sœur|soeur|fille|petite|petite-fille|grand-mère|grand mere|grand-maman|grand maman|belle mere|belle soeur|belle fille|petite fille|mémé|tante|nièce|cousine|belle-mère|belle-sœur|belle-fille|bru|mamá|madre|mami|esposa|mujer|novia|prometida|hija|hermana|abuela|abuelita|nieta|tía|tia|sobrina|prima|suegra|nuera|cuñada|hijastra|niña|nena)$/iu;
const SHE = new Set(['she', 'shes', 'her', 'elle', 'ella', 'la']);
const HE = new Set(['he', 'hes', 'him', 'il', 'lui', 'el', 'lo']);

/** Family words for several people ("our kids", "sus hijos", "nos enfants"): no "he" or "she" means them. */
const PLURAL =
  /(?:kids|children|sons|daughters|parents|grandparents|grandkids|grandchildren|brothers|sisters|in-laws|in laws|enfants|fils et filles|parents|grands-parents|frères|freres|sœurs|soeurs|hijos|hijas|niños|ninos|nenes|padres|papás|papas|hermanos|hermanas|abuelos|nietos)$/iu;

/** Spanish "el" (the) typed for "él" (he) before a verb: "el esta en Mexico", "el quiere ir". */
const EL_VERBS = new Set([
  'esta',
  'es',
  'tiene',
  'quiere',
  'necesita',
  'va',
  'vive',
  'fue',
  'no',
  'sigue',
  'puede',
  'trabaja',
  'estaba',
  'tenia',
  'ya',
  'si',
  'tambien',
  'nunca',
]);

function sexOf(word: string): Sex {
  const w = word
    .toLowerCase()
    .replace(/^(?:my|mon|ma|mes|mi|mis|our|notre|nos|nuestro|nuestra|his|her|their|son|sa|ses|su|sus|the|le|la|les|el|los|las)\s+/u, '')
    .replace(/['’]s$/u, '');
  // As typed without accents or with a space for the hyphen ("grand-mere", "belle mere"), too.
  const folded = w.normalize('NFD').replace(/\p{M}/gu, '').replace(/-/g, ' ');
  return FEMININE.test(w) || FEMININE.test(folded) ? 'f' : 'm';
}

interface Scan {
  text: string;
  w: string[];
  tokens: Token[];
  langs: readonly Lang[];
  /** Names given to people ("my husband Jorge", "mon frère Kevin"), by folded name. */
  names: Map<string, Who>;
  /** Characters inside brackets: an aside, not the subject ("my husband (her dad)"). */
  asides: Array<[number, number]>;
}

/** The people named in tokens [start, end): family words, names given before, the writer, "we", pronouns. */
function peopleIn(sc: Scan, start: number, end: number, antecedent: (sex: Sex) => Who | null, remember: (who: Who) => void): Person[] {
  const { w, tokens, langs, text } = sc;
  const out: Person[] = [];
  // "he's in Bogotá" in a Spanish story: the writer and pronouns in any language, "we" in the story's
  // own (French "on" is English "on").
  const every = [...langs, ...LANGUAGES.filter((l) => !langs.includes(l))];
  const at = (kind: 'self' | 'third' | 'we', i: number) =>
    (kind === 'we' ? langs : every)
      .map((l) => storyIndexes(l)[kind].at(w, i)[0])
      .filter((x) => !!x)
      .sort((a, b) => b!.end - a!.end)[0];
  const aside = (i: number) => sc.asides.some(([a, b]) => tokens[i].start > a && tokens[i].start < b);
  for (let i = start; i < end;) {
    if (aside(i)) {
      i++;
      continue;
    }
    // A family word in any language ("my mom necesita venir"), but not a possessive read as one
    // (French "son fils": "son" is "his", not a son).
    const possessive = every.some((l) => {
      const next = familyWordAt(w, i + 1, l);
      return !!next && next.start === i && next.owner !== 'none';
    });
    // A family word of another language that is a possessive in the story's own is that possessive
    // ("Son rendez-vous" in French, "su" in Spanish).
    const ownPossessive = langs.some((l) => possessiveAt(w, i, l));
    const family = possessive ? null : (every.map((l) => (!langs.includes(l) && ownPossessive ? null : familyWordAt(w, i, l))).find((f) => f !== null) ?? null);
    // "Boston Children's", "Sick Kids": a family word inside a capitalised name is part of the name.
    const inName =
      !!family &&
      family.start === i &&
      /^\p{Lu}/u.test(tokens[i].raw) &&
      i > 0 &&
      /^\p{Lu}/u.test(tokens[i - 1].raw) &&
      !/[.!?]\s*$/.test(text.slice(0, tokens[i].start));
    if (family && family.end <= end && !inName) {
      const word = text.slice(tokens[family.start].start, tokens[family.end - 1].end);
      // "Papa est en train de mourir", "mamá se murió": a parent with no possessive is the writer's.
      const owner = family.owner === 'none' && family.kin === 'parent' ? 'writer' : family.owner;
      const plural = PLURAL.test(word);
      const who: Who = { kind: 'kin', kin: family.kin, owner, word, sex: plural ? null : sexOf(word), ...(plural ? { plural } : {}) };
      out.push({ start: family.start, end: family.end, who });
      remember(who);
      // "my husband Jorge", "Mon frère Kevin", "Mon père, Gérard Lapointe": the name is that person.
      const n = family.end;
      if (n < tokens.length && /^\p{Lu}\p{Ll}+$/u.test(tokens[n].raw)) sc.names.set(w[n], who);
      i = family.end;
      continue;
    }
    const named = /^\p{Lu}/u.test(tokens[i].raw) ? sc.names.get(w[i]) : undefined;
    if (named) {
      out.push({ start: i, end: i + 1, who: named });
      i++;
      continue;
    }
    const self = at('self', i);
    const we = at('we', i);
    // "él" (he) folds to "el" (the): only the accented word is a pronoun.
    const elHe = /^él$/iu.test(tokens[i].raw) || (langs.includes('es') && w[i] === 'el' && EL_VERBS.has(w[i + 1] ?? ''));
    const third = at('third', i) ?? (elHe ? { start: i, end: i + 1, value: true as const } : undefined);
    const hit = [self, we, third].filter((x): x is PhraseMatch<true> => !!x && x.end <= end).sort((a, b) => b.end - a.end)[0];
    if (!hit) {
      i++;
      continue;
    }
    if (hit === self) out.push({ start: i, end: hit.end, who: { kind: 'self' } });
    else if (hit === we) out.push({ start: i, end: hit.end, who: { kind: 'we' } });
    else {
      const sex: Sex = SHE.has(w[i]) ? 'f' : HE.has(w[i]) || elHe ? 'm' : null;
      out.push({ start: i, end: hit.end, who: antecedent(sex) ?? { kind: 'someone', sex } });
    }
    i = hit.end;
  }
  return out;
}

/** Two mentions of the same person ("my brother" ... "my brother", "he" ... "he"). */
export function samePerson(a: Who, b: Who): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'kin' && b.kind === 'kin') return a.kin === b.kin && a.sex === b.sex && (a.owner === b.owner || a.owner === 'none' || b.owner === 'none');
  return true;
}

/**
 * The story as clauses, with the people each names: "he" / "she" stand for the last person of
 * that sex named before (not the writer, not someone who died), so "he has a DUI" after "my
 * brother" is about the brother.
 */
export function readStory(text: string, langs: readonly Lang[], thisYear = 9999): StoryText {
  const tokens = tokenize(text);
  const w = tokens.map((t) => t.t);
  const asides = [...text.matchAll(/\([^)]*\)/g)].map((m): [number, number] => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
  const sc: Scan = { text, w, tokens, langs, names: new Map(), asides };
  const clauses: Clause[] = [];
  const named: Who[] = [];
  const dead: Who[] = [];
  const antecedent = (sex: Sex) =>
    [...named].reverse().find((p) => p.kind === 'kin' && !p.plural && (sex === null || p.sex === sex) && !dead.some((d) => samePerson(d, p))) ?? null;
  for (const b of clauseBounds(text, tokens, langs)) {
    const people = peopleIn(sc, b.start, b.end, antecedent, (who) => named.push(who));
    const died = phrases(w, langs, 'died', b.start, b.end);
    for (const d of died) {
      // "su mamá se murió", "the gangs killed his brother": the one before, else the one after.
      const who = people.filter((p) => p.end <= d.start).pop()?.who ?? people.find((p) => p.start >= d.end)?.who;
      if (who) dead.push(who);
    }
    const now = phrases(w, langs, 'now', b.start, b.end).length > 0;
    // Past: its words ("was", "a été", "fue"), a year gone by ("en 2017"), a refusal or a removal told.
    const pastYear = w.slice(b.start, b.end).some((t) => /^(?:19|20)\d\d$/.test(t) && Number(t) <= thisYear);
    const told = (['refused', 'deported'] as const).some((k) => phrases(w, langs, k, b.start, b.end).length > 0);
    // "El Paso", "Grand Passage": a past word inside a capitalised name is part of the name.
    const pastWords = phrases(w, langs, 'past', b.start, b.end).filter(
      (m) => !(m.start > 0 && /^\p{Lu}/u.test(tokens[m.start].raw) && /^\p{Lu}/u.test(tokens[m.start - 1].raw)),
    );
    let past = (pastWords.length > 0 || pastYear || told) && !now;
    // "... en marzo y casi se muere": a clause that says no time keeps the one before's.
    const before = clauses[clauses.length - 1];
    // Its own verb of travel or its own day ("el velorio es el lunes") says its own time.
    const ownTime = phrases(w, langs, 'travel', b.start, b.end).length > 0 || w.slice(b.start, b.end).some((t) => /^\d+$/.test(t) || timeWords(langs).has(t));
    // "... est mort hier et mon père est en Haïti": where someone is, said on its own, is now.
    const whereNow = phrases(w, langs, 'place', b.start, b.end).length > 0;
    if (!past && !now && !ownTime && !whereNow && b.joined && before && before.sentence === b.sentence) past = before.past;
    clauses.push({ start: b.start, end: b.end, from: b.from, to: b.to, past, now, sentence: b.sentence, people });
  }
  return { text, tokens, w, clauses, langs };
}

/**
 * Who a phrase in a clause is about: a person named inside it ("que je vienne"), else the
 * closest one named before it in the clause, else (when `after` allows: "ICE arrested my
 * husband") the first one after it, else `carried`, the person the story was about just before
 * ("y ya esta estable" after "mi papa tuvo un infarto").
 */
export function whoOf(c: Clause, at: { start: number; end: number }, carried: Who | null, after = true): Who | null {
  const inside = c.people.find((p) => p.start >= at.start && p.end <= at.end);
  if (inside) return inside.who;
  const before = c.people.filter((p) => p.end <= at.start);
  if (before.length) return before[before.length - 1].who;
  const next = after ? c.people.find((p) => p.start >= at.end) : undefined;
  if (next) return next.who;
  return carried;
}
