/**
 * The questions the intake can ask: what kind of answer each expects, which section of the
 * conversation it belongs to, and its choices. No wording lives here: every prompt, label and
 * re-prompt is in locales/<lang>/messages.json under `q.<id>`, so the paralegal edits text there
 * and the flow stays in intake.machine.ts.
 *
 * Choices that are values of the summary contract are the contract's own lists
 * (src/summary/contract.ts), never copies: an answer is the value the attorney receives.
 */
import { COURT_ROLES, DOCUMENTS, LOCATIONS, OUTCOMES, PATIENTS, REASONS, ROLES } from '../src/summary/contract';
import { LANGUAGES } from './context';

/** How an answer is understood (src/nlu turns free text into a value of this kind). */
export type AnswerKind =
  | 'choice' // one of `options`, by number, word or synonym
  | 'choiceOrText' // one of `options`, or any short free text kept as said
  | 'multi' // several of `options` ("1 3", "passport and doctor letter") or none
  | 'yesno' // yes / no (and not sure where `unsure` is allowed)
  | 'text' // free text in the user's own words
  | 'names' // a list of names, or none
  | 'futureDate' // a day the traveler must be there, resolved in the firm's time zone
  | 'pastDate' // when something happened: a day, a month or a year
  | 'duration' // how long: "3 months" -> 90 days
  | 'phone' // to E.164
  | 'email'
  | 'countries' // ISO 3166-1 alpha-2 codes
  | 'place'; // a city and a country

/** Sections give the progress shown to the user ("step 3 of 9"). */
export const SECTIONS = [
  'start',
  'safety',
  'where',
  'who',
  'reason',
  'traveler',
  'history',
  'documents',
  'contact',
  'review',
] as const;
export type Section = (typeof SECTIONS)[number];

export interface QuestionDef {
  kind: AnswerKind;
  section: Section;
  /** Choice values (for choice, choiceOrText, multi); labels are `q.<id>.options.<value>`. */
  options?: readonly string[];
  /** "Not sure" is a valid answer (recorded as `unsure`). */
  unsure?: boolean;
  /** The user may skip it ("no", "none", "skip"). */
  optional?: boolean;
  /** Answers to this question are sensitive (history, medical): cleared if consent is declined. */
  sensitive?: boolean;
}

const q = <T extends Record<string, QuestionDef>>(defs: T) => defs;

/** A contract list without its 'unsure': "not sure" is the question's `unsure`, not one of its choices. */
const choicesOf = <T extends string>(values: readonly T[]): ReadonlyArray<Exclude<T, 'unsure'>> =>
  values.filter((v): v is Exclude<T, 'unsure'> => v !== 'unsure');

/**
 * The ports near Buffalo offered as choices, by option id, and the name the summary gives each
 * (traveler.intendedPort is free text in the contract: a port not listed is kept as written).
 */
export const PORTS = {
  peace_bridge: 'Peace Bridge (Buffalo, NY)',
  rainbow_bridge: 'Rainbow Bridge (Niagara Falls, NY)',
  lewiston: 'Lewiston-Queenston Bridge (Lewiston, NY)',
  whirlpool: 'Whirlpool Rapids Bridge (Niagara Falls, NY)',
  buffalo_airport: 'Buffalo Niagara International Airport',
} as const;
export type PortId = keyof typeof PORTS;
const PORT_IDS = Object.keys(PORTS) as PortId[];

