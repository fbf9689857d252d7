/**
 * The questions the intake can ask, one definition each: what kind of answer it expects, which
 * section of the conversation it belongs to, its choices, the summary field its answer fills and
 * how the attorney reads it. Everything else follows from the definition:
 * - the wording, in locales/<lang>/messages.json under `q.<id>` (see questionKeys: prompt, label,
 *   options) and, for the attorney, locales/en/labels.json (`field.<path>`, and the group of a
 *   choice's values);
 * - the summary (src/summary/fields.ts reads the answer into its field, by its kind and the
 *   field's type), what is missing or "not sure" (src/summary/triage.ts), and the rows the plain
 *   text, the dashboard and the PDF show (src/summary/detail-rows.ts);
 * - when it is asked: its state in dialogs/intake.machine.ts.
 * CONTRIBUTING.md walks through adding one.
 *
 * Choices that are values of the summary contract are the contract's own lists
 * (src/summary/contract.ts), never copies: an answer is the value the attorney receives.
 */
import type { LabelGroup } from '../src/i18n/labels';
import { COURT_ROLES, DOCUMENTS, LOCATIONS, OUTCOMES, PATIENTS, REASONS, ROLES, type Incident } from '../src/summary/contract';
import { INCIDENT_PREFIX, type FieldPath } from '../src/summary/field-paths';
import type { Mapped } from '../src/summary/fields';
import { PORT_SUMMARIES } from '../src/nlu/portData';
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
  | 'place'; // a city, a province or state, and a country

/** Sections give the progress shown to the user ("step 3 of 9"). */
export const SECTIONS = ['start', 'safety', 'where', 'who', 'reason', 'traveler', 'history', 'documents', 'contact', 'review'] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * Whether the attorney needs the fact: while it is unknown it is listed in triage.missing (a
 * "not sure" is listed whatever this says). A function says when: given the summary's facts so
 * far and, for a question of the incident loop, the incident.
 */
export type Needed = boolean | ((facts: Mapped, incident: Incident | null) => boolean);

export interface QuestionDef {
  kind: AnswerKind;
  section: Section;
  /** Choice values (for choice, choiceOrText, multi); labels are `q.<id>.options.<value>`. */
  options?: readonly string[];
  /** "Not sure" is a valid answer (recorded as `unsure`). */
  unsure?: boolean;
  /** The user may skip it ("no", "none", "skip"). */
  optional?: boolean;
  /**
   * None is an answer when the words say so, though it is not offered and "skip" is not one: a
   * stateless traveler has no citizenship ("stateless", "apatride", "apátrida").
   */
  noneWhenSaid?: boolean;
  /** Answers to this question are sensitive (history, medical): cleared if consent is declined. */
  sensitive?: boolean;
  /**
   * The summary field the answer fills, a path into the contract; a place fills three (the
   * country, the city, the province or state). Questions without one steer the conversation
   * (language, consent, danger…).
   */
  field?: FieldPath | readonly FieldPath[];
  /** The attorney needs the (first) field: see Needed. */
  needed?: Needed;
  /** The labels.json group that words the field's values for the attorney (choice and multi). */
  labels?: LabelGroup;
  /** A text that is a name or a code, shown as is; other text is the family's own words, quoted. */
  plain?: true;
  /** choiceOrText: the summary's value for each option (free text is kept as written). */
  values?: Readonly<Record<string, string>>;
  /** The details of a screening "yes": the label its line in history.notes starts with. */
  note?: string;
}

const q = <T extends Record<string, QuestionDef>>(defs: T) => defs;

/** A contract list without its 'unsure': "not sure" is the question's `unsure`, not one of its choices. */
const choicesOf = <T extends string>(values: readonly T[]): ReadonlyArray<Exclude<T, 'unsure'>> =>
  values.filter((v): v is Exclude<T, 'unsure'> => v !== 'unsure');

/**
 * The ports near Buffalo offered as choices, by option id, and the name the summary gives each
 * (traveler.intendedPort is free text in the contract). Any other U.S. port of entry named in
 * words is stored by its id in the ports file (src/nlu/geodata/ports.json) and shown by its name
 * there; a port the file does not know is kept as written.
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

/** Someone writing for the traveler says how they are related. */
const forSomeoneElse = (f: Mapped) => f.contact.role !== null && f.contact.role !== 'traveler';
/** Only these reasons are asked for the story; the others have their details. */
const storyAsked = (f: Mapped) => f.request.reason === null || f.request.reason === 'other' || f.request.reason === 'reunification';
/** A port matters only for someone who still has to cross. */
const stillToCross = (f: Mapped) => f.traveler.locationNow !== 'in_us' && f.traveler.locationNow !== 'detained';
/** Asked of a traveler in the U.S. or detained (for whom ICE parole and removal are in play). */
const inTheUs = (f: Mapped) => f.traveler.locationNow === 'in_us' || f.traveler.locationNow === 'detained';
/** The sentence decides a lot for a conviction (a petty offence); otherwise it is optional. */
const convicted = (_: Mapped, incident: Incident | null) => incident?.outcome === 'convicted';

