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
import { termSaid } from './outcome-sentence';
import { timeMentions, timeText } from './when';

const charges = perLang((v) => new PhraseIndex(v.story.charges.map((p) => [p, true] as const)));
const negations = perLang((v) => new PhraseIndex(v.negations.map((p) => [p, true] as const)));
const OUTCOMES = QUESTIONS.incidentOutcome.options;
const whenAged = perLang((v) => new PhraseIndex(v.answers.whenAged.map((p) => [p, true] as const)));

/** A decade ("the 80s", "los 90", "les années 2000") said for when. */
const saysDecade = (text: string, lang: Lang, thisYear: number): boolean =>
  timeMentions(timeText(text), lang, 'past', { year: thisYear, month: 12, day: 31 }).some((m) => m.spec.t === 'decade');

/** An age said for when ("cuando tenía 22", "when he was 19"): a time with no year. */
const whenAgedSaid = (w: readonly string[], lang: Lang): boolean =>
  langOrder(lang).some((l) =>
    whenAged(l)
      .all(w)
      .some((m) => m.end < w.length && digitsValue(w[m.end]) !== null),
  );

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
  // "dans les années 2000", "the 2010s": a decade, however it is written, is no year.
  const decade = saysDecade(text, lang, thisYear);
  const year = years.length === 1 && !(decade && Number(years[0]) % 10 === 0) ? years[0] : null;
  if (year) incident.incidentDate = { value: year };
  // "en los 90", "when he was 19": said when, but with no year; the date is not known.
  else if (years.length <= 1 && (decade || whenAgedSaid(w, lang))) incident.incidentDate = { unsure: true };
  const outcomes = [...new Set(optionMatches(w, lang, 'incidentOutcome', OUTCOMES).map((m) => m.value))];
  if (outcomes.length === 1) incident.incidentOutcome = { value: outcomes[0] };
  // "did 2 yrs in prison", "estuvo 2 años preso": the sentence; a term behind bars is a conviction.
  const term = termSaid(text, lang);
  if (term) {
    incident.incidentSentence = { value: term.sentence };
    if (term.custody && outcomes.length === 0) incident.incidentOutcome = { value: 'convicted' };
  }
  return incident;
}
