/**
 * The corpus typed another way: each item of a half as a family would also type it (without
 * apostrophes, ...), with its label changed alike, read again. An item the engine reads exactly as
 * written but not in the variant is a flip: the variant is understood worse than the writing, which
 * is a fact about the reading (a family that types "cest" means "c'est"), not about the corpus.
 */
import type { AnswerItem, Half, OpenerItem } from './items';
import { loadHalf } from './items';
import { CorpusScorer } from './score';

export interface Variant {
  /** What the variant is, in words, for the report. */
  about: string;
  /** The text as the variant types it; unchanged when the variant does not touch it. */
  text: (s: string) => string;
  /** Whether the label's words are typed the same way (not for case: labels are compared without it). */
  relabel: boolean;
}

export const VARIANTS = {
  noApostrophes: {
    about: 'typed without apostrophes ("cest", "jai", "lhopital", "dont", "hes")',
    text: (s: string) => s.replace(/['’]/gu, ''),
    relabel: true,
  },
  smallLetters: {
    about: 'typed all in small letters ("my brother is in kingston, jamaica", "surgery at mass general")',
    text: (s: string) => s.toLowerCase(),
    relabel: false,
  },
} satisfies Record<string, Variant>;
export type VariantName = keyof typeof VARIANTS;

/** A label's words typed the same way; option values ("at_border", "CA") are no words and stay. */
function relabel<T>(v: T, text: (s: string) => string): T {
  if (typeof v === 'string') return text(v) as T;
  if (Array.isArray(v)) return v.map((x) => relabel(x, text)) as T;
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === 'value' && typeof x === 'string' && /^[a-z_]+$/u.test(x) ? x : relabel(x, text)]),
    ) as T;
  }
  return v;
}

export interface Flip {
  id: string;
  text: string;
  problems: string[];
}

export interface VariantFigures {
  variant: VariantName;
  /** Items the variant changes and the engine reads exactly as written. */
  n: number;
  flips: Flip[];
}

/** How the items of a half the variant changes are read in it (see the top of this file). */
export function variantFlips(half: Half, name: VariantName, of: 'answers' | 'openers' | 'both' = 'both'): VariantFigures {
  const variant: Variant = VARIANTS[name];
  const { text } = variant;
  const label = <T>(v: T): T => (variant.relabel ? relabel(v, text) : v);
  const { answers, openers } = loadHalf(half);
  const scorer = new CorpusScorer();
  let n = 0;
  const flips: Flip[] = [];
  const one = <I extends AnswerItem | OpenerItem>(item: I, read: (i: I) => { exact: boolean; problems: string[] }, typed: I) => {
    if (typed.text === item.text || !read(item).exact) return;
    n++;
    const r = read(typed);
    if (!r.exact) flips.push({ id: item.id, text: typed.text, problems: r.problems });
  };
  if (of !== 'openers') for (const a of answers) one(a, (i) => scorer.answer(i), { ...a, text: text(a.text), expect: label(a.expect) });
  if (of !== 'answers') for (const o of openers) one(o, (i) => scorer.opener(i), { ...o, text: text(o.text), facts: label(o.facts) });
  return { variant: name, n, flips };
}
