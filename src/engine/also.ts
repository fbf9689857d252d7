/**
 * What an answer's words also answer, so that it is not asked again: "No, only refused entry
 * once" at "ever deported?" is no, and yes to "ever refused entry?"; "yes, a DUI in 2009" at
 * "ever arrested?" is yes, and the incident's charge and year; "oui, 13 ans, elle voyage seule" at
 * "under 18?" is yes, and no adult travels with her; "sí, lo deportaron en 2015" is yes, and what happened
 * (the details the yes would ask for next); "he has to testify at a trial" is a court case, as a witness.
 *
 * Only the words beyond the answer are read, only for questions still to come and unanswered,
 * and only by those questions' own phrases (locales/<lang>/vocab.json answers.byQuestion), never
 * a bare yes or no: the screening's questions answer each other, the traveler's age answers
 * whether an adult travels with them. Facts a story could state elsewhere (where the traveler is,
 * the reason) wait for their own question: an escalation must not rest on words said in passing.
 */
import type { Answers, IntakeContext, Lang } from '../../dialogs/context';
import { hasAnswer } from '../../dialogs/answers';
import { QUESTION_IDS, QUESTIONS, type QuestionId } from '../../dialogs/questions';
import * as nlu from '../nlu';

/** Answers to other questions than the one asked (IntakeEvent `also`). */
export type AlsoAnswers = Answers;

const SCREENING = QUESTION_IDS.filter((q) => QUESTIONS[q].section === 'history' && QUESTIONS[q].kind === 'yesno' && q !== 'anotherIncident');
/** The questions whose answers' words are read for others, and the questions they may answer. */
const ANSWERS_OTHERS: ReadonlyMap<QuestionId, readonly QuestionId[]> = new Map<QuestionId, readonly QuestionId[]>([
  ...SCREENING.map((q) => [q, SCREENING] as [QuestionId, readonly QuestionId[]]),
  ['anotherIncident', SCREENING],
  // "il a été déporté en 2012" to "afraid to go back?": the removal, told there.
  ['fearOfReturn', SCREENING],
  // What happened, told at a "yes": "they denied him entry" in the drugs' details is a refusal too.
  ...(['drugsDetails', 'removalDetails', 'overstayDetails', 'misrepresentationDetails', 'refusalDetails', 'waiverDetails'] as const).map(
    (q) => [q, SCREENING] as [QuestionId, readonly QuestionId[]],
  ),
  ['isMinor', ['accompanied']],
]);
/** The screening question where "not sure" is itself an escalation (security_flag). */
const UNSURE_ESCALATES: QuestionId = 'security';
/** "Ever arrested?" answered yes with the incident told: its facts start the first incident. */
const STARTS_INCIDENTS: QuestionId = 'criminal';
/**
 * A screening "yes" asks for its details next (dialogs/intake.machine.ts askWithDetails): told
 * with the yes ("sí, lo deportaron en 2015"), they are that answer.
 */
const DETAILS_ASKED: Partial<Record<QuestionId, QuestionId>> = {
  drugs: 'drugsDetails',
  priorRemoval: 'removalDetails',
  overstay: 'overstayDetails',
  misrepresentation: 'misrepresentationDetails',
  refusals: 'refusalDetails',
  waivers: 'waiverDetails',
};
/** A court case's role, named with the reason ("to testify at a trial"). */
const ROLE_WITH_REASON = { reason: 'court', role: 'courtRole' } as const;

/** What a choice answer's words also answer: a court case's role named with the reason. */
export function alsoChosen(
  q: QuestionId,
  value: string,
  details: string | null,
  ctx: Pick<IntakeContext, 'answers' | 'incidents'>,
  lang: Lang,
): Answers | undefined {
  if (!details || q !== 'reason' || value !== ROLE_WITH_REASON.reason || hasAnswer(ctx, ROLE_WITH_REASON.role)) return undefined;
  const role = nlu.namedChoice(details, lang, ROLE_WITH_REASON.role, QUESTIONS[ROLE_WITH_REASON.role].options);
  return role ? { [ROLE_WITH_REASON.role]: { value: role } } : undefined;
}

export function alsoSaid(
  q: QuestionId,
  verdict: string | null,
  details: string | null,
  ctx: Pick<IntakeContext, 'answers' | 'incidents'>,
  p: nlu.ParseContext,
): Answers | undefined {
  const targets = ANSWERS_OTHERS.get(q);
  if (!details || !targets) return undefined;
  const later = new Set(QUESTION_IDS.slice(QUESTION_IDS.indexOf(q) + 1));
  const answers: Answers = {};
  for (const t of targets) {
    if (!later.has(t) || hasAnswer(ctx, t)) continue;
    const said = nlu.readAbout(details, t, p);
    // A doubt about security said in passing ("they took him into a room once") is not its answer:
    // "not sure" there escalates, and it is asked in its turn.
    if (said === 'unsure' && t === UNSURE_ESCALATES) continue;
    if (said) answers[t] = said === 'unsure' ? { unsure: true } : { value: said };
  }
  const asked = DETAILS_ASKED[q];
  if (asked && verdict === 'yes' && !hasAnswer(ctx, asked)) answers[asked] = { value: details };
  // The incident's questions, answered for the incident the yes begins (dialogs/answers.ts withAlso).
  if (q === STARTS_INCIDENTS && verdict === 'yes' && ctx.incidents.length === 0)
    Object.assign(answers, nlu.readIncident(details, p.language, p.now.getUTCFullYear()));
  return Object.keys(answers).length ? answers : undefined;
}

/**
 * What a story told where the story is asked also states, read as a story told up front is
 * (src/nlu/story.ts): "lo deportaron en 2017 y sus hijos están aquí" is a removal, "la première
 * communion de son fils le 12 décembre, il veut être là" the day needed, "he got 2 years
 * probation back in 2015" a record and its first incident. Only for questions still to come and
 * unanswered; the incident's facts only when no incident is begun.
 */
export function alsoInStory(text: string, ctx: Pick<IntakeContext, 'answers' | 'incidents'>, p: nlu.ParseContext): Answers | undefined {
  const facts = nlu.extractFacts(text, p);
  const later = new Set(QUESTION_IDS.slice(QUESTION_IDS.indexOf('story') + 1));
  const answers: Answers = {};
  for (const [q, a] of Object.entries(facts.answers) as Array<[QuestionId, Answers[QuestionId]]>) {
    if (a && later.has(q) && !hasAnswer(ctx, q)) answers[q] = a;
  }
  if (ctx.incidents.length === 0 && facts.incidents[0] && answers.criminal) Object.assign(answers, facts.incidents[0]);
  return Object.keys(answers).length ? answers : undefined;
}
