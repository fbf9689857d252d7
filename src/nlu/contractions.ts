/**
 * Words typed without their apostrophe, split back into the words they are.
 *
 * On a phone keyboard "j'ai", "c'est", "l'hôpital", "quelqu'un", "don't" and "he's" come as "jai",
 * "cest", "lhopital", "quelquun", "dont" and "hes" as often as not. Every phrase of the vocabulary
 * that has such a word is meant for both spellings, so the glued form of each one found in
 * locales/<lang>/vocab.json is read as its parts, exactly as if the apostrophe were there: the
 * tokenizer gives "cest" as "c", "est" on both sides, the text's and the vocabulary's.
 *
 * Only contractions and elisions are taken, never a possessive ("mother's" typed "mothers" is also
 * the plural), and never a glued form that is a word of its own ("we're" typed "were" is the past,
 * "I'll" typed "ill" is being sick, "n'y" typed "ny" is New York).
 */
import { fold } from './fold';
import { LANGUAGES } from '../../dialogs/context';
import { isVocabularyWord, vocabularyStrings } from './lexicon';

/** French elisions: the word before the apostrophe. */
const ELIDED = new Set(['l', 'd', 'j', 'm', 't', 's', 'n', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quelqu', 'aujourd']);
/** English contractions: the part after the apostrophe ("'s" only after these words, see IS_AFTER). */
const CONTRACTED = new Set(['t', 're', 'm', 've', 'll', 'd']);
/** "'s" is "is" or "has" after these; after a noun it is a possessive. */
const IS_AFTER = new Set([
  'he',
  'she',
  'it',
  'that',
  'what',
  'who',
  'there',
  'where',
  'here',
  'how',
  'everything',
  'nothing',
  'everyone',
  'nobody',
  'someone',
  'somebody',
]);
/** Glued forms that are words of their own. */
const OWN_WORDS = new Set([
  'were',
  'well',
  'hell',
  'shell',
  'ill',
  'id',
  'wed',
  'shed',
  'lets',
  'ma',
  'ta',
  'sa',
  'tes',
  'ses',
  'mes',
  'les',
  'des',
  'la',
  'son',
  'ton',
  'men',
  'ten',
  'ny',
  'cant',
  'na',
  'quelle',
  'mont',
  'lice',
]);

/**
 * A French elision glued to a word of four letters or more: "lenterrement", "dhéroïne",
 * "laéroport" (folded). Shorter words make names: "marc" is no "m'arc".
 */
const GLUED_ELISION = /^(qu|[cdjlmnst])([aeiouyh]\p{L}{3,})$/u;

let table: Map<string, string[]> | null = null;

function parts(word: string): string[] | null {
  const p = fold(word).split(/['’]/);
  if (p.some((x) => !/^\p{L}+$/u.test(x))) return null;
  if (p.length === 2 && ELIDED.has(p[0])) return p;
  if (p.length === 2 && CONTRACTED.has(p[1])) return p;
  if (p.length === 2 && p[1] === 's' && IS_AFTER.has(p[0])) return p;
  return null;
}

function build(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const lang of LANGUAGES) {
    for (const s of vocabularyStrings(lang)) {
      for (const m of s.matchAll(/\p{L}+(?:['’]\p{L}+)+/gu)) {
        const p = parts(m[0]);
        const glued = p?.join('');
        if (p && glued && !OWN_WORDS.has(glued)) out.set(glued, p);
      }
    }
  }
  return out;
}

/**
 * The words a glued contraction or elision stands for ("cest" -> ["c", "est"]), or null: one of
 * the vocabulary's own ("c'est"), or a French elision before a word of the French vocabulary that
 * is no word of any vocabulary itself ("lenterrement": "l" "enterrement"; never "dans" or "sont").
 */
export function contractionParts(folded: string): string[] | null {
  table ??= build();
  const own = table.get(folded);
  if (own) return own;
  const elided = GLUED_ELISION.exec(folded);
  if (elided && !isVocabularyWord(folded) && !OWN_WORDS.has(folded) && isVocabularyWord(elided[2], 'fr')) return [elided[1], elided[2]];
  return null;
}

/**
 * A French elision glued to a name, told by the capital inside the word: "dHaïti", "lICE",
 * "lArche de la Paix", "lOntario" (the apostrophe is the only reason a capital comes second).
 */
export function elidedBeforeName(raw: string): string[] | null {
  const m = /^(qu|[cdjlmnst])(\p{Lu}[\p{L}\p{M}]*)$/u.exec(raw);
  return m ? [fold(m[1]), fold(m[2])] : null;
}
