/**
 * Which answers a correction at review is about: "the date is wrong" -> neededBy, "phone" ->
 * contactPhone, "le nom" -> travelerName. Returns every question named, the one named by the
 * longest phrase first ("my name" before "name"), so the caller can keep those it read back.
 */
import type { Lang } from '../../dialogs/context';
import type { QuestionId } from '../../dialogs/questions';
import { PhraseIndex, tokenize } from './normalize';
import { langOrder, perLang } from './vocab';

const fieldIndex = perLang((v) => new PhraseIndex(Object.entries(v.fields).flatMap(([q, phrases]) => phrases.map((p) => [p, q as QuestionId] as const))));

export function fieldsNamed(text: string, lang: Lang): QuestionId[] {
  const w = tokenize(text).map((t) => t.t);
  for (const l of langOrder(lang)) {
    const found = fieldIndex(l)
      .all(w)
      .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    if (found.length > 0) return [...new Set(found.map((m) => m.value))];
  }
  return [];
}
