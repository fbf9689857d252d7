/**
 * The humanitarian-parole intake as a statechart.
 *
 * It is pure: no I/O, no clock (each event carries its time), no randomness (ids come as input).
 * It records answers and says things by emitting `say` events; the engine renders them through
 * locales/ and, after every event, asks the question of the state the chart rests in (its
 * `meta.ask`). Words become events in src/engine/interpret.ts, so the chart only ever sees
 * ANSWER / UNSURE / NONE / UNCLEAR and the commands.
 *
 * Every question state skips itself when it already has an answer (from a story told up front,
 * or on the way forward after a correction), unless it was reopened by BACK or at the review.
 *
 * Conversations are stored as snapshots of this chart: renaming, removing or moving a state, or
 * changing the context's shape, means raising INTERVIEW_VERSION (dialogs/interview-version.ts).
 */
import { assign, emit, enqueueActions, raise, setup } from 'xstate';
import { answerIs, answerOf, hasAnswer, settledAnswer, withAlso, withAnswer, withDetails } from './answers';
import { questionOfState } from './review';
import { isUnsure } from './context';
import type { Answer, Answers, ConversationFlag, Facts, IncidentAnswers, IntakeContext, IntakeEmitted, IntakeEvent, IntakeInput } from './context';
import { QUESTIONS, isIncidentQuestion, type QuestionId } from './questions';

/** Version of the notice the user agrees to (locales q.consent.*): bump it when the wording changes. */
export const NOTICE_VERSION = '2026-11-28.1';

type Ctx = { context: IntakeContext; event: IntakeEvent };
type Q = { q: QuestionId };

function answerFromEvent(event: IntakeEvent): Answer | undefined {
  // The rest of the message, when the answer came with more (kept for the attorney).
  if (event.type === 'ANSWER') return withDetails({ value: event.value }, event.details);
  if (event.type === 'UNSURE') return withDetails({ unsure: true, ...(event.asap ? { asap: true as const } : {}) }, event.details);
  if (event.type === 'NONE') return withDetails({ none: true }, event.details);
  return undefined;
}

/** The answers an event also gives to other questions (see IntakeEvent `also`). */
const alsoOf = (event: IntakeEvent) =>
  event.type === 'ANSWER' || event.type === 'UNSURE' || event.type === 'NONE' || event.type === 'UNCLEAR' ? event.also : undefined;

/** Answers as a story's facts: an incident's questions make its incident. */
function factsOf(answers: Answers | undefined): Facts {
  const facts: Facts = { answers: {}, incidents: [] };
  const incident: IncidentAnswers = {};
  for (const [q, a] of Object.entries(answers ?? {}) as Array<[QuestionId, Answer]>) {
    if (isIncidentQuestion(q)) incident[q] = a;
    else facts.answers[q] = a;
  }
  if (Object.keys(incident).length) facts.incidents.push(incident);
  return facts;
}

const at = (event: IntakeEvent) => ('at' in event ? event.at : undefined);
const current = (context: IntakeContext): string | null => context.path[context.path.length - 1] ?? null;
/** The question a state asks: the state's own name, but for the few that borrow a question. */
const questionOf = (state: string): QuestionId => questionOfState(state) ?? 'danger';

