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
}

export const VARIANTS = {
  noApostrophes: {
    about: 'typed without apostrophes ("cest", "jai", "lhopital", "dont", "hes")',
    text: (s: string) => s.replace(/['’]/gu, ''),
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
export function variantFlips(half: Half, name: VariantName, keep: (id: string) => boolean = () => true): VariantFigures {
  const { text } = VARIANTS[name];
  const { answers, openers } = loadHalf(half);
  const scorer = new CorpusScorer();
  let n = 0;
  const flips: Flip[] = [];
  const one = <I extends AnswerItem | OpenerItem>(item: I, read: (i: I) => { exact: boolean; problems: string[] }, variant: I) => {
    if (variant.text === item.text || !keep(item.id) || !read(item).exact) return;
    n++;
    const r = read(variant);
    if (!r.exact) flips.push({ id: item.id, text: variant.text, problems: r.problems });
  };
  for (const a of answers) one(a, (i) => scorer.answer(i), { ...a, text: text(a.text), expect: relabel(a.expect, text) });
  for (const o of openers) one(o, (i) => scorer.opener(i), { ...o, text: text(o.text), facts: relabel(o.facts, text) });
  return { variant: name, n, flips };
}
