/**
 * Picking from a numbered list of options: by its number ("2", "#2", "option 2", "n° 2",
 * "the second") or by what it says ("medical", "surgery", "chirurgie"), one option or several.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import type { QuestionId } from '../../dialogs/questions';
import { isUnsure } from './commands';
import { PhraseIndex, digitsValue, longestMatches, spellings, stripEnds, tokenize, type PhraseMatch } from './normalize';
import { langOrder, perLang, vocab } from './vocab';

/** What parseChoice returns when the user picks the numbered "Not sure" line (see unsureIndex). */
export const UNSURE_CHOICE = 'unsure';

const fillers = perLang((v) => new PhraseIndex(v.filler.map((p) => [p, true] as const)));
/** "option", "number", "the", "n°": around a number they add nothing (all languages: "option 2" anywhere). */
const optionWords = new PhraseIndex<true>(LANGUAGES.flatMap((l) => vocab(l).optionWords.map((p) => [p, true] as const)));
const suffixes = new PhraseIndex<true>(LANGUAGES.flatMap((l) => vocab(l).ordinalSuffixes.map((p) => [p, true] as const)));
const ordinals = new PhraseIndex<number>(LANGUAGES.flatMap((l) => Object.entries(vocab(l).ordinals)));
/** "tres", "deux", "two" picks that number too; not the articles that are also "one" ("a", "un", "una"). */
const cardinals = new PhraseIndex<number>(LANGUAGES.flatMap((l) => Object.entries(vocab(l).numberWords).filter(([w]) => !vocab(l).answers.glue.includes(w))));
/** Every number word, articles too: a message of that word alone ("one", "une") picks that number. */
const allCardinals = new PhraseIndex<number>(LANGUAGES.flatMap((l) => Object.entries(vocab(l).numberWords)));
const connectors = new PhraseIndex<true>(LANGUAGES.flatMap((l) => [...vocab(l).and, ...vocab(l).or].map((p) => [p, true] as const)));

/** Synonyms of each option of each question, per language: synonyms(lang).get(question). */
const synonyms = perLang((v) => {
  const byQuestion = new Map<string, PhraseIndex<string>>();
  for (const [q, opts] of Object.entries(v.choices)) {
    byQuestion.set(q, new PhraseIndex(Object.entries(opts).flatMap(([o, phrases]) => phrases.map((p) => [p, o] as const))));
  }
  return byQuestion;
});

/**
 * The single number the message is ("2", "2.", "#2", "option 2", "n°2", "2nd", "the second"),
 * or null when it is anything else.
 */
function pickedNumber(w: string[]): number | null {
  const rest: string[] = [];
  for (let i = 0; i < w.length;) {
    const skip = optionWords.at(w, i)[0];
    if (skip) {
      i = skip.end;
      continue;
    }
    rest.push(w[i]);
    i++;
  }
  if (rest.length === 2 && digitsValue(rest[0]) !== null && suffixes.whole(rest[1]).length > 0) rest.pop();
  if (rest.length !== 1) return null;
  const alone = w.length === 1 && rest[0].length >= 3 ? allCardinals.whole(rest[0])[0] : undefined;
  return digitsValue(rest[0]) ?? ordinals.whole(rest[0])[0] ?? cardinals.whole(rest[0])[0] ?? alone ?? null;
}

/**
 * Where options are named in the words: in the first language (in order) that names any, but
 * where another language has a longer phrase over the same words, that one ("en español" is
 * Spanish, not the code "en" and "español").
 */
export function optionMatches(w: string[], lang: Lang, question: QuestionId, options: readonly string[]): PhraseMatch<string>[] {
  const per = langOrder(lang).map((l) => longestMatches(synonyms(l).get(question)?.all(w) ?? []).filter((m) => options.includes(m.value)));
  const first = per.find((found) => found.length > 0) ?? [];
  const longer = per.flat().filter((o) => !first.includes(o) && first.some((m) => o.start <= m.start && m.end <= o.end && o.end - o.start > m.end - m.start));
  return longer.length ? longestMatches([...first, ...longer]) : first;
}

