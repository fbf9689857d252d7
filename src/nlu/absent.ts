/**
 * "None" and "not sure" in the words families use, with what else they said kept as details:
 * "no email", "I don't have one", "none yet", "je n'en ai pas", "no lo tengo", "ninguno todavía",
 * "no tiene número porque es la primera audiencia" (none, details "porque es la primera
 * audiencia"), "not sure, it's in Buffalo somewhere" (not sure, details "it's in Buffalo
 * somewhere").
 *
 * The pattern, not a list of sentences: a clause is "none" when it is a word for none ("none",
 * "aucun", "ninguno", stretched or misspelt by a letter) or when it says the thing is lacking: a
 * negation with a verb of having or using, or "no" / "pas de" / "sin" before the thing
 * (values.lacking). It is "not sure" when it is, or begins with, a phrase of not knowing (vocab
 * `unsure`). A clause with a number in it is never "none": "no 45821" is a number.
 */
import type { Lang } from '../../dialogs/context';
import type { QuestionId } from '../../dialogs/questions';
import { type Clause, clausesOf, hasPhrase, languagesOf, phraseAt, restFrom, trimText, withoutFillers } from './clauses';
import { isNone, isUnsure } from './commands';
import { PhraseIndex, asText, keyOf, words } from './normalize';
import { perLang } from './vocab';

export interface Absence {
  kind: 'none' | 'unsure';
  /** The clause that says it (its index in `clauses`). */
  at: number;
  clauses: Clause[];
  /**
   * What the family said besides: the clauses after it, or the whole message when it is said in a
   * sentence ("todavía no le dan diagnóstico").
   */
  details: string | null;
  /** "Not sure" of an aspect only ("I don't remember the date, ..."): the rest may still be the answer. */
  ofAspect: boolean;
  /** Said in a word ("none", "no sé"), not in a sentence ("we don't have one yet"). */
  bare: boolean;
}

const noneWords = perLang((v) => new Set(v.none.map((p) => words(p).join(' '))));
const unsureIndex = perLang((v) => new PhraseIndex(v.unsure.map((p) => [p, true] as const)));
const noneIndex = perLang((v) => new PhraseIndex(v.none.map((p) => [p, true] as const)));
const politeness = perLang((v) => new PhraseIndex(v.filler.map((p) => [p, true] as const)));

/** "ningunoo" -> "ninguno", "noooo" -> "no": a word stretched for emphasis. */
export function unstretched(word: string): string {
  return word.replace(/(\p{L})\1{2,}/gu, '$1').replace(/([aeiou])\1$/u, '$1');
}

/** Two words a typo apart (one letter added, dropped, changed or two swapped), both long enough to tell. */
export function nearlySame(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 4 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: string, y: string) => x.slice(i + 1) === y.slice(i + 1);
  if (a.length === b.length) return rest(a, b) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The words of a language's dates and times to call (vocab `time`, `values.callTimes`): "noon" is one, not a slip of "noone". */
const timeWords = perLang(
  (v) =>
    new Set(
      JSON.stringify([v.time, v.values.callTimes])
        .match(/"[^"]*"/gu)
        ?.flatMap((s) => words(s)) ?? [],
    ),
);

/** A word of times and dates in one of these languages, and no none word there ("noon", not "none"). */
export function isTimeWordNotNone(word: string, langs: readonly Lang[]): boolean {
  return langs.some((l) => timeWords(l).has(word) && !noneWords(l).has(word));
}

/** One word meaning none, as typed ("ningunoo", "ningno", "aucunne"). */
function noneWord(w: readonly string[], langs: readonly Lang[]): boolean {
  if (w.length !== 1) return false;
  const word = unstretched(w[0]);
  if (isTimeWordNotNone(word, langs)) return false;
  return langs.some((l) => [...noneWords(l)].some((n) => !n.includes(' ') && (n === word || (n.length >= 5 && nearlySame(n, word)))));
}

/** Articles: the word after one is a noun ("el paso"), not a word for none. */
const ARTICLES = new Set(['el', 'la', 'los', 'las', 'le', 'les', 'the', 'un', 'una', 'une']);

/** The clause says there is none (see the file's comment). */
function saysNone(text: string, langs: readonly Lang[]): boolean {
  if (/\d/u.test(text)) return false;
  const w = words(text);
  if (w.length === 0) return false;
  if (langs.some((l) => isNone(text, l)) || noneWord(w, langs)) return true;
  if (w.length > 12) return false;
  // "nadie más por ahora", "nobody else yet": a word for none, then only "for now".
  for (const l of langs) {
    const head = noneIndex(l)
      .at(w, 0)
      .reduce((e, m) => Math.max(e, m.end), 0);
    if (head > 0 && head < w.length && phraseAt(w, head, ['forNow'], langs) === w.length) return true;
    // "non juste nous", "no solo nosotros": a no, then another way of saying none.
    if (
      head > 0 &&
      head < w.length &&
      noneIndex(l)
        .at(w, head)
        .some((m) => m.end === w.length)
    )
      return true;
  }
  // A none word a few words in, but not a noun after its article ("CIUDAD DE EL PASO" names a city).
  return hasPhrase(w, ['lacking'], langs) || langs.some((l) => w.slice(1).some((_, i) => noneWords(l).has(w[i + 1]) && i < 3 && !ARTICLES.has(w[i])));
}

