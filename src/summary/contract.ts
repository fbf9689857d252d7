/**
 * The intake summary contract (schemaVersion 1), as a zod schema: what the attorney receives, what
 * the attorney API returns and what a webhook carries. Field names and enum values are fixed by
 * /work/shared/domain/summary-contract.md; integrations are built against them, so nothing here is
 * renamed. Objects are strict so a typo or a stray field fails at parse time instead of reaching
 * an integration. Fields we add (the contract allows additions) are marked "added".
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

export const STATUSES = ['in_progress', 'complete', 'abandoned', 'opted_out'] as const;
export const CHANNELS = ['sms', 'whatsapp', 'webchat', 'botframework', 'cli'] as const;
export const TIERS = ['E0', 'E1', 'U1', 'U2', 'U3', 'R'] as const;
export const ESCALATION_REASONS = [
  'emergency_now',
  'at_border',
  'detained',
  'needed_within_72h',
  'prior_removal',
  'unaccompanied_minor',
  'fear_of_return',
  'security_flag',
  'open_charges',
  'asked_for_human',
] as const;
export const POSSIBLE_PATHS = ['cbp_port_parole', 'uscis_i131_parole', 'i192_waiver', 'i212_permission', 'ice_parole', 'consular_waiver'] as const;
export const FEE_EXEMPTIONS = ['medical_emergency', 'parent_of_minor_patient', 'organ_donor', 'relative_near_death', 'funeral', 'law_enforcement'] as const;
export const ROLES = ['traveler', 'family', 'friend', 'lawyer', 'organization', 'other'] as const;
export const LOCATIONS = ['outside_us', 'at_border', 'in_us', 'detained'] as const;
export const REASONS = ['medical', 'ill_relative', 'funeral', 'court', 'reunification', 'other'] as const;
export const PATIENTS = ['traveler', 'child', 'other_relative'] as const;
export const COURT_ROLES = ['witness', 'party', 'defendant', 'victim', 'other'] as const;
export const YES_NO_UNSURE = ['yes', 'no', 'unsure'] as const;
export const OUTCOMES = ['convicted', 'acquitted', 'withdrawn', 'diversion', 'pending', 'pardoned', 'unsure'] as const;
export const DOCUMENTS = [
  'passport',
  'id',
  'doctor_letter',
  'court_order',
  'police_check',
  'court_records',
  'relationship_docs',
  'financial',
  'other',
] as const;
/** The inadmissibility grounds screened, in the order of history. */
export const GROUNDS = ['criminal', 'drugs', 'priorRemoval', 'overstay', 'misrepresentation', 'health', 'security', 'refusals', 'waivers'] as const;

export type Tier = (typeof TIERS)[number];
export type EscalationReason = (typeof ESCALATION_REASONS)[number];
export type PossiblePath = (typeof POSSIBLE_PATHS)[number];
export type FeeExemption = (typeof FEE_EXEMPTIONS)[number];
export type Reason = (typeof REASONS)[number];
export type YesNoUnsure = (typeof YES_NO_UNSURE)[number];
export type Ground = (typeof GROUNDS)[number];

const yesNoUnsure = z.enum(YES_NO_UNSURE).nullable();
// Formats the contract states in its comments; checking them keeps a bad value from leaking out.
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date(); // YYYY-MM-DD
const country = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2');
const e164 = z.string().regex(/^\+[1-9]\d{1,14}$/, 'E.164');

const TriageSchema = z.strictObject({
  tier: z.enum(TIERS).nullable(),
  escalationReasons: z.array(z.enum(ESCALATION_REASONS)),
  possiblePaths: z.array(z.enum(POSSIBLE_PATHS)),
  feeExemptionIndicators: z.array(z.enum(FEE_EXEMPTIONS)),
  missing: z.array(z.string()),
  /** added: summary paths the user answered "not sure" (also listed in `missing`). */
  unsure: z.array(z.string()),
  /**
   * added: the family was asked by what date the traveler is needed and gave none ("not sure",
   * "as soon as possible"), or the intake finished without one: `tier` then comes from what is
   * known (the reason, danger, where the traveler is), not from a date (src/summary/triage.ts).
   * Absent from summaries stored before it existed: read as false.
   */
  dateUnknown: z.boolean().default(false),
});

const ConsentSchema = z.strictObject({
  noticeVersion: z.string(),
  acceptedAt: z.string(),
  channel: z.string(),
});

const ContactSchema = z.strictObject({
  role: z.enum(ROLES).nullable(),
  relationshipToTraveler: z.string().nullable(),
  name: z.string().nullable(),
  phone: e164.nullable(),
  // Only a string: a strict e-mail regex would reject some valid addresses and lose the intake.
  email: z.string().nullable(),
  bestTime: z.string().nullable(),
});

