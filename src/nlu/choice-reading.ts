/**
 * Choosing from a list as families write it, with what they say beyond the choice kept as its
 * details: "victim, the man who hit her is on trial" is victim, the sentence kept; "wittness" is
 * witness; "la tres" is the third.
 *
 * Closed lists keep "other" honest: a reason or a role the list does not have ("a wedding",
 * "juror") is other, with the family's words, never the nearest item; a document outside the
 * list ("death certificate", "the I-94", "a letter from the funeral home") is other, its words
 * kept. A role someone else holds ("his son is the defendant") is not the traveler's.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import type { QuestionId } from '../../dialogs/questions';
import { optionMatches, parseChoice, parseMulti, synonymWords } from './choices';
import { saysMore, wholeUnless } from './details';
import { corrected, slipsFrom } from './fuzzy';
import { PhraseIndex, digitsValue, tokenize, words, type PhraseMatch, type Token } from './normalize';
import { langOrder, perLang, vocab } from './vocab';
import { readUnsure } from './yesno';

export type ChoiceReading = { kind: 'value'; value: string; details: string | null } | { kind: 'unsure'; details: string | null };

type Span = { start: number; end: number };

/**
 * Questions whose "other" is something the family names in words, and in how many words at
 * most: an answer that names nothing on the list, nor anything near it, is that other.
 */
const OTHER_IN_WORDS: ReadonlyMap<QuestionId, number> = new Map<QuestionId, number>([
  // A reason may take a sentence ("to see his daughter who just gave birth").
  ['reason', 40],
  // A role is named in a word or two ("juror", "interprète"); a sentence naming none says something else.
  ['courtRole', 3],
]);
/** A role in a case belongs to whoever the words give it to. */
const ROLE_IN_A_CASE: QuestionId = 'courtRole';
/** Outcomes follow each other ("convicted, then pardoned"): the last one is where it stands. */
const LATEST_COUNTS: ReadonlySet<QuestionId> = new Set<QuestionId>(['incidentOutcome']);
/** The question asked before any language is known: a greeting written in one chooses it. */
const LANGUAGE: QuestionId = 'language';

const flag = (phrases: readonly string[]) => new PhraseIndex(phrases.map((p) => [p, true] as const));
const relatives = perLang((v) => flag([...(v.choices.role?.family ?? [])]));
/** "she's the", "il est le", "es la": what follows is the traveler (the one asked about). */
const travelerIs = perLang((v) => flag(v.values.introducers.flatMap((p) => v.values.determiners.map((d) => `${p} ${d}`))));
const thenWords = perLang((v) => flag(v.answers.then));
const both = perLang((v) => flag(v.answers.both));
const remarks = perLang((v) => flag(v.answers.remarks));
const documentNouns = perLang((v) => flag(v.answers.documentNouns));
const medicalWords = perLang((v) => flag(v.answers.medicalWords));
const connectors = perLang((v) => flag([...v.and, ...v.or]));
const greetings = perLang((v) => new Set(v.filler.flatMap(words)));

/** How many words before a role someone named still holds it ("his son is the defendant"). */
const HOLDER_REACH = 3;

/** Numbers in words ("uno y dos", "deux"), of any language. */
const numberWords = new Set(LANGUAGES.flatMap((l) => [...Object.keys(vocab(l).numberWords), ...Object.keys(vocab(l).ordinals)].flatMap(words)));

/**
 * The languages a typo is read in: the conversation's (a French word one letter from a Spanish
 * one is a French word), or all of them for the language question, asked before one is known.
 */
const typoLanguages = (q: QuestionId, lang: Lang): Lang[] => (q === LANGUAGE ? langOrder(lang) : [lang]);

/** The words with typos of the options' words corrected ("wittness", "pasport"), more known words if given. */
function fixTypos(w: string[], q: QuestionId, lang: Lang, extra: readonly string[] = []): string[] {
  const known = new Map(synonymWords(q, typoLanguages(q, lang)));
  for (const x of extra) if (!known.has(x)) known.set(x, x);
  return w.map((t) => corrected(t, known));
}

/** A word one slip from the options' words: the list is near, so the answer is not "other". */
const nearTheList = (w: string[], q: QuestionId, lang: Lang) => w.some((t) => slipsFrom(t, synonymWords(q, typoLanguages(q, lang))).length > 0);

/** Numbers picked as choices ("1, 3"), as token spans: only those the list has. */
const numberSpans = (w: string[], count: number): Span[] =>
  w.flatMap((t, i) => {
    const n = digitsValue(t);
    return n !== null && n >= 1 && n <= count ? [{ start: i, end: i + 1 }] : [];
  });