export const QUESTIONS = q({
  language: { kind: 'choice', section: 'start', options: LANGUAGES },
  consent: { kind: 'yesno', section: 'start' },

  danger: { kind: 'yesno', section: 'safety', unsure: true },

  location: { kind: 'choice', section: 'where', options: LOCATIONS, unsure: true, field: 'traveler.locationNow', needed: true, labels: 'location' },
  canContinue: { kind: 'yesno', section: 'where' },

  role: { kind: 'choice', section: 'who', options: ROLES, field: 'contact.role', needed: true, labels: 'role' },
  relationship: { kind: 'text', section: 'who', unsure: true, field: 'contact.relationshipToTraveler', needed: forSomeoneElse },

  reason: { kind: 'choice', section: 'reason', options: REASONS, unsure: true, field: 'request.reason', needed: true, labels: 'reason' },
  // The details: each applies to the reasons that ask it (src/summary/fields.ts DETAIL_KEYS).
  patient: { kind: 'choice', section: 'reason', options: PATIENTS, field: 'request.details.patient', needed: true, labels: 'patient' },
  condition: { kind: 'text', section: 'reason', unsure: true, sensitive: true, field: 'request.details.condition', needed: true },
  provider: { kind: 'text', section: 'reason', unsure: true, field: 'request.details.provider', needed: true },
  unavailableAtHome: { kind: 'yesno', section: 'reason', unsure: true, sensitive: true, field: 'request.details.unavailableAtHome', needed: true },
  payer: { kind: 'text', section: 'reason', unsure: true, field: 'request.details.payer', needed: true },
  relation: { kind: 'text', section: 'reason', unsure: true, field: 'request.details.relation', needed: true },
  prognosis: { kind: 'text', section: 'reason', unsure: true, sensitive: true, field: 'request.details.prognosis', needed: true },
  deathDate: { kind: 'pastDate', section: 'reason', unsure: true, field: 'request.details.dateOfDeath', needed: true },
  court: { kind: 'text', section: 'reason', unsure: true, field: 'request.details.court', needed: true },
  caseNumber: { kind: 'text', section: 'reason', unsure: true, optional: true, field: 'request.details.caseNumber', needed: true, plain: true },
  courtRole: { kind: 'choice', section: 'reason', options: COURT_ROLES, unsure: true, field: 'request.details.courtRole', needed: true, labels: 'courtRole' },
  subpoena: { kind: 'yesno', section: 'reason', unsure: true, field: 'request.details.subpoena', needed: true },
  story: { kind: 'text', section: 'reason', unsure: true, sensitive: true, field: 'request.narrative', needed: storyAsked },
  neededBy: { kind: 'futureDate', section: 'reason', unsure: true, field: 'request.neededBy', needed: true },
  stayLength: { kind: 'duration', section: 'reason', unsure: true, field: 'request.stayDays', needed: true },

  travelerName: { kind: 'text', section: 'traveler', unsure: true, field: 'traveler.name', needed: true, plain: true },
  isMinor: { kind: 'yesno', section: 'traveler', unsure: true, field: 'traveler.isMinor', needed: true },
  accompanied: { kind: 'yesno', section: 'traveler', unsure: true, field: 'traveler.accompaniedByAdult', needed: (f) => f.traveler.isMinor === true },
  citizenship: { kind: 'countries', section: 'traveler', unsure: true, noneWhenSaid: true, field: 'traveler.citizenships', needed: true },
  whereNow: { kind: 'place', section: 'traveler', unsure: true, field: ['traveler.country', 'traveler.city', 'traveler.region'], needed: true },
  port: {
    kind: 'choiceOrText',
    section: 'traveler',
    options: PORT_IDS,
    unsure: true,
    field: 'traveler.intendedPort',
    needed: stillToCross,
    values: { ...PORT_SUMMARIES, ...PORTS },
  },
  fearOfReturn: { kind: 'yesno', section: 'traveler', unsure: true, sensitive: true, field: 'traveler.fearOfReturn', needed: inTheUs },
  otherParties: { kind: 'names', section: 'traveler', unsure: true, optional: true, field: 'otherParties' },

  // The screening: one yes / no per ground; a "yes" asks for the details, kept in history.notes.
  criminal: { kind: 'yesno', section: 'history', unsure: true, sensitive: true, field: 'history.criminal', needed: true },
  incidentDate: { kind: 'pastDate', section: 'history', unsure: true, sensitive: true, field: 'history.incidents[].date', needed: true },
  incidentPlace: { kind: 'text', section: 'history', unsure: true, sensitive: true, field: 'history.incidents[].place', needed: true },
  incidentCharge: { kind: 'text', section: 'history', unsure: true, sensitive: true, field: 'history.incidents[].charge', needed: true },
  incidentOutcome: {
    kind: 'choice',
    section: 'history',
    options: choicesOf(OUTCOMES),
    unsure: true,
    sensitive: true,
    field: 'history.incidents[].outcome',
    needed: true,
    labels: 'outcome',
  },
  incidentSentence: {
    kind: 'text',
    section: 'history',
    unsure: true,
    optional: true,
    sensitive: true,
    field: 'history.incidents[].sentence',
    needed: convicted,
  },
  anotherIncident: { kind: 'yesno', section: 'history' },
  drugs: { kind: 'yesno', section: 'history', unsure: true, sensitive: true, field: 'history.drugs', needed: true },
  drugsDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true, field: 'history.notes', note: 'Drugs' },
  priorRemoval: { kind: 'yesno', section: 'history', unsure: true, sensitive: true, field: 'history.priorRemoval', needed: true },
  removalDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true, field: 'history.notes', note: 'Prior removal' },
  overstay: { kind: 'yesno', section: 'history', unsure: true, sensitive: true, field: 'history.overstay', needed: true },
  overstayDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true, field: 'history.notes', note: 'Overstay' },
  misrepresentation: { kind: 'yesno', section: 'history', unsure: true, sensitive: true, field: 'history.misrepresentation', needed: true },
  misrepresentationDetails: {
    kind: 'text',
    section: 'history',
    unsure: true,
    sensitive: true,
    field: 'history.notes',
    note: 'Misrepresentation',
  },
  health: { kind: 'yesno', section: 'history', unsure: true, sensitive: true, field: 'history.health', needed: true },
  security: { kind: 'yesno', section: 'history', unsure: true, sensitive: true, field: 'history.security', needed: true },
  refusals: { kind: 'yesno', section: 'history', unsure: true, sensitive: true, field: 'history.refusals', needed: true },
  refusalDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true, field: 'history.notes', note: 'Refusals' },
  waivers: { kind: 'yesno', section: 'history', unsure: true, sensitive: true, field: 'history.waivers', needed: true },
  waiverDetails: { kind: 'text', section: 'history', unsure: true, sensitive: true, field: 'history.notes', note: 'Waivers' },

  documents: { kind: 'multi', section: 'documents', options: DOCUMENTS, optional: true, field: 'documentsOnHand', labels: 'document' },

  contactName: { kind: 'text', section: 'contact', field: 'contact.name', needed: true, plain: true },
  contactPhone: { kind: 'phone', section: 'contact', field: 'contact.phone', needed: true },
  contactEmail: { kind: 'email', section: 'contact', optional: true, field: 'contact.email' },
  bestTime: { kind: 'text', section: 'contact', unsure: true, optional: true, field: 'contact.bestTime' },
});

