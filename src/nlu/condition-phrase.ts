/**
 * The illness or the procedure a message names, as the family typed it, with the words that say
 * which one: "spinal surgery", "stage 4 cancer", "cáncer de mama", "CANCER EN LOS HUESOS", "greffe
 * de coeur", "cancer en phase terminale". Read where a story or another answer tells it, so that
 * the condition question is not asked again.
 *
 * A head word from the vocabulary (story.conditions: an illness or a procedure, never a state such
 * as "in hospital" or a verb such as "operar"), widened by the words around it that name its kind:
 * before it, words of story.conditionBefore ("kidney", "brain", "stage 4"); after it, words of
 * story.conditionAfter, alone ("terminal", "cardiaque") or after a linking word ("de corazón",
 * "du pancréas", "en los huesos"). An illness told as past and over ("had a heart attack in
 * August, shes fine now", "tuvo un infarto el mes pasado") gives way to a later one: that is the
 * one the trip is for. A procedure named alone ("surgery", "una operación", story.conditionVague)
 * says too little to spare the question.
 */
import type { Lang } from '../../dialogs/context';
import { PhraseIndex, asText, tokenize } from './normalize';
import { perLang, langOrder } from './vocab';

const heads = perLang((v) => new PhraseIndex(v.story.conditions.map((p) => [p, true] as const)));
const before = perLang((v) => new PhraseIndex(v.story.conditionBefore.map((p) => [p, true] as const)));
const after = perLang((v) => new PhraseIndex(v.story.conditionAfter.map((p) => [p, true] as const)));
const links = perLang((v) => new PhraseIndex(v.story.conditionLinks.map((p) => [p, true] as const)));
const vague = perLang((v) => new PhraseIndex(v.story.conditionVague.map((p) => [p, true] as const)));
const over = perLang((v) => new PhraseIndex(v.story.conditionOver.map((p) => [p, true] as const)));

/** No one has the illness: "no cancer", "pas de tumeur". */
const NEGATIONS = new Set(['no', 'not', 'without', 'pas', 'sans', 'sin', 'aucun', 'aucune', 'ningun', 'ninguna', 'never', 'jamais', 'nunca']);

interface Span {
  start: number;
  end: number;
}

/** The longest match of an index at i, its end (i when none). */
function endAt(index: PhraseIndex<true>, w: readonly string[], i: number): number {
  return index.at(w, i).reduce((e, m) => Math.max(e, m.end), i);
}

/** A head widened by the words that name its kind, before and after it. */
function widened(w: readonly string[], l: Lang, head: Span): Span {
  let start = head.start;
  // Before: "spinal", "kidney", "open heart", "stage 4": the longest run of such words.
  for (let moved = true; moved;) {
    moved = false;
    for (let k = Math.max(0, start - 3); k < start; k++)
      if (endAt(before(l), w, k) === start) {
        start = k;
        moved = true;
        break;
      }
  }
  let end = head.end;
  // After: "terminal", "cardiaque", then "de corazón", "du pancréas", "en phase terminale".
  for (let moved = true; moved;) {
    moved = false;
    const alone = endAt(after(l), w, end);
    if (alone > end) {
      end = alone;
      moved = true;
      continue;
    }
    const link = endAt(links(l), w, end);
    if (link > end) {
      const word = endAt(after(l), w, link);
      if (word > link) {
        end = word;
        moved = true;
      }
    }
  }
  // "heart bypass surgery", "kidney transplant surgery": a procedure word right after names the same.
  end = Math.max(end, endAt(heads(l), w, end));
  return { start, end };
}

/** The condition a message names, as typed, or null. */
export function conditionPhrase(text: string, lang: Lang): string | null {
  const s = asText(text);
  const tokens = tokenize(s);
  const w = tokens.map((t) => t.t);
  const found: Array<Span & { over: boolean }> = [];
  for (const l of langOrder(lang)) {
    for (let i = 0; i < w.length; i++) {
      const end = endAt(heads(l), w, i);
      if (end === i || found.some((f) => i < f.end && end > f.start)) continue;
      if (i > 0 && (NEGATIONS.has(w[i - 1]) || (i > 1 && NEGATIONS.has(w[i - 2]) && w[i - 1].length <= 3))) continue;
      const span = widened(w, l, { start: i, end });
      // "una operación", "surgery" alone says too little: the condition question asks which.
      if (span.start === i && span.end === end && endAt(vague(l), w, i) === end) continue;
      // "had a heart attack", "tuvo un infarto", "a fait une crise cardiaque": over, when a later one is named.
      const isOver = [span.start - 3, span.start - 2, span.start - 1].some(
        (k) => k >= 0 && [span.start, span.start - 1].includes(endAt(over(l), w, k)) && endAt(over(l), w, k) > k,
      );
      found.push({ ...span, over: isOver });
      i = span.end - 1;
    }
    if (found.length) break;
  }
  const pick = found.sort((a, b) => a.start - b.start).find((f) => !f.over) ?? found[0];
  return pick ? s.slice(tokens[pick.start].start, tokens[pick.end - 1].end) : null;
}
