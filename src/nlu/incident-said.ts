/**
 * An incident told with the yes to "ever arrested, charged or convicted?": "yes, a DUI in 2009",
 * "oui, conduite avec facultés affaiblies en 2009", "sí, por robo, le retiraron los cargos". The
 * yes already says there was one: its charge (the story's charge words), its year (one year, not a
 * decade, not an age) and its outcome (one of the outcome question's own words) are read, and
 * nothing else.
 */
import type { IncidentAnswers, Lang } from '../../dialogs/context';
import { QUESTIONS } from '../../dialogs/questions';
import { optionMatches } from './choices';
import { PhraseIndex, digitsValue, longestMatches, tokenize } from './normalize';
import { langOrder, perLang } from './vocab';

const charges = perLang((v) => new PhraseIndex(v.story.charges.map((p) => [p, true] as const)));
const negations = perLang((v) => new PhraseIndex(v.negations.map((p) => [p, true] as const)));
const OUTCOMES = QUESTIONS.incidentOutcome.options;

export function readIncident(text: string, lang: Lang, thisYear: number): IncidentAnswers {
  const tokens = tokenize(text);
  const w = tokens.map((t) => t.t);
  const incident: IncidentAnswers = {};
  for (const l of langOrder(lang)) {
    const negs = negations(l).all(w);
    const charge = longestMatches(charges(l).all(w)).find((m) => !negs.some((n) => n.end <= m.start && m.start - n.end < 3));
    if (charge) {
      incident.incidentCharge = { value: text.slice(tokens[charge.start].start, tokens[charge.end - 1].end) };
      break;
    }
  }
  // One year, written as one ("in 2009"): not "the 90s", not an age, not two years.
  const years = [...new Set(w.filter((t) => t.length === 4 && (digitsValue(t) ?? 0) >= 1900 && (digitsValue(t) ?? 0) <= thisYear))];
  if (years.length === 1) incident.incidentDate = { value: years[0] };
  const outcomes = [...new Set(optionMatches(w, lang, 'incidentOutcome', OUTCOMES).map((m) => m.value))];
  if (outcomes.length === 1) incident.incidentOutcome = { value: outcomes[0] };
  return incident;
}
