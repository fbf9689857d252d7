/**
 * A sentence told where the outcome of a charge is asked ("he got probation", "pagó una multa
 * nomás", "lo declararon culpable, 2 años de probatoria", "une amende de 500 $"): the penalty
 * with what measures it (a number, a unit of time, an article: "2 años de", "une"), for the
 * sentence question to come. The outcome itself is read as the list's choice.
 */
import type { Lang } from '../../dialogs/context';
import { clausesOf, languagesOf, listIn, phraseAt, stripTrailing } from './clauses';
import { digitsValue, tokenize, words } from './normalize';
import { perLang } from './vocab';

/** Numbers in words and the units of time, per language ("deux", "años", "months"). */
const measureWords = perLang((v) => new Set([...Object.keys(v.numberWords), ...Object.values(v.durationUnits).flat()].flatMap(words)));
/** The little words between a length and what it measures ("of", "de", "in": "2 years in jail"). */
const glue = perLang((v) => new Set(v.answers.glue.flatMap(words)));

function isMeasure(t: string, langs: readonly Lang[]): boolean {
  return digitsValue(t) !== null || langs.some((l) => measureWords(l).has(t));
}

/** The sentence a message names at the outcome question, as written; null when it names no penalty. */
export function sentenceSaid(text: string, lang: Lang): string | null {
  const langs = languagesOf(text, lang);
  for (const k of clausesOf(text, lang)) {
    const tokens = tokenize(k.text);
    const w = tokens.map((t) => t.t);
    const at = w.findIndex((_, i) => phraseAt(w, i, ['penalties'], langs) > i);
    if (at < 0) continue;
    let start = at;
    // "2 años de probatoria", "6 months probation": the length before it.
    if (start > 1 && langs.some((l) => glue(l).has(w[start - 1])) && isMeasure(w[start - 2], langs)) start -= 2;
    while (start > 0 && isMeasure(w[start - 1], langs)) start--;
    // "a fine", "une amende", but not "just" ("solo hizo…", "juste une amende": the sentence, not the word "only").
    const article =
      start > 0 && langs.some((l) => listIn('determiners', l).whole(w[start - 1]).length > 0 && listIn('only', l).whole(w[start - 1]).length === 0);
    if (article) start--;
    const value = stripTrailing(k.text.slice(tokens[start].start), ['only', 'hedges'], langs);
    if (value) return value;
  }
  return null;
}

/** A number, in digits or in words ("2", "deux", "dos"). */
const numberWordsOf = perLang((v) => new Set(Object.keys(v.numberWords).flatMap(words)));
const isNumber = (t: string, langs: readonly Lang[]) => digitsValue(t) !== null || langs.some((l) => numberWordsOf(l).has(t));

/**
 * A term told with the yes to "ever arrested, charged or convicted?" ("did 2 yrs in prison for
 * fraud", "a fait 18 mois de prison", "estuvo 2 años preso"): the penalty with its length, as
 * written, and whether it was served behind bars (vocab `custody`), which only a conviction brings.
 * Null without a number: "he was in jail a few days" may be a night before bail.
 */
export function termSaid(text: string, lang: Lang): { sentence: string; custody: boolean } | null {
  const langs = languagesOf(text, lang);
  for (const k of clausesOf(text, lang)) {
    const tokens = tokenize(k.text);
    const w = tokens.map((t) => t.t);
    for (let at = 0; at < w.length; at++) {
      const end = phraseAt(w, at, ['penalties'], langs);
      if (end <= at) continue;
      let start = at;
      // "2 yrs in prison", "18 mois de prison", "2 años preso": the length before it.
      if (start > 1 && langs.some((l) => glue(l).has(w[start - 1])) && isMeasure(w[start - 2], langs)) start -= 2;
      while (start > 0 && isMeasure(w[start - 1], langs)) start--;
      if (!w.slice(start, end).some((t) => isNumber(t, langs))) continue;
      // "a $300 fine": the amount, not the article before it; its currency sign kept.
      while (start + 1 < at && digitsValue(w[start]) === null && digitsValue(w[start + 1]) !== null) start++;
      const from = tokens[start].start - (/[$€£]/u.test(k.text[tokens[start].start - 1] ?? '') ? 1 : 0);
      const custody = w.slice(start, end).some((_, i) => phraseAt(w, start + i, ['custody'], langs) > start + i);
      return { sentence: k.text.slice(from, tokens[end - 1].end), custody };
    }
  }
  return null;
}