const TravelerSchema = z.strictObject({
  name: z.string().nullable(),
  citizenships: z.array(country),
  locationNow: z.enum(LOCATIONS).nullable(),
  country: country.nullable(),
  city: z.string().nullable(),
  /**
   * added: the province or state the traveler is in, when the family named one ("Quebec",
   * "Nuevo León"); its English name. Absent from summaries stored before it existed: read as null.
   */
  region: z.string().nullable().default(null),
  intendedPort: z.string().nullable(),
  isMinor: z.boolean().nullable(),
  /**
   * added: is the traveler afraid of returning home (asked of a traveler in the U.S. or detained);
   * "not sure" kept as 'unsure'. Absent from summaries stored before it existed: read as null.
   */
  fearOfReturn: yesNoUnsure.default(null),
  /**
   * added: will an adult (a parent or guardian) travel with the traveler, asked when the traveler
   * is or may be a minor (a minor travelling alone is escalated). Absent from summaries stored
   * before it existed: read as null.
   */
  accompaniedByAdult: yesNoUnsure.default(null),
});

const DetailsSchema = z.strictObject({
  patient: z.enum(PATIENTS).optional(),
  condition: z.string().optional(),
  provider: z.string().optional(),
  unavailableAtHome: z.enum(YES_NO_UNSURE).optional(),
  payer: z.string().optional(),
  relation: z.string().optional(),
  prognosis: z.string().optional(),
  court: z.string().optional(),
  caseNumber: z.string().optional(),
  courtRole: z.enum(COURT_ROLES).optional(),
  hearingDates: z.array(z.string()).optional(),
  subpoena: z.enum(YES_NO_UNSURE).optional(),
  /** added: for a funeral; a day, a month or a year as the user gave it. */
  dateOfDeath: z.string().optional(),
});

const RequestSchema = z.strictObject({
  reason: z.enum(REASONS).nullable(),
  neededBy: isoDate.nullable(),
  /**
   * added: the family said the traveler is needed "as soon as possible" / "no exact date" (then
   * neededBy stays null: no date is invented for it). Absent from summaries stored before it
   * existed: read as false.
   */
  neededAsap: z.boolean().default(false),
  stayDays: z.number().nonnegative().nullable(),
  details: DetailsSchema,
  narrative: z.string().nullable(),
});

const IncidentSchema = z.strictObject({
  // A past date may be a day, a month or a year (YYYY-MM-DD, YYYY-MM, YYYY).
  date: z.string().nullable(),
  place: z.string().nullable(),
  charge: z.string().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  sentence: z.string().nullable(),
});

const HistorySchema = z.strictObject({
  incidents: z.array(IncidentSchema),
  criminal: yesNoUnsure,
  drugs: yesNoUnsure,
  priorRemoval: yesNoUnsure,
  overstay: yesNoUnsure,
  misrepresentation: yesNoUnsure,
  health: yesNoUnsure,
  security: yesNoUnsure,
  refusals: yesNoUnsure,
  waivers: yesNoUnsure,
  notes: z.string().nullable(),
});

export const SummarySchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  intakeId: z.string().min(1),
  reference: z.string().min(1),
  status: z.enum(STATUSES),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  completedAt: isoDateTime.nullable(),
  channel: z.enum(CHANNELS),
  language: z.string().min(1),
  triage: TriageSchema,
  consent: ConsentSchema.nullable(),
  contact: ContactSchema,
  traveler: TravelerSchema,
  request: RequestSchema,
  otherParties: z.array(z.string()),
  history: HistorySchema,
  documentsOnHand: z.array(z.enum(DOCUMENTS)),
  evidenceChecklist: z.array(z.string()),
  transcriptId: z.string(),
  /**
   * added: the paths of values cut to the length the summary keeps (src/summary/caps.ts); each
   * ends with "…", and the whole answer is in the transcript. Absent from summaries stored before
   * it existed: read as [].
   */
  truncated: z.array(z.string()).default([]),
  /**
   * added: what the family said with an answer beyond the answer itself, in their words ("not sure,
   * it's in Buffalo somewhere": the court is not known, and these words), by the summary path of the
   * fact it goes with (an incident's as "history.incidents[0].place"), in the interview's order
   * (src/summary/answer-details.ts). Absent from summaries stored before it existed: read as [].
   */
  answerDetails: z.array(z.strictObject({ path: z.string(), text: z.string() })).default([]),
});

export type Summary = z.infer<typeof SummarySchema>;
export type Details = Summary['request']['details'];
export type DetailKey = keyof Details;
export type Incident = Summary['history']['incidents'][number];