export const intakeSetup = setup({
  types: {
    context: {} as IntakeContext,
    events: {} as IntakeEvent,
    input: {} as IntakeInput,
    emitted: {} as IntakeEmitted,
  },
  guards: {
    /** Answered already (a place: with more than its country), and not reopened: the question is skipped. */
    settled: ({ context }, { q }: Q) => context.reopen !== q && settledAnswer(context, q),
    /** Answered with one of `values`, and not reopened. */
    settledAs: ({ context }, p: { q: QuestionId; values: string[] }) => context.reopen !== p.q && answerIs(context, p.q, p.values),
    answerIs: ({ context }, p: { q: QuestionId; values: string[] }) => answerIs(context, p.q, p.values),
    answerUnsure: ({ context }, { q }: Q) => isUnsure(answerOf(context, q)),
    languageKnown: ({ context }) => context.language !== null,
    storyLanguageKnown: ({ event }) => event.type === 'STORY' && !!event.language,
    consentGiven: ({ context }) => context.consent !== null,
    /** The story said the traveler is at the border: asked plainly before anything rests on it. */
    heldAtBorder: ({ context }) => {
      const a = context.opener?.facts.answers.location;
      return !!a && 'value' in a && a.value === 'at_border';
    },
    /** Facts understood from the story wait for the family to confirm them. */
    heldFacts: ({ context }) => !!context.opener && (Object.keys(context.opener.facts.answers).length > 0 || context.opener.facts.incidents.length > 0),
    wasDeclined: ({ context }) => context.status === 'declined',
    wasSubmitted: ({ context }) => context.status === 'complete',
    eventIsYes: ({ event }) => event.type === 'ANSWER' && event.value === 'yes',
    canGoBack: ({ context }) => context.path.length > 1,
    phoneUnknown: ({ context }) => !hasAnswer(context, 'contactPhone'),
    editNamesQuestion: ({ event }) => event.type === 'EDIT' && event.question !== null,
    jumpTo: ({ event }, { state }: { state: string }) => event.type === 'JUMP' && event.state === state,
  },
  actions: {
    say: emit((_, { key }: { key: string }) => ({ type: 'say' as const, key })),

    /** On the way through a question state (asked, or skipped as answered): see context.path. */
    arrive: assign(({ context }, { state }: { state: string }) => {
      const i = context.path.indexOf(state);
      return { path: i >= 0 ? context.path.slice(0, i + 1) : [...context.path, state] };
    }),

    open: assign(({ context, event }: Ctx) => {
      if (event.type !== 'OPEN') return {};
      return {
        language: event.language ?? context.language,
        opener: event.story ?? null,
      };
    }),
    holdStory: assign(({ event }: Ctx) => (event.type === 'STORY' ? { opener: { text: event.text, facts: event.facts } } : {})),
    setLanguage: assign(({ context, event }: Ctx) =>
      event.type === 'LANGUAGE' || event.type === 'STORY' ? { language: event.language ?? context.language } : {},
    ),

    /**
     * Consent given with more words ("oui. Je vous écris pour ma sœur qui doit aller à Boston"):
     * they are the story, as if told just before it (after any story held already), what they
     * answer its facts.
     */
    holdToldWithConsent: assign(({ context, event }: Ctx) => {
      if (event.type !== 'ANSWER' || !event.details) return {};
      const told = { text: event.details, facts: factsOf(event.also) };
      const held = context.opener;
      if (!held) return { opener: told };
      return {
        opener: {
          text: `${held.text}\n\n${told.text}`,
          facts: {
            answers: { ...told.facts.answers, ...held.facts.answers },
            incidents: held.facts.incidents.length ? held.facts.incidents : told.facts.incidents,
          },
        },
      };
    }),
    /**
     * Consent given: the story told up front is the narrative now, and the known number a
     * callback number. What was understood from the story stays held until the family confirms
     * it (confirmStory): nothing rests on an inferred fact before that.
     */
    acceptConsent: assign(({ context, event }: Ctx) => {
      const answers = { ...context.answers };
      if (context.knownPhone && !answers.contactPhone) answers.contactPhone = { value: context.knownPhone };
      const facts = context.opener?.facts;
      const held = facts && (Object.keys(facts.answers).length > 0 || facts.incidents.length > 0);
      return {
        consent: { noticeVersion: NOTICE_VERSION, acceptedAt: at(event) ?? context.createdAt, channel: context.channel },
        answers,
        narrative: context.opener?.text ?? context.narrative,
        opener: held && context.opener ? context.opener : null,
        status: 'in_progress' as const,
      };
    }),
    /** "Yes, at the border right now": that fact is the family's answer now; the rest still waits. */
    atBorderNow: assign(({ context }) => {
      if (!context.opener) return {};
      const { location, ...rest } = context.opener.facts.answers;
      return {
        answers: context.answers.location || !location ? context.answers : { ...context.answers, location },
        opener: { ...context.opener, facts: { ...context.opener.facts, answers: rest } },
      };
    }),
    /** Not at the border now (or not sure): the story's "at the border" is dropped; where they are is asked. */
    notAtBorderNow: assign(({ context }) => {
      if (!context.opener) return {};
      const { location: _, ...rest } = context.opener.facts.answers;
      return { opener: { ...context.opener, facts: { ...context.opener.facts, answers: rest } } };
    }),
    /**
     * The family confirmed what was understood (all of it, or all but what they named as wrong):
     * those facts count as answers, never over one already given; the rest is asked.
     */
    useStory: assign(({ context, event }: Ctx) => {
      const facts = context.opener?.facts;
      if (!facts) return { opener: null };
      const wrong = event.type === 'EDIT' ? event.question : null;
      const answers = { ...context.answers };
      for (const [q, a] of Object.entries(facts.answers) as Array<[QuestionId, Answer]>) if (q !== wrong && !answers[q]) answers[q] = a;
      // The incidents go with the criminal record: named as wrong, they are asked again too.
      const incidentsWrong = wrong === 'criminal' || (wrong !== null && isIncidentQuestion(wrong));
      const incidents = context.incidents.length === 0 && !incidentsWrong ? facts.incidents : context.incidents;
      return { answers, incidents, opener: null };
    }),
    /** "No, that's not right": nothing understood from the story is used; every question is asked. */
    dropStory: assign({ opener: null }),
    /** Declined: nothing sensitive is kept, not even a story told before the notice. */
    decline: assign({ opener: null, narrative: null, answers: {}, incidents: [], status: 'declined' as const }),

    record: assign(({ context, event }: Ctx, { q }: Q) => {
      const answer = answerFromEvent(event);
      if (!answer) return {};
      return {
        ...withAlso(withAnswer(context, q, answer), alsoOf(event)),
        language: q === 'language' && 'value' in answer ? (answer.value as IntakeContext['language']) : context.language,
        // Back after being marked abandoned: the intake goes on.
        status: context.status === 'abandoned' ? ('in_progress' as const) : context.status,
        reopen: null,
        misses: 0,
      };
    }),
    /** Not an answer to the question asked, but maybe to others: those are kept (it is asked again). */
    recordAlso: assign(({ context, event }: Ctx) => (alsoOf(event) ? withAlso(context, alsoOf(event)) : {})),
    miss: assign(({ context }) => ({ misses: context.misses + 1 })),
    reprompt: emit(({ context, event }: Ctx, { q }: Q) => ({
      type: 'reprompt' as const,
      question: q,
      offerHuman: context.misses >= 2,
      // Noise (a link, emoji, keyboard mash): the question again, briefly.
      ...(event.type === 'UNCLEAR' && event.noise ? { brief: true } : {}),
    })),

    flag: assign(({ context }, { flag }: { flag: ConversationFlag }) => ({
      flags: context.flags.includes(flag) ? context.flags : [...context.flags, flag],
    })),
    rememberWhere: assign(({ context }) => ({ resumeAt: current(context) })),
    /** Back to the question set aside for a callback number (none yet: the start, a story's read-back first). */
    resume: raise(({ context }) => ({ type: 'JUMP' as const, state: context.resumeAt ?? 'storyCheck' })),
    /** Back to the question that was being asked (after START; none yet: the start, a story's read-back first). */
    resumeHere: raise(({ context }) => ({ type: 'JUMP' as const, state: current(context) ?? 'storyCheck' })),
    reopenQuestion: assign((_, { q }: Q) => ({ reopen: q })),
    /** The question being asked is asked again even if answered (the danger question, after an emergency). */
    reopenCurrent: assign(({ context }) => {
      const state = current(context);
      const q = state ? questionOfState(state) : null;
      return q && hasAnswer(context, q) ? { reopen: q } : {};
    }),

    /**
     * Danger now: the message is kept as a story would be. Before consent it is held (unless a
     * story already is), never after a refusal; once consented, what it also says fills the
     * questions not answered yet but the one it interrupted, asked again when they go on (and
     * nothing after the request was sent).
     */
    holdDanger: assign(({ context, event }: Ctx) => {
      if (event.type !== 'DANGER') return {};
      const language = context.language ?? event.language ?? null;
      if (context.status === 'declined' || context.status === 'complete') return { language };
      if (!context.consent) return { language, opener: context.opener ?? { text: event.text, facts: event.facts } };
      const state = current(context);
      const asked = state ? questionOfState(state) : null;
      const told = Object.fromEntries(Object.entries(event.facts.answers).filter(([q]) => q !== asked));
      return { language, answers: { ...told, ...context.answers } };
    }),

    /** BACK: ask the previous question again (its answer stays until replaced). */
    goBack: enqueueActions(({ context, enqueue }) => {
      const previous = context.path[context.path.length - 2];
      enqueue.assign({ reopen: questionOf(previous) });
      enqueue.raise({ type: 'JUMP', state: previous });
    }),
    /** A correction at the review: ask that question again, then come forward to the review. */
    reopenForEdit: assign(({ event }: Ctx) => {
      if (event.type !== 'EDIT' || !event.question) return {};
      // Incidents are corrected by going through them again.
      if (event.question === 'criminal') return { reopen: 'criminal' as const, incidents: [] };
      return { reopen: event.question };
    }),
    jumpToReopened: raise(({ context }) => ({ type: 'JUMP' as const, state: context.reopen ?? 'review' })),

    newIncident: assign(({ context }) => ({ incidents: [...context.incidents, {}] })),

    restart: assign(({ context }) => ({
      answers: context.knownPhone ? { contactPhone: { value: context.knownPhone } } : {},
      incidents: [],
      opener: null,
      narrative: null,
      flags: [],
      path: [],
      reopen: null,
      misses: 0,
    })),
    optOut: assign({ status: 'opted_out' as const }),
    announceOptOut: emit({ type: 'optOut' as const }),
    resubscribe: assign({ status: 'in_progress' as const }),
    abandon: assign({ status: 'abandoned' as const }),
    submit: assign(({ event }) => ({ status: 'complete' as const, completedAt: at(event) ?? null })),
    announceSubmitted: emit({ type: 'submitted' as const }),
  },
});

