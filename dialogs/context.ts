/**
 * What the intake remembers (the statechart's context) and the events it understands.
 * Everything here is plain JSON so a persisted snapshot can be stored and restored as is.
 */
import type { QuestionId, IncidentQuestion } from './questions';
import type { CHANNELS, STATUSES } from '../src/summary/contract';

export const LANGUAGES = ['en', 'fr', 'es'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const isLang = (x: unknown): x is Lang => typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);

/** The contract's channels (src/summary/contract.ts). */
export type Channel = (typeof CHANNELS)[number];

/**
 * A city, a province or state, and a country (ISO 3166-1 alpha-2), each possibly unknown. The
 * region is absent from places recorded before it existed, and when the words name none.
 */
export interface Place {
  city: string | null;
  region?: string | null;
  country: string | null;
}

/**
 * A value understood from the user's words, by answer kind:
 * choice / yesno ('yes' | 'no') / text / dates (YYYY-MM-DD, YYYY-MM or YYYY) / phone (E.164) /
 * email / choiceOrText: string; duration: number of days; multi / names / countries: string[];
 * place: Place.
 */
export type Value = string | number | string[] | Place;

/**
 * "Not sure" and "none / skip" are answers too, never dead ends. Any answer may keep `details`:
 * the rest of the message the attorney must still see ("mornings, but leave a message" is
 * `mornings` with its details), in the family's words (dialogs/answers.ts detailsOf).
 */
export interface Unsure {
  unsure: true;
  details?: string;
  /** The date needed: "as soon as possible" / "no exact date". No date is invented for it. */
  asap?: true;
}
export interface Skipped {
  none: true;
  details?: string;
}
export type Answer = { value: Value; details?: string } | Unsure | Skipped;

export const isUnsure = (a: Answer | undefined): a is Unsure => !!a && 'unsure' in a;
export const isSkipped = (a: Answer | undefined): a is Skipped => !!a && 'none' in a;

export type Answers = Partial<Record<QuestionId, Answer>>;

/** One criminal incident, answered field by field in the incident loop. */
export type IncidentAnswers = Partial<Record<IncidentQuestion, Answer>>;

/** What could be understood from a message that tells the whole story at once. */
export interface Facts {
  answers: Answers;
  incidents: IncidentAnswers[];
}

/** Reasons recorded by the conversation itself; the others follow from the answers (summary/triage). */
export const FLAGS = ['emergency_now', 'asked_for_human'] as const;
export type ConversationFlag = (typeof FLAGS)[number];

/** The contract's statuses, and 'declined' (the notice was refused; the summary says abandoned). */
export type IntakeStatus = (typeof STATUSES)[number] | 'declined';

export interface Consent {
  noticeVersion: string;
  acceptedAt: string;
  channel: Channel;
}

export interface IntakeContext {
  intakeId: string;
  reference: string;
  channel: Channel;
  createdAt: string;
  completedAt: string | null;
  status: IntakeStatus;
  language: Lang | null;
  consent: Consent | null;
  /** The phone number the channel knows (the SMS sender), offered as the callback number. */
  knownPhone: string | null;
  answers: Answers;
  incidents: IncidentAnswers[];
  /**
   * A story told before consent, and what was understood from it: held, and used only once
   * consent is given and the family has confirmed what was read back (the chart's confirmStory).
   */
  opener: { text: string; facts: Facts } | null;
  /** The user's own account of the situation, in their words. */
  narrative: string | null;
  flags: ConversationFlag[];
  /**
   * The question states on the way from the first question to the one asked now (the last),
   * including those skipped because they were already answered. Going back to one of them cuts
   * the path there and the way forward rebuilds it, so after a correction it holds exactly the
   * questions that apply: the review reads it, BACK walks it.
   */
  path: string[];
  /** A question to ask again even though it has an answer (BACK, or a correction at review). */
  reopen: QuestionId | null;
  /** Answers in a row that could not be understood. */
  misses: number;
  /** Where to come back to after taking a callback number for a person (HUMAN). */
  resumeAt: string | null;
}

export interface IntakeInput {
  intakeId: string;
  reference: string;
  channel: Channel;
  createdAt: string;
  language?: Lang | null;
  knownPhone?: string | null;
}

type At = { at: string };
/**
 * What else an answer says: the rest of the message kept for the attorney, and the answers it
 * also gives to other questions ("I'm his wife" at role: also the relationship), recorded where
 * those questions have no answer yet.
 */
type Said = { details?: string; also?: Answers };
export type IntakeEvent =
  /** The conversation opens: a greeting to answer, or a first message that may tell the story. */
  | ({ type: 'OPEN'; story?: { text: string; facts: Facts }; language?: Lang | null } & At)
  | ({ type: 'ANSWER'; value: Value } & Said & At)
  | ({ type: 'UNSURE'; asap?: true } & Said & At)
  | ({ type: 'NONE' } & Said & At)
  /**
   * Not an answer to the question asked (it is asked again); it may still answer others. `noise`
   * when it was noise (a link, emoji, keyboard mash…): asked again briefly.
   */
  | ({ type: 'UNCLEAR'; also?: Answers; noise?: true } & At)
  /** A story told where a short answer was expected (before consent). */
  | ({ type: 'STORY'; text: string; facts: Facts; language?: Lang | null } & At)
  /**
   * Danger or a medical crisis happening now (src/nlu/danger.ts), at any point: the 911 / 988
   * message first, staff alerted. The message is kept like a story (held before consent).
   */
  | ({ type: 'DANGER'; text: string; facts: Facts; language?: Lang | null } & At)
  | ({ type: 'HELP' } & At)
  | ({ type: 'BACK' } & At)
  | ({ type: 'RESTART' } & At)
  | ({ type: 'HUMAN' } & At)
  /** DOCS, DOCUMENTS, PIÈCES, DOCUMENTOS: the secure link to send documents (made where replies are rendered). */
  | ({ type: 'DOCS' } & At)
  | ({ type: 'STOP' } & At)
  | ({ type: 'START' } & At)
  | ({ type: 'LANGUAGE'; language: Lang } & At)
  /** At review: send it. */
  | ({ type: 'CONFIRM' } & At)
  /** At review: correct the answer to this question. */
  | ({ type: 'EDIT'; question: QuestionId | null } & At)
  /** A picture or file with no words (MMS): thanked, and asked for words. */
  | ({ type: 'MEDIA' } & At)
  /** Inactivity, from the scheduler: one reminder, then the intake is marked abandoned. */
  | ({ type: 'REMIND' } & At)
  | ({ type: 'ABANDON' } & At)
  /** Internal: go to the state of a question (raised by BACK, EDIT and after a callback). */
  | { type: 'JUMP'; state: string };

/** What the statechart says; the engine renders each through locales/ for the channel. */
export type IntakeEmitted =
  | { type: 'say'; key: string; vars?: Record<string, string> }
  | { type: 'reprompt'; question: QuestionId; offerHuman: boolean; brief?: boolean }
  | { type: 'optOut' }
  | { type: 'submitted' };