/**
 * The words of the options' synonyms of a question in these languages, each with the option it
 * names ('*' for a word several options share): what a typo is checked against.
 */
export function synonymWords(question: QuestionId, langs: readonly Lang[]): Map<string, string> {
  const key = `${question}:${langs.join(',')}`;
  let known = knownWords.get(key);
  if (!known) {
    known = new Map();
    for (const l of langs) {
      for (const [option, phrases] of Object.entries(vocab(l).choices[question] ?? {})) {
        for (const w of phrases.flatMap(spellings)) known.set(w, known.has(w) && known.get(w) !== option ? '*' : option);
      }
    }
    knownWords.set(key, known);
  }
  return known;
}
const knownWords = new Map<string, Map<string, string>>();

/** Options named in the words (see optionMatches); 'ambiguous' if two different ones are. */
function namedOptions(w: string[], lang: Lang, question: QuestionId, options: readonly string[]): string[] | 'ambiguous' {
  const found = [...new Set(optionMatches(w, lang, question, options).map((m) => m.value))];
  return found.length > 1 ? 'ambiguous' : found;
}

/**
 * One option of `options`. `unsureIndex` is the number the "Not sure" line is shown with
 * (usually options.length + 1): typing it, or saying "not sure", returns UNSURE_CHOICE.
 */
export function parseChoice(text: string, lang: Lang, question: QuestionId, options: readonly string[], unsureIndex?: number): string | null {
  if (unsureIndex !== undefined && isUnsure(text, lang)) return UNSURE_CHOICE;
  const all = tokenize(text).map((t) => t.t);
  const w = stripEnds(all, fillers(lang));
  const n = pickedNumber(w);
  if (n !== null) {
    if (n >= 1 && n <= options.length) return options[n - 1];
    return unsureIndex !== undefined && n === unsureIndex ? UNSURE_CHOICE : null;
  }
  // "1 or 2": two numbered options, no choice.
  const numbers = new Set(w.map(digitsValue).filter((x): x is number => x !== null && x >= 1 && x <= options.length));
  if (numbers.size > 1) return null;
  // "2 - medical": a leading number must agree with the words after it.
  const lead = digitsValue(w[0] ?? '');
  // "ya tiene el perdón": a word that is also politeness ("perdón") may end an option's own words.
  const stripped = namedOptions(w, lang, question, options);
  const named = stripped !== 'ambiguous' && stripped.length === 0 && w.length < all.length ? namedOptions(all, lang, question, options) : stripped;
  if (named === 'ambiguous') return null;
  const candidates = new Set(named);
  // A number leading other words ("6 mois de probation", "3 months") is not a choice by itself.
  if (lead !== null && lead >= 1 && lead <= options.length && w.length > 1 && named.length > 0) candidates.add(options[lead - 1]);
  return candidates.size === 1 ? [...candidates][0] : null;
}

/**
 * Several options: "1 3", "1, 3 and 5", "passport and doctor's letter", "1 et passeport".
 * Distinct values in the options' order; null when nothing is recognised.
 */
export function parseMulti(text: string, lang: Lang, question: QuestionId, options: readonly string[]): string[] | null {
  const w = tokenize(text).map((t) => t.t);
  const picked = new Set<string>();
  for (let i = 0; i < w.length; i++) {
    const n = digitsValue(w[i]);
    if (n === null || n < 1 || n > options.length) continue;
    // "2 passports" is a count, not option 2: a number counts when a list separator, another
    // number or the end follows it.
    const next = w[i + 1];
    if (next === undefined || digitsValue(next) !== null || connectors.at(w, i + 1).length > 0) picked.add(options[n - 1]);
  }
  for (const l of langOrder(lang)) {
    const idx = synonyms(l).get(question);
    if (!idx) continue;
    const found = longestMatches(idx.all(w)).map((m) => m.value);
    for (const o of found) if (options.includes(o)) picked.add(o);
    if (found.length > 0) break;
  }
  const ordered = options.filter((o) => picked.has(o));
  return ordered.length > 0 ? ordered : null;
}
