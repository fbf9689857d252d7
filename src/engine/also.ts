/**
 * What an answer's words also answer, so that it is not asked again: "No, only refused entry
 * once" at "ever deported?" is no, and yes to "ever refused entry?"; "yes, a DUI in 2009" at
 * "ever arrested?" is yes, and the incident's charge and year; "oui, 13 ans, elle voyage seule" at
 * "under 18?" is yes, and no adult travels with her.
 *
 * Only the words beyond the answer are read, only for questions still to come and unanswered,
 * and only by those questions' own phrases (locales/<lang>/vocab.json answers.byQuestion), never
 * a bare yes or no: the screening's questions answer each other, the traveler's age answers
 * whether an adult travels with them. Facts a story could state elsewhere (where the traveler is,
 * the reason) wait for their own question: an escalation must not rest on words said in passing.
 */
import type { Answers, Facts, IntakeContext } from '../../dialogs/context';
import { hasAnswer } from '../../dialogs/answers';
import { QUESTION_IDS, QUESTIONS, type QuestionId } from '../../dialogs/questions';
import * as nlu from '../nlu';

const SCREENING = QUESTION_IDS.filter((q) => QUESTIONS[q].section === 'history' && QUESTIONS[q].kind === 'yesno' && q !== 'anotherIncident');
/** The questions whose answers' words are read for others, and the questions they may answer. */
const ANSWERS_OTHERS: ReadonlyMap<QuestionId, readonly QuestionId[]> = new Map<QuestionId, readonly QuestionId[]>([
  ...SCREENING.map((q) => [q, SCREENING] as [QuestionId, readonly QuestionId[]]),
  ['isMinor', ['accompanied']],
]);
/** "Ever arrested?" answered yes with the incident told: its facts start the first incident. */
const STARTS_INCIDENTS: QuestionId = 'criminal';

export function alsoSaid(
  q: QuestionId,
  verdict: string | null,
  details: string | null,
  ctx: Pick<IntakeContext, 'answers' | 'incidents'>,
  p: nlu.ParseContext,
): Facts | undefined {
  const targets = ANSWERS_OTHERS.get(q);
  if (!details || !targets) return undefined;
  const later = new Set(QUESTION_IDS.slice(QUESTION_IDS.indexOf(q) + 1));
  const answers: Answers = {};
  for (const t of targets) {
    if (!later.has(t) || hasAnswer(ctx, t)) continue;
    const said = nlu.readAbout(details, t, p);
    if (said) answers[t] = said === 'unsure' ? { unsure: true } : { value: said };
  }
  const incident = q === STARTS_INCIDENTS && verdict === 'yes' && ctx.incidents.length === 0 ? nlu.readIncident(details, p.language, p.now.getUTCFullYear()) : {};
  const incidents = Object.keys(incident).length ? [incident] : [];
  return Object.keys(answers).length || incidents.length ? { answers, incidents } : undefined;
}
