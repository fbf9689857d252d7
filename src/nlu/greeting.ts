/**
 * A message that is only a greeting or polite words ("hola", "Bonjour", "hello?", "slt"): at the
 * language question it says which language the family writes in (src/nlu/language.ts tells
 * which; two languages at once, "Hi / Bonjour", tell none).
 */
import { LANGUAGES } from '../../dialogs/context';
import { PhraseIndex, words } from './normalize';
import { vocab } from './vocab';

/** More words than this is a sentence, not a greeting. */
const MAX_WORDS = 4;

let fillers: PhraseIndex<true> | null = null;

export function isGreeting(text: string): boolean {
  fillers ??= new PhraseIndex(LANGUAGES.flatMap((l) => vocab(l).filler.map((p) => [p, true] as const)));
  const w = words(text);
  if (w.length === 0 || w.length > MAX_WORDS) return false;
  // Every word is part of a greeting or polite phrase.
  const covered = new Array<boolean>(w.length).fill(false);
  for (const m of fillers.all(w)) for (let i = m.start; i < m.end; i++) covered[i] = true;
  return covered.every(Boolean);
}