/** "hello?", "Bonjour", "hola": a message of greetings of one language only. */
function greetingLanguage(w: string[]): Lang | null {
  const langs = LANGUAGES.filter((l) => w.length > 0 && w.every((t) => greetings(l).has(t)));
  return langs.length === 1 ? langs[0] : null;
}

/**
 * Says something in words, in `maxWords` at most: not a link, not a letter or a syllable typed
 * over and over, not numbers in words, not a question back.
 */
function inWords(text: string, tokens: Token[], lang: Lang, maxWords: number): boolean {
  if (tokens.length > maxWords || /https?:|www\.|\.(?:com|org|net|ca|ly)\b/i.test(text) || /[?¿]\s*$/.test(text)) return false;
  const real = tokens.filter((t) => /^\p{L}{3,}$/u.test(t.t) && !/^(\p{L}{1,2})\1+\p{L}?$/u.test(t.t) && !numberWords.has(t.t));
  return real.length > 0 && saysMore(tokens, 0, tokens.length, lang);
}

/** Articles (not possessives: "his father" is another person). */
const ARTICLES = new Set(['the', 'a', 'an', 'le', 'la', 'l', 'un', 'une', 'el', 'los', 'las', 'una']);

/** Someone the words name holds the role: a relative just before it ("his son is the defendant", "sa fille qui témoigne"). */
function heldByAnother(w: string[], role: PhraseMatch<string>, lang: Lang): boolean {
  // "she's the mom in the custody fight": the traveler described by a relation, not another person.
  // Not "es la mamá DEL muchacho acusado": a relation of someone else who holds the role.
  // Nor "the father asking for custody": a relation after an article alone, first, is the traveler described.
  const describesTraveler = (r: PhraseMatch<boolean>) =>
    !['of', 'de', 'del', 'du', 'des', 'd'].includes(w[r.end] ?? '') &&
    ((r.start === 1 && ARTICLES.has(w[0])) ||
      langOrder(lang).some((l) =>
        [1, 2, 3, 4].some(
          (k) =>
            r.start - k >= 0 &&
            travelerIs(l)
              .at(w, r.start - k)
              .some((m) => m.end === r.start),
        ),
      ));
  return langOrder(lang).some((l) =>
    relatives(l)
      .all(w)
      .some((r) => r.end <= role.start && role.start - r.end < HOLDER_REACH && !describesTraveler(r)),
  );
}

/**
 * Outcomes named together that say one: a pardon comes after a conviction; charges dropped for a
 * program done are a diversion. [the options named, the one they amount to]
 */
const ENTAILED: ReadonlyArray<readonly [readonly string[], string]> = [
  [['convicted', 'pardoned'], 'pardoned'],
  [['diversion', 'withdrawn'], 'diversion'],
];
const negations = perLang((v) => flag(v.negations));
/** How many words before an option a negation still denies it ("ya no está pendiente"). */
const DENIAL_REACH = 2;

/** The one outcome several named outcomes amount to: one denied ("not pending anymore") is dropped; null if none. */
function settledOutcome(named: PhraseMatch<string>[], w: string[], lang: Lang): string | null {
  if (new Set(named.map((m) => m.value)).size < 2) return null;
  const denied = (m: PhraseMatch<string>) =>
    langOrder(lang).some((l) =>
      negations(l)
        .all(w)
        .some((n) => n.end <= m.start && m.start - n.end < DENIAL_REACH),
    );
  const standing = [...new Set(named.filter((m) => !denied(m)).map((m) => m.value))];
  if (standing.length === 1) return standing[0];
  const rule = ENTAILED.find(([said]) => said.length === standing.length && said.every((o) => standing.includes(o)));
  return rule ? rule[1] : null;
}

