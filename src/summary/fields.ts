/**
 * The answers, read as the summary's fields. Shared by build.ts (which assembles the summary) and
 * triage.ts (which needs the same values to tell what is still missing), so both agree.
 *
 * Driven by the questions' definitions (dialogs/questions.ts): each field of the contract is
 * filled by the question whose definition names it, read by the question's kind and the field's
 * type (see `direct`). Only the fields in DERIVED_FIELDS are written by hand, each for a reason given
 * there; a field added to the contract and named by a question needs nothing here.
 *
 * Policy: an answer of the wrong JS type cannot be read as the field and reads as null; an enum
 * value is passed through as given, so SummarySchema.parse in build.ts fails loudly on a bad one.
 * "Not sure" and "none" read as null (or [] for lists, absent for a detail), except where the
 * field can hold 'unsure' itself (yes / no / unsure, an incident's outcome).
 */
import type { Answer, IncidentAnswers, IntakeContext, Place } from '../../dialogs/context';
import { isSkipped, isUnsure } from '../../dialogs/context';
import { QUESTION_IDS, fieldsOf, questionDef, type IncidentQuestion, type QuestionId } from '../../dialogs/questions';
import type { DetailKey, Details, Incident, Reason, Summary } from './contract';
import { FIELD_PATHS, INCIDENT_PREFIX, emptyOf, holdsUnsure, isBoolean, lastKey, type FieldPath } from './field-paths';

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

// ---- which question fills which field ----------------------------------------------------------

/** The question whose answer fills each field, from the definitions. */
export const FILLED_BY: ReadonlyMap<FieldPath, QuestionId> = (() => {
  const by = new Map<FieldPath, QuestionId>();
  for (const id of QUESTION_IDS) {
    // The screening details all go into history.notes, each as a line of its own (see DERIVED_FIELDS).
    if (questionDef(id).note) continue;
    for (const path of fieldsOf(id)) {
      if (!FIELD_PATHS.includes(path)) throw new Error(`question ${id} fills ${path}, which the contract does not have`);
      const other = by.get(path);
      if (other) throw new Error(`questions ${other} and ${id} both fill ${path}`);
      by.set(path, id);
    }
  }
  return by;
})();

/** The answer of question `q` as the value of `path`, by the question's kind and the field's type. */
export function direct(q: QuestionId, path: FieldPath, a: Answer | undefined): unknown {
  const def = questionDef(q);
  const empty = emptyOf(path);
  if (!a || isSkipped(a)) return empty;
  if (isUnsure(a)) return holdsUnsure(path) ? 'unsure' : empty;
  switch (def.kind) {
    case 'multi':
    case 'names':
    case 'countries':
      return listOf(a);
    case 'duration':
      return numberOf(a) ?? empty;
    case 'yesno': {
      const v = textOf(a);
      // A yes / no that the contract keeps as true / false (traveler.isMinor).
      if (isBoolean(path)) return v === 'yes' ? true : v === 'no' ? false : empty;
      return v ?? empty;
    }
    case 'choiceOrText': {
      const v = textOf(a);
      return v === null ? empty : (def.values?.[v] ?? v);
    }
    case 'place':
      // A place is three fields: DERIVED_FIELDS reads it.
      return empty;
    default:
      return textOf(a) ?? empty;
  }
}

// ---- the fields written by hand ----------------------------------------------------------------

/** The details that apply to each reason, in the order they are read; the others stay absent. */
export const DETAIL_KEYS: Readonly<Record<Reason, readonly DetailKey[]>> = {
  medical: ['patient', 'condition', 'provider', 'unavailableAtHome', 'payer'],
  ill_relative: ['relation', 'prognosis', 'provider'],
  funeral: ['relation', 'dateOfDeath'],
  court: ['court', 'caseNumber', 'courtRole', 'subpoena', 'hearingDates'],
  reunification: ['relation'],
  other: [],
};

export function reasonOf(ctx: Held): Reason | null {
  return direct('reason', 'request.reason', ctx.answers.reason) as Reason | null;
}

/** The user's account: the story told up front, then the answer to "tell us more". */
export function narrativeOf(ctx: Held): string | null {
  const parts = [ctx.narrative?.trim() || null, textOf(ctx.answers.story)].filter((x): x is string => x !== null);
  return parts.length ? [...new Set(parts)].join('\n\n') : null;
}

/** The detail questions asked after a "yes", with the label of their line in history.notes. */
export const HISTORY_NOTES: ReadonlyArray<[QuestionId, string]> = QUESTION_IDS.flatMap((id) => {
  const note = questionDef(id).note;
  return note ? [[id, note] as [QuestionId, string]] : [];
});