// ---- building blocks -------------------------------------------------------------------------

type Next = string;
const say = (key: string) => ({ type: 'say' as const, params: { key } });
const settled = (q: QuestionId) => ({ type: 'settled' as const, params: { q } });
const is = (q: QuestionId, ...values: string[]) => ({ type: 'answerIs' as const, params: { q, values } });
const unsure = (q: QuestionId) => ({ type: 'answerUnsure' as const, params: { q } });

/**
 * A state that asks question `q` and goes on to `next` once it is answered (or skipped because it
 * already was). `state` is the name of the state when it differs from the question's.
 */
function ask(q: QuestionId, next: Next, state: string = q, skipWhenAnswered = true) {
  const def = QUESTIONS[q];
  const accept = { actions: [{ type: 'record' as const, params: { q } }], target: next };
  const refuse = { actions: ['recordAlso' as const, 'miss' as const, { type: 'reprompt' as const, params: { q } }] };
  return {
    meta: { ask: q },
    entry: [{ type: 'arrive' as const, params: { state } }],
    always: skipWhenAnswered ? { guard: settled(q), target: next } : [],
    on: {
      ANSWER: accept,
      UNSURE: 'unsure' in def && def.unsure ? accept : refuse,
      NONE: ('optional' in def && def.optional) || ('noneWhenSaid' in def && def.noneWhenSaid) ? accept : refuse,
      UNCLEAR: refuse,
    },
  };
}

