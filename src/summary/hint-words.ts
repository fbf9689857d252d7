/**
 * What the attorney's hints read in the family's own words (locales/<lang>/hints.json): whether
 * the doctors' words say a relative is dying, and whether the words about a court case say it is
 * a criminal case or a civil one. Only a hint that needs these facts reads them (triage.ts); a
 * paralegal adds a phrasing in the file, without code.
 *
 * Every language at once: a family may answer in another language than the conversation's, and a
 * phrase of one language rarely means something else in another. The longest phrase wins where
 * two overlap ("not dying" over "dying", "partie civile", a victim in a criminal case, over
 * "civile"), and words that say both ways say nothing: a hint fires on what is said, not guessed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LANGUAGES } from '../../dialogs/context';
import { minorByAge } from '../nlu/age';
import { PhraseIndex, longestMatches, tokenize, words } from '../nlu/normalize';
import { localesDir } from '../paths';

const Phrases = z.array(z.string().min(1)).min(1);
const HintWordsSchema = z.strictObject({
  /** The relative is dying ("in hospice", "days to live", "en fin de vie", "desahuciado"). */
  nearDeath: Phrases,
  /** Said the other way ("not dying", "out of danger", "va mieux"). */
  notNearDeath: Phrases,
  /** A prosecution: the police or a prosecutor are in it ("criminal", "the DA", "la fiscalía"). */
  criminalCase: Phrases,
  /** A case between private parties ("lawsuit", "small claims", "divorce", "demanda civil"). */
  civilCase: Phrases,
  /** A child too young to be anything but a minor ("baby", "newborn", "nourrisson", "recién nacido", "primaria"). */
  youngChild: Phrases,
});
type HintWords = z.infer<typeof HintWordsSchema>;

function load(dir: string): HintWords[] {
  return LANGUAGES.map((lang) => {
    const file = join(dir, lang, 'hints.json');
    const parsed = HintWordsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`Invalid hint words ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  });
}

interface Indexes {
  youngChild: PhraseIndex<true>;
  nearDeath: PhraseIndex<boolean>;
  caseKind: PhraseIndex<'criminal' | 'civil'>;
}

let indexes: Indexes | null = null;

function built(): Indexes {
  if (indexes) return indexes;
  const all = load(localesDir());
  indexes = {
    youngChild: new PhraseIndex(all.flatMap((h) => h.youngChild.map((p) => [p, true] as const))),
    nearDeath: new PhraseIndex(all.flatMap((h) => [...h.nearDeath.map((p) => [p, true] as const), ...h.notNearDeath.map((p) => [p, false] as const)])),
    caseKind: new PhraseIndex(all.flatMap((h) => [...h.criminalCase.map((p) => [p, 'criminal'] as const), ...h.civilCase.map((p) => [p, 'civil'] as const)])),
  };
  return indexes;
}

/** The values the texts' phrases carry, the longest phrase winning where two overlap. */
function said<T>(index: PhraseIndex<T>, texts: ReadonlyArray<string | null | undefined>): Set<T> {
  const found = new Set<T>();
  for (const text of texts) {
    if (!text) continue;
    for (const m of longestMatches(index.all(words(text)))) found.add(m.value);
  }
  return found;
}

/** The words say the person is dying, and nothing in them says otherwise. */
export function saysNearDeath(texts: ReadonlyArray<string | null | undefined>): boolean {
  const found = said(built().nearDeath, texts);
  return found.has(true) && !found.has(false);
}

/** The kind of court case the words name, when they name one kind only. */
export function caseKindSaid(texts: ReadonlyArray<string | null | undefined>): 'criminal' | 'civil' | null {
  const found = [...said(built().caseKind, texts)];
  return found.length === 1 ? found[0] : null;
}

/**
 * The words say the patient is a minor: an age under 18 ("she's 9", "tiene 4 años": src/nlu/age.ts),
 * or a child too young to be anything else ("our baby", "un nourrisson"); an age of 18 or more says not.
 */
export function saysMinor(texts: ReadonlyArray<string | null | undefined>, thisYear: number): boolean {
  let minor = said(built().youngChild, texts).has(true);
  for (const text of texts) {
    if (!text) continue;
    const age = minorByAge(tokenize(text), LANGUAGES, thisYear);
    if (age?.verdict === 'no') return false;
    if (age?.verdict === 'yes') minor = true;
  }
  return minor;
}
