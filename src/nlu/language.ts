/**
 * Which language a message is in, to answer a first message in the user's language before any
 * question was asked. Counts the message's words found in each language's vocabulary (common
 * words, greetings, yes/no, story words…); a word every language has ("ok", "no") counts for
 * each and so decides nothing. Null when nothing or a tie: better to ask than to guess.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { tokenize, words } from './normalize';
import { vocab, type Vocab } from './vocab';

/** The vocabulary sections written in the language itself (commands mix in English opt-out words). */
function ownWords(v: Vocab, lang: Lang): Set<string> {
  const phrases = [
    ...v.stopwords,
    ...v.filler,
    ...v.yes,
    ...v.no,
    ...v.unsure,
    ...v.none,
    ...v.asap,
    ...v.languageNames[lang],
    ...Object.values(v.story).flat(),
    ...Object.values(v.durationUnits).flat(),
    ...Object.values(v.months).flat(),
    ...Object.keys(v.numberWords),
  ];
  return new Set(phrases.flatMap(words).filter((w) => w.length > 1 && !/^[0-9]+$/.test(w)));
}

const WORDS: Record<Lang, Set<string>> = {
  en: ownWords(vocab('en'), 'en'),
  fr: ownWords(vocab('fr'), 'fr'),
  es: ownWords(vocab('es'), 'es'),
};

/** Only the start of a long message is needed to tell its language. */
const MAX_TOKENS = 300;

export function detectLanguage(text: string): Lang | null {
  const tokens = tokenize(text).slice(0, MAX_TOKENS);
  const score: Record<Lang, number> = { en: 0, fr: 0, es: 0 };
  for (const { t } of tokens) for (const l of LANGUAGES) if (WORDS[l].has(t)) score[l]++;
  const ranked = [...LANGUAGES].sort((a, b) => score[b] - score[a]);
  const [best, second] = ranked;
  return score[best] > 0 && score[best] > score[second] ? best : null;
}