/** One option of a list, "not sure", or nothing. */
export function readChoice(text: string, lang: Lang, q: QuestionId, options: readonly string[]): ChoiceReading | null {
  const unsure = readUnsure(text, lang);
  if (unsure) return { kind: 'unsure', details: unsure.details };
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  let w = tokens.map((t) => t.t);
  // "both", "les deux", "los dos": two of them, not one.
  if (langOrder(lang).some((l) => both(l).some(w))) return null;
  let value = parseChoice(text, lang, q, options);
  if (value === null) {
    const fixed = fixTypos(w, q, lang);
    if (fixed.some((t, i) => t !== w[i])) {
      value = parseChoice(fixed.join(' '), lang, q, options);
      if (value !== null) w = fixed;
    }
  }
  const named = optionMatches(w, lang, q, options);
  if (value === null && LATEST_COUNTS.has(q) && named.length > 1) {
    // "convicted, then pardoned in 2015": where it ended.
    const [before, last] = named.slice(-2);
    const then = langOrder(lang).some((l) =>
      thenWords(l)
        .all(w)
        .some((t) => t.start >= before.end && t.end <= last.start),
    );
    if (then) return { kind: 'value', value: last.value, details: text.trim() };
  }
  // "found guilty, got a record suspension", "not pending anymore, they dropped it": where it stands.
  const settled = value === null && LATEST_COUNTS.has(q) ? settledOutcome(named, w, lang) : null;
  if (settled) return { kind: 'value', value: settled, details: text.trim() };
  if (value === null && q === LANGUAGE) value = greetingLanguage(w);
  if (value !== null) {
    const role = named.find((m) => m.value === value);
    if (q === ROLE_IN_A_CASE && role && value !== 'other' && options.includes('other') && heldByAnother(w, role, lang)) {
      return { kind: 'value', value: 'other', details: text.trim() };
    }
    // "Other" is what they wrote; anything else, their words when they say more than the choice.
    const spans = [...named.filter((m) => m.value === value), ...numberSpans(w, options.length)];
    return { kind: 'value', value, details: value === 'other' ? text.trim() : wholeUnless(text, tokens, spans, lang) };
  }
  // Nothing on the list named, nor near it, in words: the family's own answer is "other".
  const maxWords = OTHER_IN_WORDS.get(q);
  if (maxWords !== undefined && options.includes('other') && named.length === 0 && numberSpans(w, options.length).length === 0) {
    if (!nearTheList(w, q, lang) && inWords(text, tokens, lang, maxWords)) return { kind: 'value', value: 'other', details: text.trim() };
  }
  return null;
}

/** The one option the words name by its own words (not a number, not "other" in words); null otherwise. */
export function namedChoice(text: string, lang: Lang, q: QuestionId, options: readonly string[]): string | null {
  const w = tokenize(text).map((t) => t.t);
  const named = [...new Set(optionMatches(w, lang, q, options).map((m) => m.value))];
  return named.length === 1 ? named[0] : null;
}

/** Every option the words name by its own words ("his mom is sick but he also has court": two). */
export function namedChoices(text: string, lang: Lang, q: QuestionId, options: readonly string[]): string[] {
  const w = tokenize(text).map((t) => t.t);
  return [...new Set(optionMatches(w, lang, q, options).map((m) => m.value))];
}

/** Token ranges between separators: punctuation ("," ";" "(" "/"…) or a list word ("and", "y", "et"). */
function pieces(text: string, tokens: Token[], w: string[], lang: Lang): Span[] {
  const out: Span[] = [];
  let start = 0;
  const cut = (end: number) => {
    if (end > start) out.push({ start, end });
  };
  for (let i = 0; i < w.length; i++) {
    if (i > 0 && /[,;:()/+&\n]|\s-\s/.test(text.slice(tokens[i - 1].end, tokens[i].start))) {
      cut(i);
      start = i;
    }
    const c = langOrder(lang)
      .map((l) => connectors(l).at(w, i)[0])
      .find(Boolean);
    if (c) {
      cut(i);
      start = c.end;
      i = c.end - 1;
    }
  }
  cut(w.length);
  return out;
}

/**
 * Several options ("1 3", "passport and the doctor's letter"), a document outside the list kept
 * as other and a letter about the patient as the doctor's letter; null when nothing is recognised.
 */
export function readMulti(text: string, lang: Lang, q: QuestionId, options: readonly string[]): { value: string[]; details: string | null } | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  const w = fixTypos(
    tokens.map((t) => t.t),
    q,
    lang,
    vocab(lang).answers.documentNouns.flatMap(words),
  );
  const picked = new Set(parseMulti(w.join(' '), lang, q, options) ?? []);
  // What the list's own words and numbers say; anything else stays for the details.
  const covered: Span[] = [...optionMatches(w, lang, q, options), ...numberSpans(w, options.length)];
  const has = (index: (l: Lang) => PhraseIndex<true>, piece: Span) =>
    langOrder(lang).some((l) =>
      index(l)
        .all(w)
        .some((m) => m.start >= piece.start && m.end <= piece.end),
    );
  for (const piece of pieces(text, tokens, w, lang)) {
    if (covered.some((m) => m.start < piece.end && piece.start < m.end) || !has(documentNouns, piece)) continue;
    // "…, but the letter is in French": a remark about one named, not another document.
    if (langOrder(lang).some((l) => remarks(l).at(w, piece.start).length > 0)) continue;
    // A letter about a patient is the doctor's letter; any other document not on the list is "other".
    const doc = has(medicalWords, piece) ? 'doctor_letter' : 'other';
    if (options.includes(doc)) picked.add(doc);
  }
  const value = options.filter((o) => picked.has(o));
  if (value.length === 0) return null;
  return { value, details: wholeUnless(text, tokens, covered, lang) };
}
