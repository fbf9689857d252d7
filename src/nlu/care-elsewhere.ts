/**
 * "pediatric cancer, we were told the treatment isn't available in Canada", "Mayo Clinic, the
 * only place that does this surgery", "un lymphome, et y'a pas de traitement en Haïti": the
 * condition or the hospital, told with the fact that the care is not to be had at home, answers
 * "is this treatment unavailable where the patient lives?" too (issue 13, item 6: never re-ask
 * what the words already answer).
 *
 * Only the words kept as details are read, only a "yes" counts (a "no" said in passing is not
 * settled enough to skip the question), and only when they speak of care or of a place ("not in
 * remission" is no word on where the care is).
 */
import type { Lang } from '../../dialogs/context';
import { languagesOf } from './clauses';
import type { ParseContext } from './dates';
import { PhraseIndex, words } from './normalize';
import { mentionsIn } from './place';
import { perLang } from './vocab';
import { readAbout } from './yesno';

const careWords = perLang((v) => new PhraseIndex(v.answers.medicalWords.map((p) => [p, true] as const)));

export function unavailableToldWith(details: string, p: ParseContext): 'yes' | null {
  if (!details.trim() || readAbout(details, 'unavailableAtHome', p) !== 'yes') return null;
  const langs: readonly Lang[] = languagesOf(details, p.language);
  const w = words(details);
  const ofCare = langs.some((l) => careWords(l).some(w));
  const ofPlace = mentionsIn(details, p.language).mentions.length > 0;
  return ofCare || ofPlace ? 'yes' : null;
}
