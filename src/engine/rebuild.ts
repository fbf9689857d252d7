/**
 * A stored conversation rebuilt from what it recorded, on the current chart: for a snapshot of an
 * older interview with no migration, or one that still does not restore (a state that does not
 * exist, a context that does not parse).
 *
 * The answers, incidents, language, consent, status, ids, flags and the story are data
 * (dialogs/context.ts). A fresh actor is given them the way a family that tells its whole story
 * at once gives them (an opening story, then consent): every question state whose question is
 * answered skips itself, so the chart's own logic lands on the first unanswered question (or
 * the review, an emergency, a hold, exactly as a live conversation would). The record's own
 * values are then put back (consent as given, the status, the flags). What a live snapshot holds
 * beyond the data is not kept: a question reopened by BACK or at the review, the count of
 * misunderstood answers.
 */
import type { Answers, IncidentAnswers, IntakeContext, IntakeEvent } from '../../dialogs/context';
import { hasAnswer } from '../../dialogs/answers';
import { AnswerSchema, CONTEXT_FIELDS, answerFits } from '../../dialogs/context-schema';
import type { IntakeMachine } from '../../dialogs/intake.machine';
import { QUESTIONS, isIncidentQuestion, type QuestionId } from '../../dialogs/questions';
import type { SnapshotJson } from './migrations';
import { WatchedActor } from './watched-actor';

/** What a conversation recorded: the part of its context that is data. */
export type Recorded = Pick<
  IntakeContext,
  | 'intakeId'
  | 'reference'
  | 'channel'
  | 'createdAt'
  | 'completedAt'
  | 'status'
  | 'language'
  | 'consent'
  | 'knownPhone'
  | 'answers'
  | 'incidents'
  | 'opener'
  | 'narrative'
  | 'flags'
>;

const asObject = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});

/** Every answer that still fits a question of the current interview (incident ones where they belong). */
function answersIn(raw: unknown, incident: boolean): Answers {
  const kept: Answers = {};
  for (const [q, a] of Object.entries(asObject(raw))) {
    if (!(q in QUESTIONS) || isIncidentQuestion(q) !== incident) continue;
    const answer = AnswerSchema.safeParse(a);
    if (answer.success && answerFits(q as QuestionId, answer.data)) kept[q as QuestionId] = answer.data;
  }
  return kept;
}

/** The incidents recorded (an empty last one is an incident begun: its first question comes next). */
function incidentsIn(raw: unknown): IncidentAnswers[] {
  return Array.isArray(raw) ? raw.map((i) => answersIn(i, true) as IncidentAnswers) : [];
}

/**
 * The data a stored context still holds, field by field: what no longer parses is dropped and
 * will be asked again. Without an intake id, reference, channel or creation time the
 * conversation cannot be told apart from another and cannot be rebuilt: those missing are named.
 */
export function recordedIn(context: unknown): { recorded: Recorded } | { missing: string[] } {
  const c = asObject(context);
  const field = <K extends keyof typeof CONTEXT_FIELDS>(k: K) => {
    const r = CONTEXT_FIELDS[k].safeParse(c[k]);
    return r.success ? (r.data as IntakeContext[K]) : undefined;
  };
  const intakeId = field('intakeId');
  const reference = field('reference');
  const channel = field('channel');
  const createdAt = field('createdAt');
  if (intakeId === undefined || reference === undefined || channel === undefined || createdAt === undefined) {
    const missing = Object.entries({ intakeId, reference, channel, createdAt }).filter(([, v]) => v === undefined);
    return { missing: missing.map(([k]) => k) };
  }
  const opener = asObject(c.opener);
  const facts = asObject(opener.facts);
  return {
    recorded: {
      intakeId,
      reference,
      channel,
      createdAt,
      completedAt: field('completedAt') ?? null,
      status: field('status') ?? 'in_progress',
      language: field('language') ?? null,
      consent: field('consent') ?? null,
      knownPhone: field('knownPhone') ?? null,
      answers: answersIn(c.answers, false),
      incidents: incidentsIn(c.incidents),
      opener:
        typeof opener.text === 'string'
          ? { text: opener.text, facts: { answers: answersIn(facts.answers, false), incidents: incidentsIn(facts.incidents) } }
          : null,
      narrative: field('narrative') ?? null,
      flags: Array.isArray(c.flags) ? (c.flags.filter((f) => CONTEXT_FIELDS.flags.element.safeParse(f).success) as IntakeContext['flags']) : [],
    },
  };
}

/**
 * The conversation on `machine`, resting where the recorded answers lead. One that was stored at
 * the start with nothing recorded had not begun: it stays at the start.
 */
export function rebuild(machine: IntakeMachine, r: Recorded, storedAtStart: boolean): SnapshotJson {
  const recordedSomething = r.consent !== null || r.opener !== null || r.status !== 'in_progress' || Object.keys(r.answers).length > 0;
  const opened = !storedAtStart || recordedSomething;
  const run = new WatchedActor(machine, {
    input: { intakeId: r.intakeId, reference: r.reference, channel: r.channel, createdAt: r.createdAt, language: r.language, knownPhone: r.knownPhone },
  }).start();
  try {
    const send = (e: IntakeEvent) => run.send(e);
    if (opened) {
      // Past the language question there was a language: the run needs one to get past it.
      const language = r.language ?? (r.consent || r.status === 'declined' ? 'en' : null);
      const story = r.consent ? { text: r.narrative ?? '', facts: { answers: r.answers, incidents: r.incidents } } : r.opener;
      send({ type: 'OPEN', at: r.createdAt, language, ...(story ? { story } : {}) });
      if (r.consent) {
        send({ type: 'ANSWER', value: 'yes', at: r.consent.acceptedAt });
        // The recorded answers are answers, not a story to read back: they are confirmed as they
        // are. (Facts a story left waiting for confirmation are not kept: they will be asked.)
        for (let step = 0; step < 2; step++) {
          const asking = Object.values(run.snapshot().getMeta())
            .map((m) => (m as { ask?: string } | undefined)?.ask)
            .find(Boolean);
          if (asking !== 'borderNow' && asking !== 'confirmStory') break;
          send({ type: 'ANSWER', value: 'yes', at: r.consent.acceptedAt });
        }
      } else if (r.status === 'declined') send({ type: 'ANSWER', value: 'no', at: r.createdAt });
      // A person was asked for and no number is known yet: the chart was taking one (its name,
      // then its number) before coming back to the questions; it does so again.
      const now = run.snapshot();
      if (now.matches('intake') && r.flags.includes('asked_for_human') && !hasAnswer(now.context, 'contactPhone')) {
        send({ type: 'HUMAN', at: r.createdAt });
      }
    }
    if (r.status === 'opted_out') send({ type: 'STOP', at: r.createdAt });
    const persisted = run.persisted();
    const ran = persisted.context as IntakeContext;
    const context: IntakeContext = {
      ...ran,
      ...r,
      answers: ran.answers,
      incidents: ran.incidents,
      opener: r.consent ? null : r.opener,
      flags: [...new Set([...ran.flags, ...r.flags])],
      misses: 0,
      reopen: null,
    };
    // Sent already: whatever a newer interview would ask, the request is with the attorney.
    return { ...persisted, ...(r.status === 'complete' ? { value: 'submitted' } : {}), context };
  } finally {
    run.stop();
  }
}
