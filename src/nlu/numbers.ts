/**
 * Numbers as families write them: digits ("15", "2009", "15th", "1er"), words ("fifteen",
 * "veintitrés", "deux mille neuf", "nineteen ninety-eight", "treinta y uno") and ordinal words
 * ("fifteenth", "twenty-fifth", "premier"). The words come from locales/<lang>/vocab.json
 * (`numberWords`, `ordinalSuffixes`, `time.ordinalDays`, `time.numberScales`, `time.numberJoin`).
 */
import type { Lang } from '../../dialogs/context';
import { PhraseIndex, digitsValue, tokenize } from './normalize';
import { perLang } from './vocab';

/** Articles that are also "one" ("a week", "un mois"): a number only before a unit, never a day or a year. */
const ARTICLES = new Set(['a', 'an', 'un', 'une', 'una']);

interface NumberVocab {
  words: PhraseIndex<number>;
  ordinals: PhraseIndex<number>;
  scales: PhraseIndex<number>;
  join: PhraseIndex<true>;
  suffixes: Set<string>;
}

const numberVocab = perLang((v): NumberVocab => ({
  words: new PhraseIndex(Object.entries(v.numberWords).filter(([w]) => !ARTICLES.has(w))),
  ordinals: new PhraseIndex(Object.entries(v.time.ordinalDays)),
  scales: new PhraseIndex(Object.entries(v.time.numberScales)),
  join: new PhraseIndex(v.time.numberJoin.map((p) => [p, true] as const)),
  suffixes: new Set(v.ordinalSuffixes.flatMap((s) => tokenize(s).map((t) => t.t))),
}));

export interface NumberRead {
  value: number;
  /** Tokens [start, end) it was read from. */
  start: number;
  end: number;
  /** Written as an ordinal ("15th", "fifteenth", "1er"). */
  ordinal: boolean;
  /** Written in words (not digits). */
  inWords: boolean;
  /** Digits with a leading zero ("04"): in "march 04" a year rather than a day. */
  leadingZero: boolean;
}

/** The number that starts at token `i`, or null. */
export function readNumber(w: readonly string[], i: number, lang: Lang): NumberRead | null {
  if (i >= w.length) return null;
  const nv = numberVocab(lang);
  const d = digitsValue(w[i]);
  if (d !== null) {
    // "15th", "1o"; not a year before the word "o" ("2012 o 2013").
    const ordinal = d < 1000 && i + 1 < w.length && nv.suffixes.has(w[i + 1]);
    return { value: d, start: i, end: ordinal ? i + 2 : i + 1, ordinal, inWords: false, leadingZero: w[i].length > 1 && w[i][0] === '0' };
  }
  const ord = nv.ordinals.at(w, i)[0];
  if (ord) return { value: ord.value, start: i, end: ord.end, ordinal: true, inWords: true, leadingZero: false };
  return wordsNumber(w, i, nv);
}

/**
 * A number in words, read left to right: units and tens add up ("twenty five", "vingt et un"),
 * "hundred" / "cent" multiply what comes before, "thousand" / "mille" close a group ("deux mille
 * neuf"), and two two-digit groups in a row are a year said in pairs ("nineteen ninety-eight").
 */
function wordsNumber(w: readonly string[], i: number, nv: NumberVocab): NumberRead | null {
  let total = 0;
  let current = 0;
  let any = false;
  let j = i;
  let ordinal = false;
  while (j < w.length) {
    const word = nv.words.at(w, j)[0];
    if (word) {
      const v = word.value;
      // "nineteen ninety", "twenty nineteen", "twenty twenty": a year in two halves.
      const pair = any && current >= 10 && current < 100 && v >= 10 && v < 100 && ((current > 10 && current < 20) || v >= 20 || current === 20);
      if (pair) {
        total += current * 100;
        current = v;
      } else current += v;
      any = true;
      j = word.end;
      continue;
    }
    const scale = nv.scales.at(w, j)[0];
    if (scale && (any || scale.value >= 1000)) {
      if (scale.value === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale.value;
        current = 0;
      }
      any = true;
      j = scale.end;
      continue;
    }
    // "twenty-fifth": tens, then an ordinal word.
    const ord = any && current % 10 === 0 ? nv.ordinals.at(w, j)[0] : undefined;
    if (ord && ord.value < 10) {
      current += ord.value;
      j = ord.end;
      ordinal = true;
      break;
    }
    const join = any ? nv.join.at(w, j)[0] : undefined;
    if (join && join.end < w.length && nv.words.at(w, join.end).length > 0) {
      j = join.end;
      continue;
    }
    break;
  }
  if (!any) return null;
  return { value: total + current, start: i, end: j, ordinal, inWords: true, leadingZero: false };
}
