/**
 * "Is the traveler under 18?" answered with an age: "he's 17", "16", "18 ans", "tiene 50",
 * "she's a baby, 8 months", "turns 18 in January", "née en 1990", "diecisiete".
 */
import type { Lang } from '../../dialogs/context';
import { PhraseIndex, digitsValue, longestMatches, words, type PhraseMatch, type Token } from './normalize';
import { LANGUAGES } from '../../dialogs/context';
import { perLang, vocab } from './vocab';

export type AgeVerdict = 'yes' | 'no';

type AgeWord = 'years' | 'months' | 'turning' | 'born' | 'is';
const AGE_WORDS: readonly AgeWord[] = ['years', 'months', 'turning', 'born', 'is'];
const ageIndex = perLang((v) => new PhraseIndex<AgeWord>(AGE_WORDS.flatMap((k) => v.answers.age[k].map((p) => [p, k] as const))));

/** Number words of every language and ages in words ("seventeen"), but the articles ("a", "un", "una" are also "one"). */
const numberWords = new Map<string, number>(
  LANGUAGES.flatMap((l) =>
    [...Object.entries(vocab(l).numberWords), ...Object.entries(vocab(l).answers.age.numbers)]
      .filter(([w]) => !vocab(l).answers.glue.includes(w))
      // As the words are read: without accents ("veintiún" is typed "veintiun"), one token each.
      .flatMap(([w, n]) => {
        const t = words(w);
        return t.length === 1 ? [[t[0], n] as const, [w, n] as const] : [[w, n] as const];
      }),
  ),
);

function numberAt(t: string): number | null {
  return digitsValue(t) ?? numberWords.get(t) ?? null;
}

/** Units in words of every language, articles too ("vingt et un": "un" is one after a tens). */
const units = new Map<string, number>(
  LANGUAGES.flatMap((l) =>
    Object.entries(vocab(l).numberWords)
      .filter(([, n]) => n >= 1 && n <= 9)
      .flatMap(([w, n]) => words(w).map((t) => [t, n] as const)),
  ),
);

/** Words that join tens and units ("vingt et un", "treinta y dos", "twenty-one"). */
const JOIN = new Set(['and', 'et', 'y']);

/**
 * A number at token `i`, in one word or a tens and a unit ("twenty one", "vingt et un", "dix sept"
 * of "dix-sept", "treinta y dos"), with the token after it.
 */
function numberFrom(w: readonly string[], i: number): { n: number; end: number } | null {
  const n = numberAt(w[i]);
  if (n === null) return null;
  const tens = (n >= 20 && n <= 90 && n % 10 === 0) || n === 10;
  if (!tens || /^\d/.test(w[i])) return { n, end: i + 1 };
  const at = JOIN.has(w[i + 1]) ? i + 2 : i + 1;
  const unit = at < w.length && !/^\d/.test(w[at]) ? (units.get(w[at]) ?? null) : null;
  // "dix-sept": ten and seven to nine; "twenty one": a tens and a unit.
  if (unit !== null && unit >= 1 && unit <= 9 && (n !== 10 || unit >= 7)) return { n: n + unit, end: at + 1 };
  return { n, end: i + 1 };
}

export interface AgeReading {
  verdict: AgeVerdict;
  /** The tokens that said it (the number and its words), so what else was said can be kept. */
  spans: Array<{ start: number; end: number }>;
}

/**
 * Under 18 or not, from an age or a birth year in the words; null when none is given. An age
 * counts alone, with a unit ("17 years", "8 months") or after "he's" / "tiene" / "il a"; "turns 18"
 * is still under 18; a birth year gives the age to within a year (18 this year does not settle it).
 */
export function minorByAge(tokens: readonly Token[], langs: readonly Lang[], thisYear: number): AgeReading | null {
  const w = tokens.map((t) => t.t);
  const words = longestMatches(langs.flatMap((l) => ageIndex(l).all(w)));
  const before = (i: number, kind: AgeWord, reach: number) =>
    words.find((m) => m.value === kind && m.end <= i && i - m.end < reach) as PhraseMatch<AgeWord> | undefined;
  const after = (i: number, kinds: AgeWord[]) => words.find((m) => kinds.includes(m.value) && m.start === i + 1);
  const found: AgeReading['spans'] = [];
  const verdicts = new Set<AgeVerdict>();
  for (let i = 0; i < w.length; i++) {
    const read = numberFrom(w, i);
    if (read === null) continue;
    const n = read.n;
    // The token the number ends on ("twenty one": "one"), for the words after it.
    const last = read.end - 1;
    const born = before(i, 'born', 3);
    if (w[i].length === 4 && born && n >= 1900 && n <= thisYear) {
      const age = thisYear - n;
      // 18 this year: under 18 until the birthday, which the year does not say.
      if (age === 18) continue;
      verdicts.add(age > 18 ? 'no' : 'yes');
      found.push({ start: born.start, end: i + 1 });
      continue;
    }
    if (n > 120) continue;
    const unit = after(last, ['years', 'months']);
    const turning = before(i, 'turning', 2);
    const is = before(i, 'is', 2);
    const alone = read.end - i === w.length || (read.end - i === w.length - 1 && unit !== undefined);
    if (!unit && !turning && !is && !alone) continue;
    if (unit?.value === 'months') verdicts.add('yes');
    else if (turning) verdicts.add(n <= 18 ? 'yes' : 'no');
    else verdicts.add(n < 18 ? 'yes' : 'no');
    const from = turning?.start ?? is?.start ?? i;
    found.push({ start: from, end: unit ? unit.end : read.end });
    i = last;
  }
  // No age, or two that disagree ("17 or 18"): the words do not settle it.
  if (verdicts.size !== 1) return null;
  return { verdict: [...verdicts][0], spans: found };
}
