/**
 * The answers, read as the summary's fields. Shared by build.ts (which assembles the summary) and
 * triage.ts (which needs the same values to tell what is still missing), so both agree.
 *
 * Policy: an answer of the wrong JS type cannot be read as the field and reads as null; an enum
 * value is passed through as given, so SummarySchema.parse in build.ts fails loudly on a bad one.
 * "Not sure" and "none" read as null (or [] for lists), except yes/no fields, which keep 'unsure'.
 */
import type { Answer, IncidentAnswers, IntakeContext, Place } from '../../dialogs/context';
import { isUnsure } from '../../dialogs/context';
import { PORTS, type QuestionId } from '../../dialogs/questions';
import type { DetailKey, Details, Incident, Reason, Summary, YesNoUnsure } from './contract';

export type Held = Pick<IntakeContext, 'answers' | 'incidents' | 'narrative'>;

// ---- readers of one answer ---------------------------------------------------------------------

export function textOf(a: Answer | undefined): string | null {
  if (!a || !('value' in a) || typeof a.value !== 'string') return null;
  const t = a.value.trim();
  return t === '' ? null : t;
}

export function listOf(a: Answer | undefined): string[] {
  if (!a || !('value' in a) || !Array.isArray(a.value)) return [];
  return a.value.filter((x) => typeof x === 'string' && x.trim() !== '');
}

export function numberOf(a: Answer | undefined): number | null {
  return a && 'value' in a && typeof a.value === 'number' && Number.isFinite(a.value) ? a.value : null;
}

export function placeOf(a: Answer | undefined): Place | null {
  if (!a || !('value' in a)) return null;
  const v = a.value;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : null;
}

export function yesNoOf(a: Answer | undefined): YesNoUnsure | null {
  if (isUnsure(a)) return 'unsure';
  return textOf(a) as YesNoUnsure | null;
}

/** A choice value, typed as the enum it should be (checked by the schema). */
function choiceOf<T extends string>(a: Answer | undefined): T | null {
  return textOf(a) as T | null;
}

const text = (ctx: Held, q: QuestionId) => textOf(ctx.answers[q]);
const yesNo = (ctx: Held, q: QuestionId) => yesNoOf(ctx.answers[q]);

// ---- sections ----------------------------------------------------------------------------------

export function mapContact(ctx: Held): Summary['contact'] {
  const role = choiceOf<NonNullable<Summary['contact']['role']>>(ctx.answers.role);
  // A traveler writing for themselves is asked their name once, as the traveler.
  const name = text(ctx, 'contactName') ?? (role === 'traveler' ? text(ctx, 'travelerName') : null);
  return {
    role,
    relationshipToTraveler: role === 'traveler' ? null : text(ctx, 'relationship'),
    name,
    phone: text(ctx, 'contactPhone'),
    email: text(ctx, 'contactEmail'),
    bestTime: text(ctx, 'bestTime'),
  };
}

export function mapTraveler(ctx: Held): Summary['traveler'] {
  const locationNow = choiceOf<NonNullable<Summary['traveler']['locationNow']>>(ctx.answers.location);
  const place = placeOf(ctx.answers.whereNow);
  const port = text(ctx, 'port');
  const minor = yesNo(ctx, 'isMinor');
  return {
    name: text(ctx, 'travelerName'),
    citizenships: listOf(ctx.answers.citizenship),
    locationNow,
    // Someone inside the U.S. is in the U.S. even if they did not name the place.
    country: place?.country ?? (locationNow === 'in_us' ? 'US' : null),
    city: place?.city ?? null,
    intendedPort: port === null ? null : ((PORTS as Record<string, string>)[port] ?? port),
    isMinor: minor === 'yes' ? true : minor === 'no' ? false : null,
  };
}

/** The details that apply to each reason; the others stay absent. */
export const DETAIL_KEYS: Readonly<Record<Reason, readonly DetailKey[]>> = {
  medical: ['patient', 'condition', 'provider', 'unavailableAtHome', 'payer'],
  ill_relative: ['relation', 'prognosis', 'provider'],
  funeral: ['relation', 'dateOfDeath'],
  court: ['court', 'caseNumber', 'courtRole', 'subpoena', 'hearingDates'],
  reunification: ['relation'],
  other: [],
};

/** The question that answers each detail (hearingDates follows from neededBy). */
export const DETAIL_QUESTIONS: Readonly<Record<DetailKey, QuestionId>> = {
  patient: 'patient',
  condition: 'condition',
  provider: 'provider',
  unavailableAtHome: 'unavailableAtHome',
  payer: 'payer',
  relation: 'relation',
  prognosis: 'prognosis',
  court: 'court',
  caseNumber: 'caseNumber',
  courtRole: 'courtRole',
  hearingDates: 'neededBy',
  subpoena: 'subpoena',
  dateOfDeath: 'deathDate',
};

