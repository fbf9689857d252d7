/**
 * Facts from a message that tells the whole story at once ("my son needs heart surgery in
 * Buffalo next week and I have an assault conviction from 2009"), so the intake does not ask
 * again what it was already told. Only what the words say plainly is kept: two possible reasons,
 * a negated history word ("never arrested"), a date that may belong to the incident — all left
 * for the questions to ask.
 */
import type { Answers, Facts, IncidentAnswers, Lang } from '../../dialogs/context';
import { futureDate, type ParseContext } from './dates';
import { detectLanguage } from './language';
import { PhraseIndex, digitsValue, longestMatches, tokenize, type PhraseMatch, type Token } from './normalize';
import { todayIn } from './calendar';
import { perLang, type StoryKey } from './vocab';
import { REASONS, type Reason } from '../summary/contract';

/** The reasons a story's words can name: all of the contract's but 'other'. */
const STORY_REASONS = REASONS.filter((r): r is Exclude<Reason, 'other'> => r !== 'other');

const storyIndex = perLang(
  (v) =>
    new PhraseIndex<StoryKey>(
      (Object.keys(v.story) as StoryKey[]).flatMap((k) => v.story[k].map((p) => [p, k] as const)),
    ),
);
const negationIndex = perLang((v) => new PhraseIndex(v.negations.map((p) => [p, true] as const)));

/** How many words before a history word a negation still applies ("I have never been arrested"). */
const NEGATION_REACH = 3;

/**
 * The story's own language and the one it is detected in: story words are only looked up in
 * those, since a word can mean something else next door (French "court" is "short").
 */
function storyLanguages(text: string, ctx: ParseContext): Lang[] {
  const detected = detectLanguage(text);
  return detected && detected !== ctx.language ? [ctx.language, detected] : [ctx.language];
}

/** Negations in the text, to cancel history words just after them. */
function negationsIn(w: string[], langs: Lang[]): PhraseMatch<true>[] {
  return langs.flatMap((l) => negationIndex(l).all(w));
}

/** The year (1900..this year) written closest to the incident words. */
function nearestYear(tokens: Token[], near: PhraseMatch<StoryKey>[], thisYear: number): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (let i = 0; i < tokens.length; i++) {
    const y = digitsValue(tokens[i].t);
    if (y === null || tokens[i].t.length !== 4 || y < 1900 || y > thisYear) continue;
    const distance = Math.min(...near.map((m) => (i < m.start ? m.start - i : i >= m.end ? i - m.end + 1 : 0)));
    if (distance < bestDistance) [best, bestDistance] = [tokens[i].t, distance];
  }
  return best;
}

export function extractFacts(text: string, ctx: ParseContext): Facts {
  const s = typeof text === 'string' ? text : '';
  const tokens = tokenize(s);
  const w = tokens.map((t) => t.t);
  const langs = storyLanguages(s, ctx);
  const all = langs.flatMap((l) => storyIndex(l).all(w));
  // Longest match within each kind: "dui" is both a history word and a charge.
  const of = (k: StoryKey) => longestMatches(all.filter((m) => m.value === k));
  const negations = negationsIn(w, langs);
  const negated = (m: PhraseMatch<StoryKey>) => negations.some((n) => n.end <= m.start && m.start - n.end < NEGATION_REACH);
  const has = (k: StoryKey) => of(k).length > 0;
  const answers: Answers = {};

  const reasons = STORY_REASONS.filter(has);
  if (reasons.length === 1) answers.reason = { value: reasons[0] };
  if (reasons.length === 1 && reasons[0] === 'medical' && has('child')) answers.patient = { value: 'child' };

  if (has('detained')) answers.location = { value: 'detained' };
  else if (has('atBorder')) answers.location = { value: 'at_border' };

  const historyWords = (['criminalHistory', 'conviction', 'pending'] as const).flatMap(of);
  const charges = of('charges');
  const affirmed = historyWords.filter((m) => !negated(m));
  const incidents: IncidentAnswers[] = [];
  if (affirmed.length > 0 && historyWords.length === affirmed.length) {
    answers.criminal = { value: 'yes' };
    const incident: IncidentAnswers = {};
    const charge = charges.find((m) => !negated(m));
    if (charge) incident.incidentCharge = { value: s.slice(tokens[charge.start].start, tokens[charge.end - 1].end) };
    const year = nearestYear(tokens, [...affirmed, ...charges], todayIn(ctx.now, ctx.timeZone).year);
    if (year) incident.incidentDate = { value: year };
    const convicted = affirmed.some((m) => m.value === 'conviction');
    const pending = affirmed.some((m) => m.value === 'pending');
    if (convicted !== pending) incident.incidentOutcome = { value: convicted ? 'convicted' : 'pending' };
    if (Object.keys(incident).length > 0) incidents.push(incident);
  }

  // A bare "March 3" may be the incident's date when the story tells one: only clear dates then.
  const neededBy = futureDate(s, ctx, { inStory: true, requireCertainDay: historyWords.length > 0 });
  if (neededBy) answers.neededBy = { value: neededBy };

  return { answers, incidents };
}