export const QUESTIONS = q({
  language: { kind: 'choice', section: 'start', options: LANGUAGES },
  consent: { kind: 'yesno', section: 'start' },

  danger: { kind: 'yesno', section: 'safety', unsure: true },

  location: {
    kind: 'choice',
    section: 'where',
    options: LOCATIONS,
    unsure: true,
  },
  canContinue: { kind: 'yesno', section: 'where' },

  role: {
    kind: 'choice',
    section: 'who',
    options: ROLES,
  },
  relationship: { kind: 'text', section: 'who', unsure: true },

  reason: {
    kind: 'choice',
    section: 'reason',
    options: REASONS,
    unsure: true,
  },
  patient: { kind: 'choice', section: 'reason', options: PATIENTS },
  condition: { kind: 'text', section: 'reason', unsure: true, sensitive: true },
  provider: { kind: 'text', section: 'reason', unsure: true },
  unavailableAtHome: { kind: 'yesno', section: 'reason', unsure: true, sensitive: true },
  payer: { kind: 'text', section: 'reason', unsure: true },
  relation: { kind: 'text', section: 'reason', unsure: true },
  prognosis: { kind: 'text', section: 'reason', unsure: true, sensitive: true },
  deathDate: { kind: 'pastDate', section: 'reason', unsure: true },
  court: { kind: 'text', section: 'reason', unsure: true },
  caseNumber: { kind: 'text', section: 'reason', unsure: true, optional: true },
  courtRole: {
    kind: 'choice',
    section: 'reason',
    options: COURT_ROLES,
    unsure: true,
  },
  subpoena: { kind: 'yesno', section: 'reason', unsure: true },
  story: { kind: 'text', section: 'reason', unsure: true, sensitive: true },
  neededBy: { kind: 'futureDate', section: 'reason', unsure: true },
  stayLength: { kind: 'duration', section: 'reason', unsure: true },

  travelerName: { kind: 'text', section: 'traveler', unsure: true },
  isMinor: { kind: 'yesno', section: 'traveler', unsure: true },
  accompanied: { kind: 'yesno', section: 'traveler', unsure: true },
  citizenship: { kind: 'countries', section: 'traveler', unsure: true },
  whereNow: { kind: 'place', section: 'traveler', unsure: true },
  port: {
    kind: 'choiceOrText',
    section: 'traveler',
    options: PORT_IDS,
    unsure: true,
  },
  fearOfReturn: { kind: 'yesno', section: 'traveler', unsure: true, sensitive: true },
  otherParties: { kind: 'names', section: 'traveler', unsure: true, optional: true },

  criminal: { kind: 'yesno', section: 'history', unsure: true, sensitive: true },
  incidentDate: { kind: 'pastDate', section: 'history', unsure: true, sensitive: true },
  incidentPlace: { kind: 'text', section: 'history', unsure: true, sensitive: true },
  incidentCharge: { kind: 'text', section: 'history', unsure: true, sensitive: true },
  incidentOutcome: {
    kind: 'choice',
    section: 'history',
    options: choicesOf(OUTCOMES),
    unsure: true,
    sensitive: true,
  },
  incidentSentence: { kind: 'text', section: 'history', unsure: true, optional: true, sensitive: true },
  anotherIncident: { kind: 'yesno', section: 'history' },
  drugs: { kind: 'yesno', section: 'history', unsure: true, sensitive: true },
  drugsDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true },
  priorRemoval: { kind: 'yesno', section: 'history', unsure: true, sensitive: true },
  removalDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true },
  overstay: { kind: 'yesno', section: 'history', unsure: true, sensitive: true },
  overstayDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true },
  misrepresentation: { kind: 'yesno', section: 'history', unsure: true, sensitive: true },
  misrepresentationDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true },
  health: { kind: 'yesno', section: 'history', unsure: true, sensitive: true },
  security: { kind: 'yesno', section: 'history', unsure: true, sensitive: true },
  refusals: { kind: 'yesno', section: 'history', unsure: true, sensitive: true },
  refusalDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true },
  waivers: { kind: 'yesno', section: 'history', unsure: true, sensitive: true },
  waiverDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true },

  documents: {
    kind: 'multi',
    section: 'documents',
    options: DOCUMENTS,
    optional: true,
  },

  contactName: { kind: 'text', section: 'contact' },
  contactPhone: { kind: 'phone', section: 'contact' },
  contactEmail: { kind: 'email', section: 'contact', optional: true },
  bestTime: { kind: 'text', section: 'contact', unsure: true, optional: true },
});

export type QuestionId = keyof typeof QUESTIONS;
export const QUESTION_IDS = Object.keys(QUESTIONS) as QuestionId[];

/** The questions answered once per criminal incident, inside the incident loop. */
export const INCIDENT_FIELDS = {
  incidentDate: 'date',
  incidentPlace: 'place',
  incidentCharge: 'charge',
  incidentOutcome: 'outcome',
  incidentSentence: 'sentence',
} as const;
export type IncidentQuestion = keyof typeof INCIDENT_FIELDS;
export const isIncidentQuestion = (id: string): id is IncidentQuestion => id in INCIDENT_FIELDS;

export function questionDef(id: QuestionId): QuestionDef {
  return QUESTIONS[id];
}
