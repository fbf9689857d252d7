/**
 * One slip of the thumb: "medicl", "wittness", "pasport", "defendent", "espñol". A word one
 * letter away (one added, missing, changed, or two swapped) from exactly one word the question
 * knows is read as that word. Short words, numbers, the languages' common words and the words of
 * stories and family are left as typed: "sick" is not "sock", "en" is not "es", "live" is not "liver".
 */
import { LANGUAGES } from '../../dialogs/context';
import { words } from './normalize';
import { vocab } from './vocab';

/** Words of four letters or fewer are too close to too many others. */
const MIN_TYPED = 4;
const MIN_KNOWN = 5;

/** Common words of every language: never corrected (they are words already). */
const COMMON = new Set(
  LANGUAGES.flatMap((l) => {
    const v = vocab(l);
    // And the words of stories and families ("live" of "lives in" is no slip from "liver").
    return [...v.stopwords, ...v.answers.glue, ...v.filler, ...v.and, ...v.or, ...Object.values(v.story).flat(), ...Object.values(v.kin.terms).flat()].flatMap(
      words,
    );
  }),
);

/** At most one edit apart (Damerau: a swap of two neighbours is one edit). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const [s, t] = a.length <= b.length ? [a, b] : [b, a];
  if (t.length - s.length > 1) return false;
  let i = 0;
  while (i < s.length && s[i] === t[i]) i++;
  if (s.length === t.length) {
    if (s.slice(i + 1) === t.slice(i + 1)) return true; // one changed
    return s[i] === t[i + 1] && s[i + 1] === t[i] && s.slice(i + 2) === t.slice(i + 2); // two swapped
  }
  return s.slice(i) === t.slice(i + 1); // one missing
}

/** A word typed one slip from known words: those words (none when it is a word already, short, or a number). */
export function slipsFrom(word: string, known: ReadonlySet<string> | ReadonlyMap<string, unknown>): string[] {
  if (word.length < MIN_TYPED || known.has(word) || COMMON.has(word) || !/^\p{L}+$/u.test(word)) return [];
  const near: string[] = [];
  for (const k of known.keys()) if (k.length >= MIN_KNOWN && oneEditApart(word, k)) near.push(k);
  return near;
}

/**
 * `word` as the known word it is a slip from, or as typed. `known` may give each word what it
 * means (the options it names): a slip near several words that mean the same is read as that
 * meaning ("medicl": "medical" or "médica", both medical); near words that differ, it is left.
 */
export function corrected(word: string, known: ReadonlySet<string> | ReadonlyMap<string, string>): string {
  const spelled = spelledOut(word, known);
  if (spelled) return spelled;
  const near = slipsFrom(word, known);
  if (near.length === 0) return word;
  const meanings = new Set(near.map((k) => (known instanceof Map ? known.get(k) : k)));
  return meanings.size === 1 ? near[0] : word;
}

/**
 * Texting spellings more than one slip from the word they write: "k" for "qu" ("kitaron",
 * "kedan"), a past tense cut to "d" ("dropd", "convictd", "pardond"). The known word they
 * spell, or null.
 */
function spelledOut(word: string, known: ReadonlySet<string> | ReadonlyMap<string, unknown>): string | null {
  if (word.length < MIN_TYPED || known.has(word) || !/^\p{L}+$/u.test(word)) return null;
  const tries = [word.replace(/k(?=[eiéí])/gu, 'qu')];
  if (/[^aeiou]d$/u.test(word)) tries.push(`${word.slice(0, -1)}ed`, `${word.slice(0, -1)}${word.at(-2)}ed`);
  return tries.find((t) => t !== word && known.has(t)) ?? null;
}