/** While taking the number for a person, asking for a person again changes nothing. */
function alreadyAskedForHuman<T extends ReturnType<typeof ask>>(state: T) {
  return { ...state, on: { ...state.on, HUMAN: { actions: say('humanAlerted') } } };
}

/** A passing state that picks the way on from answers already given. */
function branch(ways: Array<{ guard: ReturnType<typeof is> | ReturnType<typeof unsure>; target: Next }>, otherwise: Next) {
  return { always: [...ways, { target: otherwise }] };
}

/** A question asked only after a "yes": `yes/no` question, its details, then on. */
function askWithDetails(q: QuestionId, details: QuestionId, next: Next) {
  return {
    [q]: ask(q, `${q}Then`),
    [`${q}Then`]: branch([{ guard: is(q, 'yes'), target: details }], next),
    [details]: ask(details, next),
  };
}

// ---- the conversation --------------------------------------------------------------------------

/** While a story's facts wait for confirmation, asking for a person is noted without leaving (no number is taken here). */
const HUMAN_NOTED = { actions: [{ type: 'flag' as const, params: { flag: 'asked_for_human' as const } }, say('humanAlerted')] };

const intakeStates = {
  // A story told up front: what was understood is read back and confirmed before it is used.
  storyCheck: {
    always: [{ guard: 'heldAtBorder' as const, target: 'borderNow' }, { guard: 'heldFacts' as const, target: 'confirmStory' }, { target: 'danger' }],
  },
  // "At the border" from a story is asked plainly first ("Is the traveler at the border right now?").
  borderNow: {
    meta: { ask: 'borderNow' },
    on: {
      ANSWER: [
        { guard: 'eventIsYes' as const, actions: 'atBorderNow' as const, target: 'storyCheck' },
        { actions: 'notAtBorderNow' as const, target: 'storyCheck' },
      ],
      UNSURE: { actions: 'notAtBorderNow' as const, target: 'storyCheck' },
      UNCLEAR: { actions: 'miss' as const },
      HUMAN: HUMAN_NOTED,
    },
  },
  // What was understood, read back: yes uses it, a field named as wrong is asked, no drops it all.
  confirmStory: {
    meta: { ask: 'confirmStory' },
    on: {
      ANSWER: [
        { guard: 'eventIsYes' as const, actions: 'useStory' as const, target: 'danger' },
        { actions: 'dropStory' as const, target: 'danger' },
      ],
      CONFIRM: { actions: 'useStory' as const, target: 'danger' },
      EDIT: [
        { guard: 'editNamesQuestion' as const, actions: 'useStory' as const, target: 'danger' },
        { actions: 'dropStory' as const, target: 'danger' },
      ],
      UNCLEAR: { actions: 'miss' as const },
      HUMAN: HUMAN_NOTED,
    },
  },

  // Safety first: an emergency now stops everything.
  danger: ask('danger', 'dangerThen'),
  dangerThen: {
    always: [
      { guard: is('danger', 'yes'), target: '#emergency' },
      // "Not sure" is an answer, but it deserves the safety numbers before going on.
      { guard: { type: 'answerUnsure' as const, params: { q: 'danger' as const } }, actions: say('safetyReminder'), target: 'location' },
      { target: 'location' },
    ],
  },

  // Where the traveler is now. At the border or detained: callback details first, then page.
  location: ask('location', 'locationThen'),
  locationThen: branch([{ guard: is('location', 'at_border', 'detained'), target: 'urgentName' }], 'role'),
  urgentName: ask(questionOf('urgentName'), 'urgentPhone', 'urgentName'),
  urgentPhone: ask(questionOf('urgentPhone'), 'urgentAlert', 'urgentPhone'),
  urgentAlert: {
    always: [
      { guard: settled('canContinue'), target: 'canContinue' },
      { actions: say('urgentAlert'), target: 'canContinue' },
    ],
  },
  canContinue: ask('canContinue', 'canContinueThen'),
  canContinueThen: branch([{ guard: is('canContinue', 'no'), target: '#onHold' }], 'role'),

  // Who is writing.
  role: ask('role', 'roleThen'),
  roleThen: branch([{ guard: is('role', 'traveler'), target: 'reason' }], 'relationship'),
  relationship: ask('relationship', 'reason'),

  // Why they must come, with the details each reason needs.
  reason: ask('reason', 'reasonThen'),
  reasonThen: branch(
    [
      { guard: is('reason', 'medical'), target: 'patient' },
      { guard: is('reason', 'ill_relative', 'funeral', 'reunification'), target: 'relation' },
      { guard: is('reason', 'court'), target: 'court' },
    ],
    'story',
  ),
  patient: ask('patient', 'condition'),
  condition: ask('condition', 'provider'),
  provider: ask('provider', 'providerThen'),
  providerThen: branch([{ guard: is('reason', 'medical'), target: 'unavailableAtHome' }], 'neededBy'),
  unavailableAtHome: ask('unavailableAtHome', 'payer'),
  payer: ask('payer', 'neededBy'),
  relation: ask('relation', 'relationThen'),
  relationThen: branch(
    [
      { guard: is('reason', 'ill_relative'), target: 'prognosis' },
      { guard: is('reason', 'funeral'), target: 'deathDate' },
    ],
    'story',
  ),
  prognosis: ask('prognosis', 'provider'),
  deathDate: ask('deathDate', 'neededBy'),
  court: ask('court', 'caseNumber'),
  caseNumber: ask('caseNumber', 'courtRole'),
  courtRole: ask('courtRole', 'subpoena'),
  subpoena: ask('subpoena', 'neededBy'),
  story: ask('story', 'neededBy'),
  neededBy: ask('neededBy', 'stayLength'),
  stayLength: ask('stayLength', 'travelerName'),

  // The traveler.
  travelerName: ask('travelerName', 'isMinor'),
  isMinor: ask('isMinor', 'isMinorThen'),
  // A minor, or maybe one: does an adult travel with them (an unaccompanied minor is escalated)?
  isMinorThen: branch(
    [
      { guard: is('isMinor', 'yes'), target: 'accompanied' },
      { guard: unsure('isMinor'), target: 'accompanied' },
    ],
    'citizenship',
  ),
  accompanied: ask('accompanied', 'citizenship'),
  citizenship: ask('citizenship', 'whereNow'),
  whereNow: ask('whereNow', 'port'),
  port: ask('port', 'portThen'),
  portThen: branch([{ guard: is('location', 'in_us', 'detained'), target: 'fearOfReturn' }], 'otherParties'),
  fearOfReturn: ask('fearOfReturn', 'otherParties'),
  otherParties: ask('otherParties', 'criminal'),

  // Inadmissibility screening: one plain question per ground; a "yes" asks for the details.
  criminal: ask('criminal', 'criminalThen'),
  criminalThen: branch([{ guard: is('criminal', 'yes'), target: 'incidentDate' }], 'drugs'),
  incidentDate: ask('incidentDate', 'incidentPlace'),
  incidentPlace: ask('incidentPlace', 'incidentCharge'),
  incidentCharge: ask('incidentCharge', 'incidentOutcome'),
  incidentOutcome: ask('incidentOutcome', 'incidentSentence'),
  incidentSentence: ask('incidentSentence', 'anotherIncident'),
  // Asked after each incident. A "yes" stays recorded, with what was said with it, while the next
  // incident is asked about, and the question comes again after that one: only a "no" settles it.
  anotherIncident: {
    ...ask('anotherIncident', 'anotherIncidentThen'),
    always: { guard: { type: 'settledAs' as const, params: { q: 'anotherIncident' as const, values: ['no'] } }, target: 'anotherIncidentThen' },
  },
  anotherIncidentThen: {
    always: [{ guard: is('anotherIncident', 'yes'), actions: 'newIncident' as const, target: 'incidentDate' }, { target: 'drugs' }],
  },
  ...askWithDetails('drugs', 'drugsDetails', 'priorRemoval'),
  ...askWithDetails('priorRemoval', 'removalDetails', 'overstay'),
  ...askWithDetails('overstay', 'overstayDetails', 'misrepresentation'),
  ...askWithDetails('misrepresentation', 'misrepresentationDetails', 'health'),
  health: ask('health', 'security'),
  // A security concern is escalated (see summary/triage) and never asked about further.
  security: ask('security', 'refusals'),
  ...askWithDetails('refusals', 'refusalDetails', 'waivers'),
  ...askWithDetails('waivers', 'waiverDetails', 'documents'),

  documents: ask('documents', 'documentsThen'),
  documentsThen: branch([{ guard: is('role', 'traveler'), target: 'contactPhone' }], 'contactName'),

  // How the attorney reaches them.
  contactName: ask('contactName', 'contactPhone'),
  contactPhone: ask('contactPhone', 'contactEmail'),
  contactEmail: ask('contactEmail', 'bestTime'),
  bestTime: ask('bestTime', 'review'),

  // Read everything back; a number or the name of a fact corrects it.
  review: {
    meta: { ask: 'review' },
    entry: [{ type: 'arrive' as const, params: { state: 'review' } }],
    on: {
      CONFIRM: { actions: ['submit' as const, 'announceSubmitted' as const, say('submitted')], target: '#submitted' },
      EDIT: [{ guard: 'editNamesQuestion' as const, actions: ['reopenForEdit', 'jumpToReopened'] as const }, { actions: say('editWhich') }],
      UNCLEAR: { actions: say('reviewHow') },
    },
  },

  // A person was asked for and we have no number yet: take one, then carry on where we were.
  humanName: alreadyAskedForHuman(ask(questionOf('humanName'), 'humanPhone', 'humanName')),
  // Only entered when no number is known, so there is nothing to skip.
  humanPhone: alreadyAskedForHuman(ask(questionOf('humanPhone'), 'resuming', 'humanPhone', false)),
  resuming: { entry: 'resume' as const },
};