export function reasonOf(ctx: Held): Reason | null {
  return choiceOf<Reason>(ctx.answers.reason);
}

function detailValue(ctx: Held, key: DetailKey): Details[DetailKey] | null {
  const a = ctx.answers[DETAIL_QUESTIONS[key]];
  switch (key) {
    case 'unavailableAtHome':
    case 'subpoena':
      return yesNoOf(a);
    case 'hearingDates': {
      const d = textOf(a);
      return d === null ? null : [d];
    }
    default:
      return textOf(a);
  }
}

export function mapDetails(ctx: Held): Details {
  const reason = reasonOf(ctx);
  const details: Record<string, unknown> = {};
  for (const key of reason ? (DETAIL_KEYS[reason] ?? []) : []) {
    const v = detailValue(ctx, key);
    if (v !== null) details[key] = v;
  }
  return details as Details;
}

/** The user's account: the story told up front, then the answer to "tell us more". */
export function narrativeOf(ctx: Held): string | null {
  const parts = [ctx.narrative?.trim() || null, text(ctx, 'story')].filter((x): x is string => x !== null);
  return parts.length ? [...new Set(parts)].join('\n\n') : null;
}

export function mapRequest(ctx: Held): Summary['request'] {
  return {
    reason: reasonOf(ctx),
    neededBy: text(ctx, 'neededBy'),
    stayDays: numberOf(ctx.answers.stayLength),
    details: mapDetails(ctx),
    narrative: narrativeOf(ctx),
  };
}

/** Incidents with at least one answer (a loop left empty is skipped), with the answers they come from. */
export function answeredIncidents(ctx: Held): Array<{ source: IncidentAnswers; incident: Incident }> {
  return ctx.incidents
    .filter((i) => Object.values(i).some((a) => a !== undefined))
    .map((source) => ({
      source,
      incident: {
        date: textOf(source.incidentDate),
        place: textOf(source.incidentPlace),
        charge: textOf(source.incidentCharge),
        outcome: isUnsure(source.incidentOutcome) ? 'unsure' : choiceOf<NonNullable<Incident['outcome']>>(source.incidentOutcome),
        sentence: textOf(source.incidentSentence),
      },
    }));
}

/** The detail questions asked after a "yes", with the label they get in history.notes. */
export const HISTORY_NOTES: ReadonlyArray<[QuestionId, string]> = [
  ['drugsDetails', 'Drugs'],
  ['removalDetails', 'Prior removal'],
  ['overstayDetails', 'Overstay'],
  ['misrepresentationDetails', 'Misrepresentation'],
  ['refusalDetails', 'Refusals'],
  ['waiverDetails', 'Waivers'],
];

export function mapHistory(ctx: Held): Summary['history'] {
  // One line per note, so a line break inside the user's text becomes a space.
  const notes = HISTORY_NOTES.flatMap(([q, label]) => {
    const t = text(ctx, q);
    return t === null ? [] : [`${label}: ${t.replace(/\s*\n\s*/g, ' ')}`];
  });
  return {
    incidents: answeredIncidents(ctx).map((x) => x.incident),
    criminal: yesNo(ctx, 'criminal'),
    drugs: yesNo(ctx, 'drugs'),
    priorRemoval: yesNo(ctx, 'priorRemoval'),
    overstay: yesNo(ctx, 'overstay'),
    misrepresentation: yesNo(ctx, 'misrepresentation'),
    health: yesNo(ctx, 'health'),
    security: yesNo(ctx, 'security'),
    refusals: yesNo(ctx, 'refusals'),
    waivers: yesNo(ctx, 'waivers'),
    notes: notes.length ? notes.join('\n') : null,
  };
}

export function mapOtherParties(ctx: Held): string[] {
  return listOf(ctx.answers.otherParties);
}

export function mapDocuments(ctx: Held): Summary['documentsOnHand'] {
  return listOf(ctx.answers.documents) as Summary['documentsOnHand'];
}

/** The sections of the summary that come straight from the answers. */
export interface Mapped {
  contact: Summary['contact'];
  traveler: Summary['traveler'];
  request: Summary['request'];
  otherParties: string[];
  history: Summary['history'];
  documentsOnHand: Summary['documentsOnHand'];
}

export function mapAnswers(ctx: Held): Mapped {
  return {
    contact: mapContact(ctx),
    traveler: mapTraveler(ctx),
    request: mapRequest(ctx),
    otherParties: mapOtherParties(ctx),
    history: mapHistory(ctx),
    documentsOnHand: mapDocuments(ctx),
  };
}
