/**
 * What a message is when it is not the value asked for: noise (a flood of one letter, a bare
 * link, emoji, a keyboard mash, laughter), a question back or a refusal, or a value of another
 * kind (a date, an amount of money, an age, a bare number). A question that wants words asks
 * again rather than record one of these as its answer.
 */
import type { Lang } from '../../dialogs/context';
import { hasPhrase, languagesOf, listIn, phraseAt, stripLeading, withoutFillers } from './clauses';
import { PhraseIndex, asText, digitsValue, keyOf, tokenize, words } from './normalize';
import { perLang } from './vocab';

const VOWELS = /[aeiouyàâäéèêëîïôöùûüœæáíóúý]/iu;

/** One word that is a unit repeated ("kkkkkk", "sdfsdfsdf", "jkjkjk"), or letters with no vowel ("ghjklñ"). */
function mashed(word: string): boolean {
  const w = word.toLowerCase();
  if (w.length >= 5 && /^(.{1,4})\1{2,}.{0,3}$/u.test(w)) return true;
  return w.length >= 5 && /^\p{L}+$/u.test(w) && !VOWELS.test(w);
}

/** Nothing to read: no word at all, a bare link, a mash, the same word over and over, laughter. */
export function isNoise(text: string, lang: Lang): boolean {
  const s = asText(text).trim();
  if (!/[\p{L}\p{N}]/u.test(s)) return true;
  if (/^(?:https?:\/\/|www\.)\S+$/iu.test(s)) return true;
  const tokens = s.split(/\s+/u).filter(Boolean);
  if (tokens.length === 1 && mashed(tokens[0].replace(/[^\p{L}\p{N}]/gu, ''))) return true;
  const w = words(s);
  if (w.length >= 3 && new Set(w).size === 1) return true;
  const langs = languagesOf(s, lang);
  return langs.some((l) => listIn('noise', l).whole(keyOf(s)).length > 0);
}

/** Only a pointer to something said before ("same person", "la même personne", "lo mismo"), not a value of its own. */
export function onlyBackRef(w: readonly string[], langs: readonly Lang[]): boolean {
  return langs.some((l) => listIn('backRefs', l).whole(w.join(' ')).length > 0);
}

/** A question back ("why do you need his name?", "combien ça coûte?") or a refusal ("I'd rather not say"). */
export function isQuestionOrRefusal(text: string, lang: Lang): boolean {
  const s = asText(text).trim();
  const langs = languagesOf(s, lang);
  const w = words(withoutFillers(s, langs));
  if (w.length === 0) return false;
  if (hasPhrase(w, ['declines'], langs)) return true;
  if (onlyBackRef(w, langs)) return true;
  // One question and nothing else: "no tengo, ¿es obligatorio?" answers before it asks.
  const oneClause = !/[.,;:!?¿](?=.*\p{L})/u.test(s.replace(/^\s*¿/u, ''));
  if (/\?\s*$/u.test(s) && oneClause && phraseAt(w, 0, ['asks'], langs) > 0) return true;
  return oneClause && asksUnmarked(w, langs);
}

/**
 * Typed without its mark, a question is told by its first words ("is this confidential", "pourquoi
 * vous voulez savoir ça", "wdym by removed"), in a short message (of one clause: the caller's to say).
 */
function asksUnmarked(w: readonly string[], langs: readonly Lang[]): boolean {
  return w.length <= UNMARKED_QUESTION_WORDS && phraseAt(w, 0, ['asksUnmarked'], langs) > 0;
}

/** A question back typed without its mark, in one clause ("wdym by removed", "q es eso"). */
export function isUnmarkedQuestion(text: string, lang: Lang): boolean {
  const s = asText(text).trim();
  const langs = languagesOf(s, lang);
  return !/[.,;:!?¿](?=.*\p{L})/u.test(s) && asksUnmarked(words(withoutFillers(s, langs)), langs);
}
/** Longer than this, words that open a question may open a story ("do you know what happened…"). */
const UNMARKED_QUESTION_WORDS = 10;