/**
 * Every state that asks something can be jumped to (BACK, corrections, resuming), but a story's
 * read-back: it is asked once, right after consent, and is on no path to come back to.
 */
const READ_BACK_STATES = ['borderNow', 'confirmStory'];
const jumpTargets = [
  ...Object.keys(intakeStates).filter((s) => 'meta' in (intakeStates as Record<string, object>)[s] && !READ_BACK_STATES.includes(s)),
  // Where a conversation with no question on its path yet comes back to.
  'storyCheck',
];

/**
 * Anything said in a state that no longer asks anything. With no question to ask again, every
 * message needs its answer here (BACK, RESTART and START included; a state that does more with
 * one overrides it), and a language switch says it again in the new language.
 */
const anyMessage = (actions: ReturnType<typeof say>) => ({
  ...Object.fromEntries(
    (['ANSWER', 'UNSURE', 'NONE', 'UNCLEAR', 'STORY', 'CONFIRM', 'EDIT', 'BACK', 'RESTART', 'START'] as const).map((e) => [e, { actions }]),
  ),
  LANGUAGE: { actions: ['setLanguage' as const, actions] },
});

/**
 * After the emergency message, the family writes again (not danger): the conversation goes on
 * where it was, their message not taken as an answer (it was written in the emergency). Refused
 * or sent already: as it was. Consented: the question it was at, asked again (the danger
 * question too, though answered yes). Not yet: the notice.
 */
