/**
 * What a message says beyond its answer ("yes, no hospital in Canada does this" → "no hospital in
 * Canada does this"): the family's own words, cut from the message as typed, kept with the answer
 * for the attorney (dialogs/answers.ts withDetails). Only words that say something count: "yes he
 * did", "my son" or "passport only" say nothing more than their answer.
 */
import type { Lang } from '../../dialogs/context';
import { PhraseIndex, type Token } from './normalize';
import { langOrder, perLang } from './vocab';

/** Words that say nothing by themselves, in any of the languages read (users mix them). */
const quiet = perLang((v) => {
  const phrases = [...v.answers.glue, ...v.filler, ...v.yes, ...v.no, ...v.answers.discourse, ...v.and, ...v.or];
  return new PhraseIndex(phrases.map((p) => [p, true] as const));
});

/** Some word among tokens[from, to) says something (not only articles, pronouns, yes / no, politeness). */
export function saysMore(tokens: readonly Token[], from: number, to: number, lang: Lang): boolean {
  const w = tokens.map((t) => t.t);
  const langs = langOrder(lang);
  for (let i = Math.max(0, from); i < Math.min(to, w.length);) {
    const hit = langs.map((l) => quiet(l).at(w, i)[0]).find((m) => m && m.end <= to);
    if (!hit) return true;
    i = hit.end;
  }
  return false;
}

/** Spaces and the punctuation that only separates ("yes, …", "no - …", "oui… ") at the ends of a piece. */
const trimSeparators = (s: string) => s.replace(/^[\s,;:.\-–—…·/|]+/u, '').replace(/[\s,;:\-–—…·/|]+$/u, '');

/** The words from token `from` to the end, as typed; null when they say nothing more. */
export function restFrom(text: string, tokens: readonly Token[], from: number, lang: Lang): string | null {
  if (from >= tokens.length || !saysMore(tokens, from, tokens.length, lang)) return null;
  return trimSeparators(text.slice(tokens[from].start)) || null;
}

/** The words before token `to` (without the "but" / "pero" that led on), as typed; null when they say nothing more. */
export function restBefore(text: string, tokens: readonly Token[], to: number, lang: Lang): string | null {
  while (to > 0 && !saysMore(tokens, to - 1, to, lang)) to--;
  if (to <= 0) return null;
  return trimSeparators(text.slice(0, tokens[to - 1].end)) || null;
}

/** The whole message as details, when it says more than the words of its answer (tokens in `answered`). */
export function wholeUnless(text: string, tokens: readonly Token[], answered: ReadonlyArray<{ start: number; end: number }>, lang: Lang): string | null {
  const covered = new Set<number>();
  for (const m of answered) for (let i = m.start; i < m.end; i++) covered.add(i);
  for (let i = 0; i < tokens.length; i++) {
    if (covered.has(i)) continue;
    let j = i;
    while (j < tokens.length && !covered.has(j)) j++;
    if (saysMore(tokens, i, j, lang)) return trimSeparators(text) || null;
    i = j;
  }
  return null;
}