/** The answer behind a field, and its value read directly. */
const read = (ctx: Held, path: FieldPath) => {
  const q = FILLED_BY.get(path);
  return q ? direct(q, path, ctx.answers[q]) : emptyOf(path);
};

/**
 * Fields that are more than their question's answer, each for its reason. Everything else is
 * read directly.
 */
export const DERIVED_FIELDS: Partial<Record<FieldPath, (ctx: Held) => unknown>> = {
  // Asked only of someone writing for another; an answer left from before the role was corrected does not count.
  'contact.relationshipToTraveler': (ctx) => (read(ctx, 'contact.role') === 'traveler' ? null : read(ctx, 'contact.relationshipToTraveler')),
  // A traveler writing for themselves is asked their name once, as the traveler.
  'contact.name': (ctx) => read(ctx, 'contact.name') ?? (read(ctx, 'contact.role') === 'traveler' ? read(ctx, 'traveler.name') : null),
  // One answer, a city, a province and a country; someone inside the U.S. is in the U.S. even if they did not name the place.
  'traveler.country': (ctx) => placeOf(ctx.answers.whereNow)?.country ?? (read(ctx, 'traveler.locationNow') === 'in_us' ? 'US' : null),
  'traveler.city': (ctx) => placeOf(ctx.answers.whereNow)?.city ?? null,
  // "As soon as possible" is a "not sure" of the date that says why: no date, but needed now.
  'request.neededAsap': (ctx) => {
    const a = ctx.answers.neededBy;
    return !!a && isUnsure(a) && a.asap === true;
  },
  'traveler.region': (ctx) => placeOf(ctx.answers.whereNow)?.region ?? null,
  // The story told up front and the answer to "tell us more", both in the user's words.
  'request.narrative': narrativeOf,
  // One line per screening detail given, labelled; a line break inside the user's text becomes a space.
  'history.notes': (ctx) => {
    const notes = HISTORY_NOTES.flatMap(([q, label]) => {
      const t = textOf(ctx.answers[q]);
      return t === null ? [] : [`${label}: ${t.replace(/\s*\n\s*/g, ' ')}`];
    });
    return notes.length ? notes.join('\n') : null;
  },
};

/** A detail's value; hearing dates are the date the traveler must be there (no question of their own). */
function detailValue(ctx: Held, key: DetailKey): unknown {
  if (key !== 'hearingDates') return read(ctx, `request.details.${key}`);
  const day = textOf(ctx.answers.neededBy);
  return day === null ? undefined : [day];
}

/** Only the details of the reason given (which the chart asks), in its order. */
export function mapDetails(ctx: Held): Details {
  const reason = reasonOf(ctx);
  const details: Record<string, unknown> = {};
  for (const key of reason ? (DETAIL_KEYS[reason] ?? []) : []) {
    const v = detailValue(ctx, key);
    if (v !== undefined && v !== null) details[key] = v;
  }
  return details as Details;
}

/** Incidents with at least one answer (a loop left empty is skipped), with the answers they come from. */
export function answeredIncidents(ctx: Held): Array<{ source: IncidentAnswers; incident: Incident }> {
  const fields = FIELD_PATHS.filter((p) => p.startsWith(INCIDENT_PREFIX));
  return ctx.incidents
    .filter((i) => Object.values(i).some((a) => a !== undefined))
    .map((source) => ({
      source,
      incident: Object.fromEntries(
        fields.map((path) => {
          const q = FILLED_BY.get(path) as IncidentQuestion | undefined;
          return [lastKey(path), q ? direct(q, path, source[q]) : null];
        }),
      ) as Incident,
    }));
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

/** The fact sections, field by field in the contract's order. */
export function mapAnswers(ctx: Held): Mapped {
  const out: Record<string, unknown> = {};
  const put = (path: string, value: unknown) => {
    const keys = path.split('.');
    let at = out;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    at[keys[keys.length - 1]] = value;
  };
  for (const path of FIELD_PATHS) {
    if (path.startsWith('request.details.') || path.startsWith(INCIDENT_PREFIX)) continue;
    if (path === 'history.incidents')
      put(
        path,
        answeredIncidents(ctx).map((x) => x.incident),
      );
    else put(path, path in DERIVED_FIELDS ? DERIVED_FIELDS[path]!(ctx) : read(ctx, path));
    // The details sit between the stay and the narrative, as in the contract.
    if (path === 'request.stayDays') put('request.details', mapDetails(ctx));
  }
  return out as unknown as Mapped;
}