function goOnAfterEmergency(first: Array<'setLanguage'> = []) {
  return [
    { guard: 'wasDeclined' as const, actions: [...first, say('declinedStill')], target: 'declined' },
    { guard: 'wasSubmitted' as const, actions: [...first, say('alreadySubmitted')], target: 'submitted' },
    { guard: 'consentGiven' as const, actions: [...first, say('goOn'), 'reopenCurrent' as const, 'resumeHere' as const] },
    { actions: [...first, say('goOn')], target: 'language' },
  ];
}

export const intakeMachine = intakeSetup.createMachine({
  id: 'intake',
  context: ({ input }) => ({
    intakeId: input.intakeId,
    reference: input.reference,
    channel: input.channel,
    createdAt: input.createdAt,
    completedAt: null,
    status: 'in_progress',
    language: input.language ?? null,
    consent: null,
    knownPhone: input.knownPhone ?? null,
    answers: {},
    incidents: [],
    opener: null,
    narrative: null,
    flags: [],
    path: [],
    reopen: null,
    resumeAt: null,
    misses: 0,
  }),
  initial: 'start',
  on: {
    // Danger now, wherever the conversation is: the 911 / 988 message first, staff alerted.
    DANGER: { actions: 'holdDanger', target: '.emergency' },
    HELP: { actions: say('help') },
    LANGUAGE: { actions: 'setLanguage' },
    HUMAN: { actions: [{ type: 'flag', params: { flag: 'asked_for_human' } }, say('humanAlerted')] },
    STOP: { actions: ['optOut', 'announceOptOut', say('stopped')], target: '.stopped' },
    MEDIA: { actions: say('mediaOnly') },
    DOCS: { actions: say('docsLink') },
    REMIND: { actions: say('reminder') },
    ABANDON: { actions: 'abandon' },
  },
  states: {
    start: {
      on: { OPEN: { actions: 'open', target: 'language' } },
    },
    // Before anything else: a language the notice can be read in, then the notice.
    language: {
      meta: { ask: 'language' },
      always: { guard: 'languageKnown', target: 'consent' },
      on: {
        ANSWER: { actions: { type: 'record', params: { q: 'language' } }, target: 'consent' },
        LANGUAGE: { actions: 'setLanguage', target: 'consent' },
        // A story instead of a language: the story tells the language.
        STORY: [{ guard: 'storyLanguageKnown', actions: ['holdStory', 'setLanguage', say('storyHeld')], target: 'consent' }, { actions: 'holdStory' }],
        UNSURE: { actions: ['miss', { type: 'reprompt', params: { q: 'language' } }] },
        NONE: { actions: ['miss', { type: 'reprompt', params: { q: 'language' } }] },
        UNCLEAR: { actions: ['miss', { type: 'reprompt', params: { q: 'language' } }] },
        // Nothing comes before the first question: it is asked again.
        BACK: { actions: { type: 'reprompt', params: { q: 'language' } } },
        RESTART: { actions: { type: 'reprompt', params: { q: 'language' } } },
      },
    },
    consent: {
      meta: { ask: 'consent' },
      on: {
        ANSWER: [
          { guard: 'eventIsYes', actions: ['holdToldWithConsent', 'acceptConsent'], target: 'intake' },
          { actions: ['decline', say('declined')], target: 'declined' },
        ],
        STORY: { actions: ['holdStory', say('storyHeld')] },
        UNSURE: { actions: ['miss', { type: 'reprompt', params: { q: 'consent' } }] },
        NONE: { actions: ['decline', say('declined')], target: 'declined' },
        UNCLEAR: { actions: ['miss', { type: 'reprompt', params: { q: 'consent' } }] },
        BACK: { actions: { type: 'reprompt', params: { q: 'consent' } } },
        RESTART: { actions: { type: 'reprompt', params: { q: 'consent' } } },
      },
    },
    declined: {
      on: { ...anyMessage(say('declinedStill')), START: { target: 'consent' } },
    },
    intake: {
      initial: 'storyCheck',
      on: {
        BACK: [{ guard: 'canGoBack', actions: 'goBack' }, { actions: say('nothingBefore') }],
        RESTART: { actions: ['restart', say('restarted')], target: '.danger' },
        HUMAN: [
          {
            guard: 'phoneUnknown',
            actions: [{ type: 'flag', params: { flag: 'asked_for_human' } }, say('humanAlerted'), 'rememberWhere'],
            target: '.humanName',
          },
          { actions: [{ type: 'flag', params: { flag: 'asked_for_human' } }, say('humanAlerted')] },
        ],
        JUMP: jumpTargets.map((state) => ({ guard: { type: 'jumpTo' as const, params: { state } }, target: `.${state}` })),
      },
      states: intakeStates,
    },
    // E0: danger now, from the danger question or any message (DANGER). Staff are alerted (an
    // escalation in the summary); the family is told to call 911 / 988. Danger again: the same
    // message. Anything else: the conversation goes on where it was (see goOnAfterEmergency).
    emergency: {
      id: 'emergency',
      entry: [{ type: 'flag', params: { flag: 'emergency_now' } }, say('emergency')],
      on: {
        DANGER: { actions: ['holdDanger', say('emergency')] },
        ...Object.fromEntries(
          (['ANSWER', 'UNSURE', 'NONE', 'UNCLEAR', 'STORY', 'CONFIRM', 'EDIT', 'BACK', 'START'] as const).map((e) => [e, goOnAfterEmergency()]),
        ),
        LANGUAGE: goOnAfterEmergency(['setLanguage']),
        RESTART: [
          ...goOnAfterEmergency().slice(0, 2),
          { guard: 'consentGiven' as const, actions: ['restart' as const, say('restarted')], target: '#intake.intake.danger' },
          ...goOnAfterEmergency().slice(3),
        ],
        // Back to the question it was at (raised by resumeHere).
        JUMP: jumpTargets.map((state) => ({ guard: { type: 'jumpTo' as const, params: { state } }, target: `#intake.intake.${state}` })),
      },
    },
    // E1 and they cannot go on now: an attorney calls them; any message later resumes the questions.
    onHold: {
      id: 'onHold',
      entry: say('onHold'),
      on: Object.fromEntries(
        Object.entries(anyMessage(say('welcomeBack'))).map(([e, t]) => [
          e,
          { ...t, actions: [t.actions, { type: 'reopenQuestion' as const, params: { q: 'canContinue' as const } }], target: '#intake.intake.canContinue' },
        ]),
      ),
    },
    // Said on the way in (CONFIRM), not on entry: back here after an emergency, it is not said again.
    submitted: {
      id: 'submitted',
      on: anyMessage(say('alreadySubmitted')),
    },
    // Opted out: nothing more is sent until START.
    stopped: {
      on: {
        START: [
          { guard: 'consentGiven', actions: ['resubscribe', say('resubscribed'), 'resumeHere'], target: 'intake' },
          { actions: ['resubscribe', say('resubscribed')], target: 'consent' },
        ],
        // Nothing is sent to an opted-out number unless it asks (HELP is answered, as carriers
        // require); danger now is always answered, and staff alerted.
        DANGER: { actions: [{ type: 'flag', params: { flag: 'emergency_now' } }, say('emergency')] },
        STOP: {},
        LANGUAGE: {},
        HUMAN: {},
        MEDIA: {},
        DOCS: {},
        REMIND: {},
        ABANDON: {},
      },
    },
  },
});

export type IntakeMachine = typeof intakeMachine;