export type QuestionId = keyof typeof QUESTIONS;
export const QUESTION_IDS = Object.keys(QUESTIONS) as QuestionId[];

export function questionDef(id: QuestionId): QuestionDef {
  return QUESTIONS[id];
}

/** The summary fields a question fills, in its definition's order (none for one that steers). */
export function fieldsOf(id: QuestionId): readonly FieldPath[] {
  const field = questionDef(id).field;
  return field === undefined ? [] : typeof field === 'string' ? [field] : field;
}

/** Where the wording of a question is: locales/<lang>/messages.json. */
export function questionKeys(id: QuestionId) {
  return {
    prompt: `q.${id}.prompt`,
    /** What the review calls it when it reads the answer back. */
    label: `q.${id}.label`,
    option: (value: string) => `q.${id}.options.${value}`,
    /** Said before the question, when present. */
    intro: `q.${id}.intro`,
    /** Its own re-prompt, when present (else the one of its kind: `reprompt.<kind>`). */
    reprompt: `q.${id}.reprompt`,
  };
}

type Defs = typeof QUESTIONS;
/** The questions answered once per criminal incident, inside the incident loop: those filling an incident's field. */
export type IncidentQuestion = {
  [K in keyof Defs]: Defs[K] extends { field: `${typeof INCIDENT_PREFIX}${string}` } ? K : never;
}[keyof Defs];
export const INCIDENT_QUESTIONS = QUESTION_IDS.filter((id): id is IncidentQuestion => fieldsOf(id)[0]?.startsWith(INCIDENT_PREFIX) ?? false);
/** Each incident question and the field of the incident it fills. */
export const INCIDENT_FIELDS = Object.fromEntries(INCIDENT_QUESTIONS.map((id) => [id, fieldsOf(id)[0].slice(INCIDENT_PREFIX.length)])) as Record<
  IncidentQuestion,
  keyof Incident
>;
export const isIncidentQuestion = (id: string): id is IncidentQuestion => id in INCIDENT_FIELDS;
