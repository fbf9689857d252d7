/**
 * The words around places, per language, from locales/<lang>/places.json: what puts someone at a
 * place ("in", "à", "en"), what makes a place only a landmark ("near"), the words of tense that
 * tell now from before ("right now", "was", "hace"), the border and detention words, the kinds of
 * crossing ("bridge", "avion") and the words that make a country something else than a
 * citizenship ("permanent resident", "né en").
 *
 * A file of its own next to vocab.json, read once and validated like it: a paralegal edits the
 * words; the code never holds them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { PhraseIndex } from './normalize';
import { localesDir } from './vocab';

const Phrases = z.array(z.string().trim().min(1));

export const PlaceWordsSchema = z
  .object({
    /** Before the place someone is at ("in Toronto", "à Montréal", "en Laval"). */
    at: Phrases,
    /** Before a place someone is not in ("outside the US", "hors des États-Unis", "fuera de México"). */
    outside: Phrases,
    /** Before a person, not a place ("with Georgia, his wife"). */
    with: Phrases,
    /** Before a landmark that is not the place itself ("a town near Sherbrooke"). */
    near: Phrases,
    /** Before a city ("the city of Québec"). */
    cityOf: Phrases,
    /** After a name that is a province's and its city's: the city is meant ("quebec la ciudad", "Québec, la ville", "quebec the city"). */
    cityAfter: Phrases.default([]),
    /** After a word of going ("pour"): what someone is there for, not where they go ("à Lyon pour le travail"). */
    purpose: Phrases.default([]),
    /** Before a province or state ("the province of Québec"). */
    regionOf: Phrases,
    /** French: articles that make a name the province ("au Québec", "en Ontario"), where "à Québec" is the city. */
    regionArticles: Phrases,
    /** A place that is not named ("somewhere in Mexico", "a small town"): no city. */
    somewhere: Phrases,
    /** Words that point back to a place rather than name one ("the same place", "le même endroit"): never a city (Same, Tanzania). */
    sameAsBefore: Phrases,
    /** The words of a sentence about now ("right now", "still", "is"). */
    now: Phrases,
    /** Of those, the ones that are only a verb's helper ("is", "est", "está"): with "yesterday" in the clause, the clause is about yesterday ("on est allés à la frontière hier"). */
    nowAuxiliary: Phrases,
    /** The words of a sentence about before ("was", "last year", "hace"). */
    past: Phrases,
    /** Words that start a clause about the one before ("..., that was in 2019"): its time is that clause's too. */
    backReference: Phrases,
    /** Yesterday and the like: over for being at the border, not for being held. */
    recent: Phrases,
    /** Where someone usually is ("lives in"): weaker than where they are. */
    habitual: Phrases,
    /** Doubt about where someone is ("maybe", "might be", "peut-être", "puede que"): at the border in doubt is not at the border. */
    doubt: Phrases,
    /** On the way somewhere ("driving to the border"): not there yet. */
    toward: Phrases,
    /** The writer speaking of themself. */
    firstPerson: Phrases,
    /** The writer says they are someone else's relative ("I'm his daughter"): their own place is not the traveler's. */
    writerIsOther: Phrases,
    /** A clause about someone who is not the traveler ("the one who hit her", "celui qui la frappait", "el que le pegaba"): where that one is held says nothing of the traveler. */
    someoneElse: Phrases,
    /** With someone else ("with her"): then the writer's place does not settle the traveler's. */
    companion: Phrases,
    border: Phrases,
    detained: Phrases,
    released: Phrases,
    /** Sent back or refused at the border: no longer there. */
    leftBorder: Phrases,
    /** The words of a street address or a dwelling ("apt 4", "rue", "calle", "at my sister's"): never a city of their own. */
    address: Phrases,
    /** "my", "sa", "su": a name right after one is a person's, not a city ("at my sisters place": not Sisters, Oregon). */
    possessive: Phrases,
    bridge: Phrases,
    tunnel: Phrases,
    /** Travelling by air: the port is an airport. */
    air: Phrases,
    /** Travelling by land. */
    land: Phrases,
    /** Words that name no port on their own ("the", "bridge", "by"). */
    generic: Phrases,
    /** The port is not decided yet ("whichever", "probably"). */
    undecided: Phrases,
    /** Residence, birth, an application: a country named after them is not a citizenship ("born in Haiti"). */
    notCitizenship: Phrases,
    /** Papers of residence: a country named right before them is not a citizenship ("a US green card"). */
    residence: Phrases,
    /** Words that look like a country but are not one ("status Indian"). */
    notCountry: Phrases,
  })
  .strict();

export type PlaceWords = z.infer<typeof PlaceWordsSchema>;
export type PlaceWordKey = keyof PlaceWords;

function load(lang: Lang): PlaceWords {
  const file = path.join(localesDir(), lang, 'places.json');
  const parsed = PlaceWordsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid place words ${file}: ${where}`);
  }
  return parsed.data;
}

const WORDS: Record<Lang, PlaceWords> = { en: load('en'), fr: load('fr'), es: load('es') };

export function placeWords(lang: Lang): PlaceWords {
  return WORDS[lang];
}

const indexes = new Map<string, PhraseIndex<true>>();

/**
 * The phrases of one list, in the given languages (all three by default: families mix them), as
 * an index built once.
 */
export function wordIndex(key: PlaceWordKey, langs: readonly Lang[] = LANGUAGES): PhraseIndex<true> {
  const id = `${key}:${langs.join(',')}`;
  let idx = indexes.get(id);
  if (!idx) {
    idx = new PhraseIndex<true>(langs.flatMap((l) => WORDS[l][key].map((p) => [p, true] as const)));
    indexes.set(id, idx);
  }
  return idx;
}
