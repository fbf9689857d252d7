/**
 * The questions the intake can ask: what kind of answer each expects, which section of the
 * conversation it belongs to, and its choices. No wording lives here: every prompt, label and
 * re-prompt is in locales/<lang>/messages.json under `q.<id>`, so the paralegal edits text there
 * and the flow stays in intake.machine.ts.
 */

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

export const QUESTIONS = q({
  language: { kind: 'choice', section: 'start', options: ['en', 'fr', 'es'] },
  consent: { kind: 'yesno', section: 'start' },

  danger: { kind: 'yesno', section: 'safety', unsure: true },

  location: {
    kind: 'choice',
    section: 'where',
    options: ['outside_us', 'at_border', 'in_us', 'detained'],
    unsure: true,
  },
  canContinue: { kind: 'yesno', section: 'where' },

  role: {
    kind: 'choice',
    section: 'who',
    options: ['traveler', 'family', 'friend', 'lawyer', 'organization', 'other'],
  },
  relationship: { kind: 'text', section: 'who', unsure: true },

  reason: {
    kind: 'choice',
    section: 'reason',
    options: ['medical', 'ill_relative', 'funeral', 'court', 'reunification', 'other'],
    unsure: true,
  },
  patient: { kind: 'choice', section: 'reason', options: ['traveler', 'child', 'other_relative'] },
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
    options: ['witness', 'party', 'defendant', 'victim', 'other'],
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
    options: ['peace_bridge', 'rainbow_bridge', 'lewiston', 'whirlpool', 'buffalo_airport'],
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
    options: ['convicted', 'acquitted', 'withdrawn', 'diversion', 'pending', 'pardoned'],
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
    options: [
      'passport',
      'id',
      'doctor_letter',
      'court_order',
      'police_check',
      'court_records',
      'relationship_docs',
      'financial',
      'other',
    ],
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
