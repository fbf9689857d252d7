/**
 * How long: "3 months" -> 90 days, "trois mois", "tres meses", "3-4 weeks" -> 28 (the larger end
 * of a range, so the attorney plans for the longest stay), "2 months and 2 weeks" -> 74.
 * A number without a unit is not a duration (it could be days, weeks or a date).
 */
import type { Lang } from '../../dialogs/context';
import { PhraseIndex, digitsValue, tokenize } from './normalize';
import { langOrder, perLang, type Vocab } from './vocab';

/** Days per unit; a month is counted as 30 days and a year as 365, as intake estimates. */
const UNIT_DAYS: Record<keyof Vocab['durationUnits'], number> = { day: 1, week: 7, month: 30, year: 365 };

interface DurationVocab {
  units: PhraseIndex<number>;
  numbers: Map<string, number>;
  and: PhraseIndex<true>;
  or: PhraseIndex<true>;
  whole: Set<string>;
  halfOf: Set<string>;
}

const durationVocab = perLang((v): DurationVocab => ({
  units: new PhraseIndex((Object.keys(UNIT_DAYS) as (keyof typeof UNIT_DAYS)[]).flatMap((u) => v.durationUnits[u].map((p) => [p, UNIT_DAYS[u]] as const))),
  numbers: new Map(
    Object.entries(v.numberWords).map(([w, n]) => [
      tokenize(w)
        .map((t) => t.t)
        .join(' '),
      n,
    ]),
  ),
  and: new PhraseIndex(v.and.map((p) => [p, true] as const)),
  or: new PhraseIndex(v.or.map((p) => [p, true] as const)),
  whole: new Set(v.time.whole.flatMap((p) => tokenize(p).map((t) => t.t))),
  halfOf: new Set(v.time.halfOf.flatMap((p) => tokenize(p).map((t) => t.t))),
}));

/** Half of a unit, in days: half a year is six months, half a month 15 days, half a week 3. */
const HALF_OF: Record<number, number> = { 365: 180, 30: 15, 7: 3 };

/** The word between a count and its unit ("a couple of weeks", "un par de semanas"). */
const OF = new Set(['of', 'de']);

/** A quantity of some unit, found at tokens [start, end). */
export interface DurationSpan {
  days: number;
  start: number;
  end: number;
  /** Two numbers joined ("2-3 weeks", "4 or 5 days", "deux-trois jours"): a range, no one length. */
  range: boolean;
}

function numberAt(w: readonly string[], i: number, dv: DurationVocab): number | null {
  return digitsValue(w[i]) ?? dv.numbers.get(w[i]) ?? null;
}

/** Each "<number(s)> <unit>" group in the words, in order. */
export function durationSpans(w: readonly string[], lang: Lang): DurationSpan[] {
  const dv = durationVocab(lang);
  const spans: DurationSpan[] = [];
  for (let i = 0; i < w.length; i++) {
    const unit = dv.units.at(w, i)[0];
    if (!unit) continue;
    // Walk back over "3", "3 4" (from "3-4"), "3 to 4", "between 2 and 3", "twenty five",
    // "a couple of", "un par de".
    const nums: number[] = [];
    let j = i - 1;
    // "a whole year", "a full month": the count is before the word of whole.
    if (j > 0 && dv.whole.has(w[j]) && numberAt(w, j - 1, dv) !== null) j--;
    if (j > 0 && OF.has(w[j]) && numberAt(w, j - 1, dv) !== null) j--;
    while (j >= 0) {
      const n = numberAt(w, j, dv);
      if (n !== null) {
        const last = nums.length - 1;
        // "a couple", "un par": an article before a count is no second number.
        if (last >= 0 && n === 1 && digitsValue(w[j]) === null && numberAt(w, j + 1, dv) !== null && !OF.has(w[j + 1])) {
          j--;
          break;
        }
        // "twenty five": tens then units, one number.
        if (last >= 0 && n >= 20 && n % 10 === 0 && nums[last] < 10 && numberAt(w, j + 1, dv) === nums[last]) nums[last] += n;
        else nums.push(n);
        j--;
      } else if (nums.length > 0 && j > 0 && (dv.or.at(w, j).length > 0 || dv.and.at(w, j).length > 0) && numberAt(w, j - 1, dv) !== null) {
        j--;
      } else break;
    }
    // "une semaine ou deux", "a week or two": the other end after the unit.
    const other = nums.length > 0 && unit.end + 1 < w.length && dv.or.at(w, unit.end).length > 0 ? numberAt(w, unit.end + 1, dv) : null;
    if (other !== null) nums.push(other);
    // "half a year", "half a month", "medio año": half of one unit, as "y medio" counts it (a year's half is 180 days).
    const halfAt = nums.length === 0 ? i - 1 : nums.length === 1 && nums[0] === 1 && digitsValue(w[j + 1]) === null ? j : -2;
    if (halfAt >= 0 && dv.halfOf.has(w[halfAt]) && HALF_OF[unit.value]) {
      spans.push({ days: HALF_OF[unit.value], start: halfAt, end: unit.end, range: false });
      i = unit.end - 1;
      continue;
    }
    if (nums.length > 0)
      spans.push({ days: Math.max(...nums) * unit.value, start: j + 1, end: other !== null ? unit.end + 2 : unit.end, range: nums.length > 1 });
    i = unit.end - 1;
  }
  return spans;
}

function durationIn(w: readonly string[], lang: Lang): number | null {
  const spans = durationSpans(w, lang);
  if (spans.length === 0) return null;
  const dv = durationVocab(lang);
  let total = spans[0].days;
  for (let k = 1; k < spans.length; k++) {
    const between = w.slice(spans[k - 1].end, spans[k].start);
    // "2 months and 2 weeks" adds up; "3 months or 4 months" keeps the larger.
    const adds = between.length > 0 && dv.and.at(between, 0)[0]?.end === between.length;
    total = adds ? total + spans[k].days : Math.max(total, spans[k].days);
  }
  return total > 0 ? total : null;
}

/** Days, or null when there is no number with a unit. */
export function parseDuration(text: string, lang: Lang): number | null {
  const w = tokenize(text).map((t) => t.t);
  for (const l of langOrder(lang)) {
    const days = durationIn(w, l);
    if (days !== null) return days;
  }
  return null;
}