const monthWords = perLang(
  (v) =>
    new PhraseIndex(
      Object.values(v.months)
        .flat()
        .map((m) => [m, true] as const),
    ),
);
/** A day of the week and the words around it ("el lunes", "next friday", "mardi prochain"). */
const weekdayWords = perLang((v) => new PhraseIndex([...Object.values(v.time.weekdays).flat(), ...v.time.next].map((m) => [m, true] as const)));
const ordinalSuffixes = perLang((v) => new PhraseIndex(v.ordinalSuffixes.map((m) => [m, true] as const)));
/** Words that sit around a date without being anything else ("the", "on", "at", "am"). */
const AROUND_DATES = new Set([
  's',
  'am',
  'pm',
  'h',
  'of',
  'on',
  'the',
  'el',
  'le',
  'la',
  'los',
  'las',
  'del',
  'de',
  'd',
  'en',
  'in',
  'at',
  'a',
  'au',
  'year',
  'ano',
  'annee',
]);

/**
 * The message is only a date or a time ("December 20", "en 2009", "in the 90s", "le 10 décembre",
 * "the 14th at 9am"): when something happened or is due, not a place, a charge or a story.
 */
export function isJustDate(text: string, lang: Lang): boolean {
  // "c'était en mars 2015", "it was in 2009", "fue en 2012": a date all the same.
  const s = stripLeading(withoutFillers(asText(text), languagesOf(text, lang)), ['introducers'], languagesOf(text, lang));
  const w = words(s);
  if (w.length === 0) return false;
  let dated = false;
  for (let i = 0; i < w.length;) {
    const n = digitsValue(w[i]);
    if (n !== null) {
      // "A-5521-26": a number that is no year, day or decade is no date (a case or file number).
      if (n > 31 && (n < 1900 || n > 2100) && w[i + 1] !== 's' && !(n >= 100 && n <= 2400 && AROUND_DATES.has(w[i + 1] ?? ''))) return false;
      // A year, a day of the month, a decade ("90s"), an hour.
      dated ||= (n >= 1900 && n <= 2100) || (w[i + 1] !== undefined && ordinalSuffixes(lang).at(w, i + 1).length > 0) || w.length > 1;
      i++;
      continue;
    }
    const month = monthWords(lang).at(w, i)[0] ?? monthWords('en').at(w, i)[0];
    if (month) {
      dated = true;
      i = month.end;
      continue;
    }
    const weekday = weekdayWords(lang).at(w, i)[0];
    if (weekday) {
      dated = true;
      i = weekday.end;
      continue;
    }
    const suffix = ordinalSuffixes(lang).at(w, i)[0];
    if (AROUND_DATES.has(w[i]) || suffix) {
      i = suffix ? suffix.end : i + 1;
      continue;
    }
    return false;
  }
  return dated;
}

/** An amount of money ("$12,000", "50 mil dólares", "5000 $", "15 000 $ de dépôt"). */
export function isAmount(text: string, lang: Lang): boolean {
  const s = asText(text);
  if (!/\d/u.test(s)) return false;
  if (/[$€£]\s*\d|\d\s*[$€£]/u.test(s)) return true;
  const w = words(s);
  const langs = languagesOf(s, lang);
  return w.some((t, i) => digitsValue(t) !== null && phraseAt(w, i + 1, ['money'], langs) > i + 1);
}

/**
 * An age ("67 years old", "17 años", "elle a 85 ans", "he's 8"): the number, or null. Only an age
 * word after the number counts, or a message that is nothing but a person and a number.
 */
export function ageIn(text: string, lang: Lang, strict = false): number | null {
  const s = asText(text);
  const tokens = tokenize(s);
  const w = tokens.map((t) => t.t);
  const langs = languagesOf(s, lang);
  for (let i = 0; i < w.length; i++) {
    const n = digitsValue(w[i]);
    if (n === null || n > 120) continue;
    // Strictly, "5 años" may be a length of time: only "years old" and its kind say an age.
    const end = phraseAt(w, i + 1, ['age'], langs);
    if (end > i + 1 && (!strict || end - (i + 1) >= 2)) return n;
  }
  // "he's 8", "tiene 87": nothing but the person and the number.
  const start = phraseAt(w, 0, ['ageBefore'], langs);
  const n = start > 0 && w.length === start + 1 ? digitsValue(w[start]) : null;
  return n !== null && n <= 120 ? n : null;
}

/** A number and nothing else ("42", "5000"), but a year ("2018"), which a story may be. */
export function isBareNumber(text: string): boolean {
  const s = asText(text).trim();
  if (!/^[#+]?\s*[\d\s.,]+$/u.test(s)) return false;
  const n = digitsValue(s);
  return !(n !== null && s.length === 4 && n >= 1900 && n <= 2100);
}