/**
 * How the clause says "not sure": 'whole' (that is all it says: "no sé", "not sure"), 'lead' (it
 * begins so: "no sé el nombre", "idk how to explain it", or says it in a short clause: "honestly
 * no idea"), or null. `end`: where the phrase of not knowing ends.
 */
function saysUnsure(text: string, langs: readonly Lang[]): { how: 'whole' | 'lead'; end: number } | null {
  const w = words(text);
  if (w.length === 0) return null;
  let end = -1;
  for (const l of langs) for (const m of unsureIndex(l).at(w, 0)) end = Math.max(end, m.end);
  if (end === w.length || langs.some((l) => unsureIndex(l).whole(keyOf(text)).length > 0)) return { how: 'whole', end: w.length };
  // A one-word "maybe" before a value is a hedge, not "not sure" ("maybe next week"); "idk ..." is not.
  if (end > 0 && (end >= 2 || phraseAt(w, 0, ['hedges'], langs) < 0)) return { how: 'lead', end };
  if (langs.some((l) => isUnsure(text, l))) {
    const inside = langs.flatMap((l) => unsureIndex(l).all(w)).sort((a, b) => a.start - b.start)[0];
    // "il passera peut-être pas Noël", "he might maybe make it": a hedge inside a statement is part of it, not "not sure".
    if (inside && inside.start > 0 && phraseAt(w, inside.start, ['hedges'], langs) >= inside.end) return null;
    return { how: 'lead', end: inside ? inside.end : w.length };
  }
  return null;
}

/** "Not sure" of an aspect of the answer only ("no me acuerdo la fecha", "I don't know where"). */
function ofAspect(text: string, unsureEnd: number, langs: readonly Lang[]): boolean {
  const w = words(text);
  let i = unsureEnd;
  // "no me acuerdo DE la fecha", "not sure OF the date"
  if (['de', 'of', 'about', 'sur', 'du'].includes(w[i])) i++;
  return phraseAt(w, i, ['aspects'], langs) > i;
}

/** Whether a whole clause is only fillers ("umm", "ok so", "pues mire"). */
export function isFillerOnly(text: string, langs: readonly Lang[]): boolean {
  const w = words(text);
  if (w.length === 0) return true;
  for (let i = 0; i < w.length;) {
    const end = Math.max(
      phraseAt(w, i, ['fillers'], langs),
      ...langs.flatMap((l) =>
        politeness(l)
          .at(w, i)
          .map((m) => m.end),
      ),
    );
    if (end <= i) return false;
    i = end;
  }
  return true;
}

/** The first clause that says something (not only "umm" or "ok so"). */
export function firstSaying(clauses: readonly Clause[], langs: readonly Lang[]): number {
  const i = clauses.findIndex((c) => !isFillerOnly(c.text, langs));
  return i < 0 ? 0 : i;
}

/**
 * None or not sure, said in the message's first clause that says something, with the rest as
 * details. `lacking`: whether "I don't have it" means none for this question (it does for a case
 * number or an e-mail; for a prognosis "no hay nada más que hacer" is the answer itself).
 */
export function absenceIn(text: string, lang: Lang, opts: { lacking: boolean; q?: QuestionId }): Absence | null {
  const s = asText(text);
  const langs = languagesOf(s, lang);
  const clauses = clausesOf(s, lang);
  if (clauses.length === 0) return null;
  const at = firstSaying(clauses, langs);
  const clause = withoutFillers(clauses[at].text, langs);
  const rest = restFrom(s, clauses, at + 1) || null;
  // Said in a sentence ("todavía no le dan diagnóstico"), the words are kept; said in a word, what follows is.
  const whole = trimText(withoutFillers(s.slice(clauses[at].start), langs));
  // "Not that I know of", "pas que je sache": none as far as the family knows, where none is an answer.
  if (opts.lacking && phraseAt(words(clause), 0, ['knownNone'], langs) === words(clause).length) {
    return { kind: 'none', at, clauses, details: rest, ofAspect: false, bare: true };
  }
  const unsure = saysUnsure(clause, langs);
  if (unsure) {
    return {
      kind: 'unsure',
      at,
      clauses,
      details: unsure.how === 'lead' ? whole : rest,
      ofAspect: unsure.how === 'lead' && ofAspect(clause, unsure.end, langs),
      bare: unsure.how === 'whole',
    };
  }
  const bareNone = langs.some((l) => isNone(clause, l)) || noneWord(words(clause), langs);
  if (bareNone || (opts.lacking && saysNone(clause, langs))) {
    return { kind: 'none', at, clauses, details: bareNone ? rest : whole, ofAspect: false, bare: bareNone };
  }
  return null;
}

/** A later clause that says "not sure" or "none" ("Oksana Shevchuk I think, not sure of the spelling"). */
export function laterDoubt(clauses: readonly Clause[], from: number, lang: Lang): boolean {
  return clauses.slice(from).some((c) => {
    const langs = languagesOf(c.text, lang);
    return saysUnsure(c.text, langs) !== null;
  });
}

/** The vocabulary's own list of none words, for a reader that must not take one as a value. */
export function isNoneWord(text: string, lang: Lang): boolean {
  const langs = languagesOf(text, lang);
  return langs.some((l) => isNone(text, l)) || noneWord(words(text), langs);
}
